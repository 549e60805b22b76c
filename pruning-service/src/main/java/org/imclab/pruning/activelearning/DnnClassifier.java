package org.imclab.pruning.activelearning;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.DjlGradients;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.RowSamples;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingLoop;

/**
 * A small DJL network (common.nn's MLP or LeNet-5) retrained from scratch with Adam on every fit, as is
 * usual in active learning: warm-starting would tie the model to the order labels arrived in. The fit
 * seed derives from the base seed and the labelled-set size, so refitting the same labels (for example
 * after a service restart) gives the same network.
 *
 * <p>DeepFool is the multi-class version (Moosavi-Dezfooli et al., CVPR 2016, Alg. 2) on the logits,
 * batched, with the input gradients from DJL autograd: each iteration moves every still-unflipped
 * sample by (|f'_l| + 1e-4)/‖w'_l‖² · w'_l towards its nearest linearised class boundary l; the returned
 * distance is ‖(1 + overshoot)·r_total‖ once the prediction has changed (+∞ if it did not within
 * maxIter). BIM (Kurakin et al. 2016) ascends the cross-entropy of the predicted class with steps of
 * α·sign(∇x), projected onto the L∞ eps-ball and [0, 1].
 */
public final class DnnClassifier implements AdversarialClassifier {

    /** Rows per forward pass at inference and in the attacks. */
    private static final int CHUNK = 512;

    /** Training constants; see the study request's documentation. */
    public record Settings(String model, int[] hidden, int epochs, int minSteps, int batchSize, double learningRate,
            long seed) {
        public Settings {
            if (!"mlp".equals(model) && !"lenet5".equals(model)) {
                throw new IllegalArgumentException("model must be mlp or lenet5");
            }
            if (epochs < 1 || minSteps < 0 || batchSize < 1 || learningRate <= 0) {
                throw new IllegalArgumentException("epochs and batchSize must be >= 1, learningRate > 0");
            }
            hidden = hidden == null ? new int[] {256, 128} : hidden.clone();
        }
    }

    private final int classes;
    private final int[] inputShape;
    private final Settings settings;
    private final ModelSpec spec;
    private final Engine engine = Engine.getEngine("PyTorch");
    private Model model;

    /**
     * @param features   F, the row length
     * @param imageShape [C, H, W] for LeNet-5 (required then), or null
     */
    public DnnClassifier(int classes, int features, int[] imageShape, Settings settings) {
        this.classes = classes;
        this.settings = settings;
        if ("lenet5".equals(settings.model())) {
            if (imageShape == null) {
                throw new IllegalArgumentException("lenet5 needs image data");
            }
            this.inputShape = imageShape.clone();
            this.spec = ModelZoo.lenet5(inputShape, classes);
        } else {
            this.inputShape = new int[] {features};
            this.spec = ModelZoo.mlp(inputShape, settings.hidden(), classes);
        }
        for (LayerSpec l : spec.layers()) {
            if (LayerSpec.ADD.equals(l.type()) || LayerSpec.CONCAT.equals(l.type())) {
                throw new IllegalArgumentException("embeddings need a sequential model");
            }
        }
    }

    @Override
    public int numClasses() {
        return classes;
    }

    public ModelSpec spec() {
        return spec;
    }

    private NDArray input(NDManager m, float[][] rows, int from, int to) {
        int f = rows[from].length;
        float[] flat = new float[(to - from) * f];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[i], 0, flat, (i - from) * f, f);
        }
        return m.create(flat, Evaluation.batchShape(to - from, inputShape));
    }

    /**
     * Trains a fresh network on the labelled rows through the platform's training engine: Adam at a fixed rate,
     * {@code epochs} passes, or more when {@code minSteps} asks for more optimizer steps than that.
     */
    @Override
    public void fit(float[][] x, int[] y) {
        close();
        long seed = settings.seed() * 1_000_003L + x.length;
        model = Model.newInstance("al-" + spec.name(), "PyTorch");
        model.setBlock(new DjlModelBuilder().build(spec));
        TrainingLoop.initialize(model.getBlock(), model.getNDManager(), inputShape, seed);
        if (x.length < 2) {
            return;
        }
        int bs = Math.min(Math.min(settings.batchSize(), x.length), TrainingConfig.MAX_BATCH);
        int perEpoch = (x.length + bs - 1) / bs;
        int epochs = Math.min(TrainingConfig.MAX_EPOCHS,
                Math.max(settings.epochs(), (settings.minSteps() + perEpoch - 1) / perEpoch));
        TrainingConfig config = TrainingConfig.defaults().withOptimizer(TrainingConfig.OptimizerKind.ADAM,
                settings.learningRate()).withEpochs(epochs).withBatchSize(bs).withSeed(seed);
        try {
            new TrainingLoop(model.getBlock(), config).fit(model.getNDManager(),
                    new RowSamples(x, y, inputShape, classes), null, null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("training the active-learning network failed", e);
        }
    }

    private Block block() {
        if (model == null) {
            throw new IllegalStateException("fit the classifier first");
        }
        return model.getBlock();
    }

    private NDArray logits(NDManager m, NDArray x) {
        return block().forward(new ParameterStore(m, false), new NDList(x), false).head();
    }

    /** Logits of the rows, row-major [n][classes]. */
    public float[][] logits(float[][] x) {
        float[][] out = new float[x.length][];
        try (NDManager m = model.getNDManager().newSubManager()) {
            for (int from = 0; from < x.length; from += CHUNK) {
                int to = Math.min(x.length, from + CHUNK);
                try (NDManager c = m.newSubManager()) {
                    float[] flat = logits(c, input(c, x, from, to)).toFloatArray();
                    for (int i = from; i < to; i++) {
                        out[i] = Arrays.copyOfRange(flat, (i - from) * classes, (i - from + 1) * classes);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public double[][] predictProba(float[][] x) {
        float[][] z = logits(x);
        double[][] p = new double[x.length][classes];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[i][c] = Math.exp(z[i][c] - max);
                sum += p[i][c];
            }
            for (int c = 0; c < classes; c++) {
                p[i][c] /= sum;
            }
        }
        return p;
    }

    @Override
    public int[] predict(float[][] x) {
        float[][] z = logits(x);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = argmax(z[i]);
        }
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Activations of the penultimate layer (the input of the final linear layer). */
    @Override
    public float[][] embed(float[][] x) {
        float[][] out = new float[x.length][];
        SpecBlock sb = (SpecBlock) block();
        List<LayerSpec> layers = spec.layers();
        try (NDManager m = model.getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int from = 0; from < x.length; from += CHUNK) {
                int to = Math.min(x.length, from + CHUNK);
                try (NDManager c = m.newSubManager()) {
                    NDArray h = input(c, x, from, to);
                    for (int l = 0; l < layers.size() - 1; l++) {
                        h = sb.layer(layers.get(l).name()).forward(ps, new NDList(h), false).head();
                    }
                    int width = (int) (h.size() / (to - from));
                    float[] flat = h.toFloatArray();
                    for (int i = from; i < to; i++) {
                        out[i] = Arrays.copyOfRange(flat, (i - from) * width, (i - from + 1) * width);
                    }
                }
            }
        }
        return out;
    }

    /** Input gradient of the sum over the batch of logit k (rows are independent, so row i is ∇f_k(x_i)). */
    private float[] logitGradient(NDManager m, float[][] rows, int k) {
        NDArray x = input(m, rows, 0, rows.length);
        x.setRequiresGradient(true);
        try (DjlGradients.Scope g = DjlGradients.open(engine)) {
            NDArray z = logits(m, x);
            g.collector().backward(z.get(":, " + k).sum());
        }
        return x.getGradient().toFloatArray();
    }

    @Override
    public Perturbations deepFool(float[][] x, AdversarialSettings s) {
        int n = x.length;
        double[] distance = new double[n];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        float[][] adversarial = new float[n][];
        boolean[] flipped = new boolean[n];
        for (int from = 0; from < n; from += CHUNK) {
            deepFoolChunk(x, from, Math.min(n, from + CHUNK), s, distance, adversarial, flipped);
        }
        return new Perturbations(distance, adversarial, flipped);
    }

    private void deepFoolChunk(float[][] x, int from, int to, AdversarialSettings s, double[] distance,
            float[][] adversarial, boolean[] flipped) {
        int f = x[from].length;
        int b = to - from;
        int[] k0 = predict(Arrays.copyOfRange(x, from, to));
        double[][] rTotal = new double[b][f];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            active.add(i);
        }
        for (int it = 0; it <= s.maxIter() && !active.isEmpty(); it++) {
            float[][] xa = new float[active.size()][f];
            for (int a = 0; a < active.size(); a++) {
                int i = active.get(a);
                for (int d = 0; d < f; d++) {
                    xa[a][d] = (float) (x[from + i][d] + (1 + s.overshoot()) * rTotal[i][d]);
                }
            }
            float[][] z = logits(xa);
            List<Integer> still = new ArrayList<>();
            List<float[]> stillRows = new ArrayList<>();
            List<float[]> stillLogits = new ArrayList<>();
            for (int a = 0; a < active.size(); a++) {
                int i = active.get(a);
                if (argmax(z[a]) != k0[i]) {
                    flipped[from + i] = true;
                    adversarial[from + i] = xa[a];
                    double norm = 0;
                    for (double v : rTotal[i]) {
                        norm += v * v;
                    }
                    distance[from + i] = (1 + s.overshoot()) * Math.sqrt(norm);
                } else {
                    still.add(i);
                    stillRows.add(xa[a]);
                    stillLogits.add(z[a]);
                }
            }
            active = still;
            if (active.isEmpty() || it == s.maxIter()) {
                break;
            }
            float[][] rows = stillRows.toArray(new float[0][]);
            float[][] grads = new float[classes][];
            try (NDManager m = model.getNDManager().newSubManager()) {
                for (int k = 0; k < classes; k++) {
                    try (NDManager c = m.newSubManager()) {
                        grads[k] = logitGradient(c, rows, k);
                    }
                }
            }
            for (int a = 0; a < active.size(); a++) {
                int i = active.get(a);
                int c0 = k0[i];
                float[] zl = stillLogits.get(a);
                double best = Double.POSITIVE_INFINITY;
                double bestF = 0;
                double bestWNorm2 = 0;
                double[] bestW = null;
                for (int k = 0; k < classes; k++) {
                    if (k == c0) {
                        continue;
                    }
                    double[] w = new double[f];
                    double wn = 0;
                    for (int d = 0; d < f; d++) {
                        w[d] = grads[k][a * f + d] - grads[c0][a * f + d];
                        wn += w[d] * w[d];
                    }
                    double fk = zl[k] - zl[c0];
                    double ratio = Math.abs(fk) / Math.sqrt(wn + 1e-12);
                    if (ratio < best) {
                        best = ratio;
                        bestF = Math.abs(fk);
                        bestW = w;
                        bestWNorm2 = wn;
                    }
                }
                if (bestW == null) {
                    continue;
                }
                double scale = (bestF + 1e-4) / (bestWNorm2 + 1e-12);
                for (int d = 0; d < f; d++) {
                    rTotal[i][d] += scale * bestW[d];
                }
            }
        }
    }

    @Override
    public int[] bimStepsToFlip(float[][] x, AdversarialSettings s) {
        int n = x.length;
        int[] steps = new int[n];
        Arrays.fill(steps, s.maxSteps() + 1);
        int[] k0 = predict(x);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            float[][] xa = new float[to - from][];
            for (int i = from; i < to; i++) {
                xa[i - from] = x[i].clone();
            }
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < xa.length; i++) {
                active.add(i);
            }
            for (int t = 1; t <= s.maxSteps() && !active.isEmpty(); t++) {
                float[][] rows = new float[active.size()][];
                float[] onehot = new float[active.size() * classes];
                for (int a = 0; a < active.size(); a++) {
                    rows[a] = xa[active.get(a)];
                    onehot[a * classes + k0[from + active.get(a)]] = 1f;
                }
                float[] grad;
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray in = input(m, rows, 0, rows.length);
                    in.setRequiresGradient(true);
                    NDArray mask = m.create(onehot, new Shape(rows.length, classes));
                    try (DjlGradients.Scope g = DjlGradients.open(engine)) {
                        NDArray logp = logits(m, in).logSoftmax(1);
                        g.collector().backward(logp.mul(mask).sum().neg());
                    }
                    grad = in.getGradient().toFloatArray();
                }
                int f = rows[0].length;
                for (int a = 0; a < active.size(); a++) {
                    int i = active.get(a);
                    for (int d = 0; d < f; d++) {
                        xa[i][d] += (float) (s.stepSize() * Math.signum(grad[a * f + d]));
                    }
                    Vectors.clip(xa[i], x[from + i], s.eps());
                }
                int[] now = predict(rows);
                List<Integer> still = new ArrayList<>();
                for (int a = 0; a < active.size(); a++) {
                    int i = active.get(a);
                    if (now[a] != k0[from + i]) {
                        steps[from + i] = t;
                    } else {
                        still.add(i);
                    }
                }
                active = still;
            }
        }
        return steps;
    }

    /** Dims of one input sample, e.g. [784] or [1, 28, 28]. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
