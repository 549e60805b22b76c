package org.imclab.pruning.activelearning;

import java.util.Arrays;
import java.util.TreeSet;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * RBF-kernel C-SVM trained by libsvm (one-vs-one for several classes). Decision values are recomputed
 * here from the model's support vectors, f_ij(x) = Σ α_s y_s exp(−γ‖x − s‖²) − ρ_ij, because the
 * boundary distance needs their analytic gradient ∇f_ij(x) = −2γ Σ α_s y_s K(s, x)(x − s); a test checks
 * both against libsvm's own svm_predict_values and a finite difference.
 *
 * <p><b>Probabilities.</b> With {@code probability = true}, libsvm's Platt-scaled pairwise coupling
 * ({@code -b 1}), which fits on an internal 5-fold cross-validation and so needs a handful of samples per
 * class. Otherwise (default) a softmax over each class's summed oriented decision values
 * s_c = Σ_{j≠c} f_cj(x): cheap, defined for any labelled set, and monotone in the margins the
 * uncertainty strategies compare.
 *
 * <p><b>Boundary distance.</b> |f(x)| / ‖∇f(x)‖, the first-order distance to f = 0 (one DeepFool step).
 * With several classes the prediction m is a one-vs-one vote, so the distance is the minimum over the
 * pairwise functions f_mj that m currently wins (f_mj > 0): crossing one of them takes a vote from m, the
 * cheapest move towards another prediction. Pairs m already loses bound no move away from m and are
 * skipped. For two classes this is exactly |f|/‖∇f‖. Adversarial examples (DFAL) iterate that step with
 * overshoot on the current nearest pair until libsvm's prediction really changes; BIM steps along
 * −sign(∇f_mj) of that pair.
 */
public final class SvmClassifier implements AdversarialClassifier {

    private final int classes;
    private final double c;
    private final double gamma;
    private final boolean probability;

    private svm_model model;
    /** Class present in a one-class labelled set, or -1. */
    private int onlyClass = -1;
    private float[][] sv = new float[0][];
    private int[] start = new int[0];
    private int[][] pairIndex = new int[0][];

    public SvmClassifier(int classes, double c, double gamma, boolean probability) {
        if (c <= 0 || gamma <= 0) {
            throw new IllegalArgumentException("C and gamma must be positive");
        }
        this.classes = classes;
        this.c = c;
        this.gamma = gamma;
        this.probability = probability;
        svm.svm_set_print_string_function(s -> { });
    }

    @Override
    public int numClasses() {
        return classes;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public void fit(float[][] x, int[] y) {
        model = null;
        onlyClass = -1;
        TreeSet<Integer> present = new TreeSet<>();
        for (int v : y) {
            present.add(v);
        }
        if (present.size() == 1) {
            onlyClass = present.first();
            return;
        }
        if (present.isEmpty()) {
            return;
        }
        svm_problem prob = new svm_problem();
        prob.l = x.length;
        prob.y = new double[x.length];
        prob.x = new svm_node[x.length][];
        for (int i = 0; i < x.length; i++) {
            prob.y[i] = y[i];
            prob.x[i] = nodes(x[i]);
        }
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.C_SVC;
        p.kernel_type = svm_parameter.RBF;
        p.gamma = gamma;
        p.C = c;
        p.cache_size = 64;
        p.eps = 1e-3;
        p.shrinking = 1;
        p.probability = probability ? 1 : 0;
        p.nr_weight = 0;
        p.weight_label = new int[0];
        p.weight = new double[0];
        String error = svm.svm_check_parameter(prob, p);
        if (error != null) {
            throw new IllegalArgumentException("libsvm: " + error);
        }
        model = svm.svm_train(prob, p);
        int dim = x[0].length;
        sv = new float[model.l][dim];
        for (int s = 0; s < model.l; s++) {
            for (svm_node node : model.SV[s]) {
                sv[s][node.index - 1] = (float) node.value;
            }
        }
        int nr = model.nr_class;
        start = new int[nr];
        for (int i = 1; i < nr; i++) {
            start[i] = start[i - 1] + model.nSV[i - 1];
        }
        pairIndex = new int[nr][nr];
        int p2 = 0;
        for (int i = 0; i < nr; i++) {
            for (int j = i + 1; j < nr; j++) {
                pairIndex[i][j] = p2;
                pairIndex[j][i] = p2;
                p2++;
            }
        }
    }

    /** libsvm's sparse row: 1-based indices, zeros left out. */
    static svm_node[] nodes(float[] row) {
        int nz = 0;
        for (float v : row) {
            if (v != 0) {
                nz++;
            }
        }
        svm_node[] out = new svm_node[nz];
        int k = 0;
        for (int j = 0; j < row.length; j++) {
            if (row[j] != 0) {
                svm_node n = new svm_node();
                n.index = j + 1;
                n.value = row[j];
                out[k++] = n;
            }
        }
        return out;
    }

    /** The libsvm model of the last fit (null before, or when the labelled set had a single class). */
    public svm_model model() {
        return model;
    }

    private double[] kernel(float[] x) {
        double[] kv = new double[sv.length];
        for (int s = 0; s < sv.length; s++) {
            kv[s] = Math.exp(-gamma * Vectors.squaredDistance(x, sv[s]));
        }
        return kv;
    }

    /** Pairwise decision values in libsvm's order (i < j, row-major), as svm_predict_values gives them. */
    public double[] decisionValues(float[] x) {
        return decisionValues(kernel(x));
    }

    private double[] decisionValues(double[] kv) {
        int nr = model.nr_class;
        double[] dec = new double[nr * (nr - 1) / 2];
        for (int i = 0; i < nr; i++) {
            for (int j = i + 1; j < nr; j++) {
                double sum = 0;
                double[] coef1 = model.sv_coef[j - 1];
                double[] coef2 = model.sv_coef[i];
                for (int k = 0; k < model.nSV[i]; k++) {
                    sum += coef1[start[i] + k] * kv[start[i] + k];
                }
                for (int k = 0; k < model.nSV[j]; k++) {
                    sum += coef2[start[j] + k] * kv[start[j] + k];
                }
                dec[pairIndex[i][j]] = sum - model.rho[pairIndex[i][j]];
            }
        }
        return dec;
    }

    /** Gradient of the pairwise decision value f_ij (i < j, model indices) at x. */
    private double[] gradient(float[] x, double[] kv, int i, int j) {
        double[] g = new double[x.length];
        double[] coef1 = model.sv_coef[j - 1];
        double[] coef2 = model.sv_coef[i];
        addGradient(g, x, kv, coef1, start[i], model.nSV[i]);
        addGradient(g, x, kv, coef2, start[j], model.nSV[j]);
        return g;
    }

    private void addGradient(double[] g, float[] x, double[] kv, double[] coef, int from, int count) {
        for (int k = 0; k < count; k++) {
            int s = from + k;
            double w = -2 * gamma * coef[s] * kv[s];
            float[] v = sv[s];
            for (int d = 0; d < x.length; d++) {
                g[d] += w * (x[d] - v[d]);
            }
        }
    }

    /** Model index that wins the one-vs-one vote (libsvm's rule: most votes, lowest index on ties). */
    private int vote(double[] dec) {
        int nr = model.nr_class;
        int[] votes = new int[nr];
        for (int i = 0; i < nr; i++) {
            for (int j = i + 1; j < nr; j++) {
                if (dec[pairIndex[i][j]] > 0) {
                    votes[i]++;
                } else {
                    votes[j]++;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < nr; i++) {
            if (votes[i] > votes[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public int[] predict(float[][] x) {
        int[] out = new int[x.length];
        for (int r = 0; r < x.length; r++) {
            out[r] = predictOne(x[r]);
        }
        return out;
    }

    private int predictOne(float[] x) {
        if (model == null) {
            return Math.max(onlyClass, 0);
        }
        return model.label[vote(decisionValues(x))];
    }

    @Override
    public double[][] predictProba(float[][] x) {
        double[][] out = new double[x.length][classes];
        for (int r = 0; r < x.length; r++) {
            if (model == null) {
                if (onlyClass >= 0) {
                    out[r][onlyClass] = 1;
                } else {
                    Arrays.fill(out[r], 1.0 / classes);
                }
                continue;
            }
            int nr = model.nr_class;
            if (probability) {
                double[] p = new double[nr];
                svm.svm_predict_probability(model, nodes(x[r]), p);
                for (int m = 0; m < nr; m++) {
                    out[r][model.label[m]] = p[m];
                }
                continue;
            }
            double[] dec = decisionValues(x[r]);
            double[] score = new double[nr];
            for (int i = 0; i < nr; i++) {
                for (int j = i + 1; j < nr; j++) {
                    double f = dec[pairIndex[i][j]];
                    score[i] += f;
                    score[j] -= f;
                }
            }
            double max = Arrays.stream(score).max().orElse(0);
            double z = 0;
            for (int m = 0; m < nr; m++) {
                score[m] = Math.exp(score[m] - max);
                z += score[m];
            }
            for (int m = 0; m < nr; m++) {
                out[r][model.label[m]] = score[m] / z;
            }
        }
        return out;
    }

    /** The nearest pairwise boundary m wins: {distance, j, f_mj}; distance +∞ when there is none. */
    private double[] nearestPair(float[] x, double[] kv, double[] dec, int m, double[][] gradientOut) {
        double best = Double.POSITIVE_INFINITY;
        int bestJ = -1;
        double bestF = 0;
        for (int j = 0; j < model.nr_class; j++) {
            if (j == m) {
                continue;
            }
            double f = m < j ? dec[pairIndex[m][j]] : -dec[pairIndex[j][m]];
            if (f < 0) {
                continue;
            }
            double[] g = m < j ? gradient(x, kv, m, j) : negate(gradient(x, kv, j, m));
            double norm = Vectors.norm(g);
            double d = f == 0 ? 0 : norm == 0 ? Double.POSITIVE_INFINITY : f / norm;
            if (d < best || bestJ < 0) {
                best = d;
                bestJ = j;
                bestF = f;
                gradientOut[0] = g;
            }
        }
        return new double[] {best, bestJ, bestF};
    }

    private static double[] negate(double[] g) {
        for (int i = 0; i < g.length; i++) {
            g[i] = -g[i];
        }
        return g;
    }

    /** |f(x)| / ‖∇f(x)‖ for the nearest pairwise boundary the predicted class wins (see class comment). */
    public double boundaryDistance(float[] x) {
        if (model == null) {
            return Double.POSITIVE_INFINITY;
        }
        double[] kv = kernel(x);
        double[] dec = decisionValues(kv);
        return nearestPair(x, kv, dec, vote(dec), new double[1][])[0];
    }

    @Override
    public Perturbations deepFool(float[][] x, AdversarialSettings s) {
        double[] distance = new double[x.length];
        float[][] adversarial = new float[x.length][];
        boolean[] flipped = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            if (model == null) {
                distance[i] = Double.POSITIVE_INFINITY;
                continue;
            }
            double[] kv = kernel(x[i]);
            double[] dec = decisionValues(kv);
            int m = vote(dec);
            double[][] g = new double[1][];
            distance[i] = nearestPair(x[i], kv, dec, m, g)[0];
            float[] xa = x[i].clone();
            for (int it = 0; it < s.maxIter(); it++) {
                double[] kva = kernel(xa);
                double[] deca = decisionValues(kva);
                if (vote(deca) != m) {
                    adversarial[i] = xa;
                    flipped[i] = true;
                    break;
                }
                double[] near = nearestPair(xa, kva, deca, m, g);
                if (near[1] < 0 || g[0] == null) {
                    break;
                }
                double norm2 = 0;
                for (double v : g[0]) {
                    norm2 += v * v;
                }
                if (norm2 == 0) {
                    break;
                }
                // Linearised step to f = 0, overshot; the small floor crosses when f is already ~0.
                double scale = (1 + s.overshoot()) * Math.max(near[2], 1e-6) / norm2;
                for (int d = 0; d < xa.length; d++) {
                    xa[d] -= (float) (scale * g[0][d]);
                }
            }
            if (!flipped[i] && vote(decisionValues(xa)) != m) {
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
            if (model == null) {
                continue;
            }
            double[] dec0 = decisionValues(x[i]);
            int m = vote(dec0);
            float[] xa = x[i].clone();
            double[][] g = new double[1][];
            for (int t = 1; t <= s.maxSteps(); t++) {
                double[] kv = kernel(xa);
                double[] near = nearestPair(xa, kv, decisionValues(kv), m, g);
                if (near[1] < 0 || g[0] == null) {
                    break;
                }
                for (int d = 0; d < xa.length; d++) {
                    xa[d] -= (float) (s.stepSize() * Math.signum(g[0][d]));
                }
                Vectors.clip(xa, x[i], s.eps());
                if (vote(decisionValues(xa)) != m) {
                    steps[i] = t;
                    break;
                }
            }
        }
        return steps;
    }
}
