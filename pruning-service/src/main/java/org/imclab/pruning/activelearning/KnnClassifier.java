package org.imclab.pruning.activelearning;

import java.util.Arrays;

/**
 * Exact k-nearest-neighbour classifier (Euclidean, brute force). Probabilities are the vote fractions
 * among the k nearest labelled points; ties between classes go to the lower class index.
 *
 * <p><b>Boundary distance (a sound lower bound).</b> Let c be the prediction at x, N the k nearest
 * points, v_c the votes for c and v_2 the runner-up's votes. Moving x by δ can only lower c's count by
 * swapping a c-point a ∈ N for a non-c point b ∉ N, and b overtakes a exactly when x crosses their
 * perpendicular bisector, which lies at distance h(a,b) = (‖x−b‖² − ‖x−a‖²) / (2‖b−a‖). The prediction
 * cannot change before s = ⌈(v_c − v_2)/2⌉ swaps, each leaving point a distinct, so with
 * g(a) = min_b h(a,b) the distance to the boundary is at least the s-th smallest g(a) over the c-points
 * of N. For k = 1 this is min_q (‖x−q‖² − ‖x−p‖²)/(2‖q−p‖) with p the nearest point: the exact distance
 * to the Voronoi face that the nearest differently-labelled point q shares with p, and a lower bound on
 * the distance to the 1-NN boundary. A current tie (s = 0) gives 0; no reachable b gives +∞.
 *
 * <p>Adversarial examples (DFAL) come from iterating the cheapest swap: step across the bisector of the
 * pair (a, b) with the smallest h, times (1 + overshoot), until the real k-NN prediction changes. BIM
 * steps along sign(b − a) of that pair, which is the sign gradient of the piecewise-linear margin
 * ‖x−b‖² − ‖x−a‖².
 */
public final class KnnClassifier implements AdversarialClassifier {

    /** Above this many labelled points the pairwise distance rows are not cached (memory ~ n² floats). */
    private static final int CACHE_LIMIT = 3000;

    private final int k;
    private final int classes;
    private float[][] train = new float[0][];
    private int[] labels = new int[0];
    private float[][] pairRows = new float[0][];

    public KnnClassifier(int k, int classes) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        this.k = k;
        this.classes = classes;
    }

    public int k() {
        return k;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public void fit(float[][] x, int[] y) {
        this.train = x.clone();
        this.labels = y.clone();
        this.pairRows = new float[train.length][];
    }

    /** Distances to every labelled point and the indices of the k nearest, nearest first (index breaks ties). */
    private Neighbourhood neighbourhood(float[] q) {
        int n = train.length;
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = Vectors.squaredDistance(q, train[i]);
        }
        int kk = Math.min(k, n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Partial selection would be O(n) but n is the labelled set: a sort keeps the tie order obvious.
        Arrays.sort(order, (a, b) -> d2[a] != d2[b] ? Double.compare(d2[a], d2[b]) : Integer.compare(a, b));
        int[] nn = new int[kk];
        int[] votes = new int[classes];
        for (int i = 0; i < kk; i++) {
            nn[i] = order[i];
            votes[labels[order[i]]]++;
        }
        int pred = 0;
        for (int c = 1; c < classes; c++) {
            if (votes[c] > votes[pred]) {
                pred = c;
            }
        }
        return new Neighbourhood(d2, nn, votes, pred);
    }

    private record Neighbourhood(double[] d2, int[] nn, int[] votes, int predicted) {
    }

    @Override
    public double[][] predictProba(float[][] x) {
        double[][] p = new double[x.length][classes];
        if (train.length == 0) {
            for (double[] row : p) {
                Arrays.fill(row, 1.0 / classes);
            }
            return p;
        }
        for (int i = 0; i < x.length; i++) {
            Neighbourhood nb = neighbourhood(x[i]);
            for (int c = 0; c < classes; c++) {
                p[i][c] = (double) nb.votes[c] / nb.nn.length;
            }
        }
        return p;
    }

    @Override
    public int[] predict(float[][] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = train.length == 0 ? 0 : neighbourhood(x[i]).predicted;
        }
        return out;
    }

    /** The sound lower bound on the distance from x to the k-NN decision boundary (see class comment). */
    public double boundaryDistance(float[] x) {
        if (train.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        Neighbourhood nb = neighbourhood(x);
        int c = nb.predicted;
        int runnerUp = 0;
        for (int j = 0; j < classes; j++) {
            if (j != c) {
                runnerUp = Math.max(runnerUp, nb.votes[j]);
            }
        }
        int swaps = (int) Math.ceil((nb.votes[c] - runnerUp) / 2.0);
        if (swaps == 0) {
            return 0;
        }
        boolean[] inSet = new boolean[train.length];
        for (int i : nb.nn) {
            inSet[i] = true;
        }
        double[] g = new double[nb.nn.length];
        int m = 0;
        for (int a : nb.nn) {
            if (labels[a] == c) {
                g[m++] = cheapestSwap(a, c, nb.d2, inSet)[0];
            }
        }
        double[] gs = Arrays.copyOf(g, m);
        Arrays.sort(gs);
        return swaps <= m ? gs[swaps - 1] : Double.POSITIVE_INFINITY;
    }

    /** {h, b}: the smallest bisector distance h(a, b) over non-c points b outside the neighbour set. */
    private double[] cheapestSwap(int a, int c, double[] d2, boolean[] inSet) {
        float[] row = pairRow(a);
        double best = Double.POSITIVE_INFINITY;
        int bestB = -1;
        for (int b = 0; b < train.length; b++) {
            if (inSet[b] || labels[b] == c) {
                continue;
            }
            double ab = row != null ? row[b] : Vectors.distance(train[a], train[b]);
            double h = ab == 0 ? (d2[b] > d2[a] ? Double.POSITIVE_INFINITY : 0) : (d2[b] - d2[a]) / (2 * ab);
            if (h < best) {
                best = h;
                bestB = b;
            }
        }
        return new double[] {best, bestB};
    }

    private float[] pairRow(int a) {
        if (train.length > CACHE_LIMIT) {
            return null;
        }
        float[] row = pairRows[a];
        if (row == null) {
            row = new float[train.length];
            for (int b = 0; b < train.length; b++) {
                row[b] = (float) Vectors.distance(train[a], train[b]);
            }
            pairRows[a] = row;
        }
        return row;
    }

    /** The (a, b) pair with the smallest bisector distance at x, or null if no swap can lower c's votes. */
    private int[] cheapestPair(Neighbourhood nb, int c) {
        boolean[] inSet = new boolean[train.length];
        for (int i : nb.nn) {
            inSet[i] = true;
        }
        double best = Double.POSITIVE_INFINITY;
        int[] pair = null;
        for (int a : nb.nn) {
            if (labels[a] != c) {
                continue;
            }
            double[] s = cheapestSwap(a, c, nb.d2, inSet);
            if (s[1] >= 0 && s[0] < best) {
                best = s[0];
                pair = new int[] {a, (int) s[1]};
            }
        }
        return pair;
    }

    @Override
    public Perturbations deepFool(float[][] x, AdversarialSettings s) {
        double[] distance = new double[x.length];
        float[][] adversarial = new float[x.length][];
        boolean[] flipped = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            distance[i] = boundaryDistance(x[i]);
            if (train.length == 0) {
                continue;
            }
            int c = neighbourhood(x[i]).predicted;
            float[] xa = x[i].clone();
            for (int it = 0; it < s.maxIter(); it++) {
                Neighbourhood nb = neighbourhood(xa);
                if (nb.predicted != c) {
                    adversarial[i] = xa;
                    flipped[i] = true;
                    break;
                }
                int[] pair = cheapestPair(nb, c);
                if (pair == null) {
                    break;
                }
                float[] a = train[pair[0]];
                float[] b = train[pair[1]];
                double ab = Vectors.distance(a, b);
                double h = (nb.d2[pair[1]] - nb.d2[pair[0]]) / (2 * ab);
                // A tiny absolute margin crosses the bisector even when h is 0 (x already on it).
                double step = (1 + s.overshoot()) * h + 1e-6;
                for (int j = 0; j < xa.length; j++) {
                    xa[j] += (float) (step * (b[j] - a[j]) / ab);
                }
            }
            if (!flipped[i] && train.length > 0 && neighbourhood(xa).predicted != c) {
                adversarial[i] = xa;
                flipped[i] = true;
            }
        }
        return new Perturbations(distance, adversarial, flipped);
    }

    @Override
    public int[] bimStepsToFlip(float[][] x, AdversarialSettings s) {
        int[] steps = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            steps[i] = s.maxSteps() + 1;
            if (train.length == 0) {
                continue;
            }
            int c = neighbourhood(x[i]).predicted;
            float[] xa = x[i].clone();
            for (int t = 1; t <= s.maxSteps(); t++) {
                int[] pair = cheapestPair(neighbourhood(xa), c);
                if (pair == null) {
                    break;
                }
                float[] a = train[pair[0]];
                float[] b = train[pair[1]];
                for (int j = 0; j < xa.length; j++) {
                    xa[j] += (float) (s.stepSize() * Math.signum(b[j] - a[j]));
                }
                Vectors.clip(xa, x[i], s.eps());
                if (neighbourhood(xa).predicted != c) {
                    steps[i] = t;
                    break;
                }
            }
        }
        return steps;
    }
}
