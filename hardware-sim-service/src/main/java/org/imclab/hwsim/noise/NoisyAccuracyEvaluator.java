package org.imclab.hwsim.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.BatchInput;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.hwsim.cost.CrossbarParams;

/**
 * Monte-Carlo test accuracy of a trained model on simulated RRAM chips, by real DJL inference.
 *
 * <p>Per request: build the model (conv/linear outputs wrapped in ADC quantizers when adcBits &gt; 0),
 * load its weights, calibrate each ADC's range on the noise-free model, and measure the float
 * accuracy. Then for every σ and every chip: copy the chip's read-back values into the crossbar-resident
 * parameters ({@link NoiseInjector}, {@link CellProgramming}), evaluate the test set, and restore.
 * Chip c uses the same seed at every σ (common random numbers), so the σ axis compares like with like.
 * Inference only: no gradient collector is opened.
 */
public final class NoisyAccuracyEvaluator {

    /** Progress and cancellation hooks of the running job. */
    public interface Listener {

        /** Called before each chip; throws to cancel. */
        void checkCancelled();

        /** Called after each chip. */
        void chipDone(int done, int total, double sigma, int chip, double accuracy);
    }

    /** A listener that does nothing. */
    public static final Listener SILENT = new Listener() {
        @Override
        public void checkCancelled() {
        }

        @Override
        public void chipDone(int done, int total, double sigma, int chip, double accuracy) {
        }
    };

    public NoisyAccuracyResult evaluate(EvaluableModel model, CrossbarParams params, NoiseOptions options,
            Listener listener) {
        ModelSpec spec = model.spec();
        TestSet test = model.checkedTestSet();
        int samples = options.maxSamples() == null ? test.data().size() : Math.min(options.maxSamples(), test.data().size());
        if (samples < 1) {
            throw new IllegalArgumentException("the test set of model '" + model.id() + "' is empty");
        }
        int adcBits = options.adcBits() == null ? params.adcBits() : options.adcBits();
        VariationModel variation = options.variationOrDefault();
        int chips = options.chipsOrDefault();
        long seed = options.seedOrDefault();
        List<Double> sigmas = options.sigmas();
        // Validates the cell parameters (and the fault rates) before any inference runs.
        new CellProgramming(params.weightBits(), params.bitsPerCell(), variation, 0, options.stuckAtOnOrDefault(),
                options.stuckAtOffOrDefault());

        NoisyModelBuilder builder = new NoisyModelBuilder(model.basisFactory(), adcBits);
        try (NDManager manager = NDManager.newBaseManager()) {
            SpecBlock block = builder.build(spec);
            model.loadInto(block, manager);
            List<AdcOutputBlock> adcs = builder.adcs();
            int batch = options.batchSizeOrDefault();

            double floatAccuracy = accuracy(block, manager, test, samples, batch);
            adcs.forEach(AdcOutputBlock::startCalibration);
            accuracy(block, manager, test, Math.min(samples, options.calibrationOrDefault()), batch);
            adcs.forEach(AdcOutputBlock::stopCalibration);

            NoiseInjector injector = NoiseInjector.of(block);
            List<SigmaAccuracy> points = new ArrayList<>();
            int total = sigmas.size() * chips;
            int done = 0;
            try {
                for (double sigma : sigmas) {
                    CellProgramming cells = new CellProgramming(params.weightBits(), params.bitsPerCell(), variation,
                            sigma, options.stuckAtOnOrDefault(), options.stuckAtOffOrDefault());
                    double[] acc = new double[chips];
                    for (int c = 0; c < chips; c++) {
                        listener.checkCancelled();
                        injector.perturb(cells, NoiseInjector.mix(seed, c));
                        acc[c] = accuracy(block, manager, test, samples, batch);
                        listener.chipDone(++done, total, sigma, c, acc[c]);
                    }
                    points.add(SigmaAccuracy.of(sigma, acc));
                }
            } finally {
                injector.restore();
            }
            List<String> perturbed = injector.targets().stream().map(NoiseInjector.Target::name).toList();
            return new NoisyAccuracyResult(model.id(), test.description(), samples,
                    injector.hasBasis() ? "basisN" : "weight-stationary", perturbed, variation, params.weightBits(),
                    params.bitsPerCell(), new CellProgramming(params.weightBits(), params.bitsPerCell(), variation, 0,
                            0, 0).slices(),
                    adcBits, options.stuckAtOnOrDefault(), options.stuckAtOffOrDefault(), chips, seed, floatAccuracy,
                    points);
        }
    }

    /** Fraction of the first {@code n} test samples the block classifies correctly. */
    static double accuracy(Block block, NDManager manager, TestSet test, int n, int batchSize) {
        int features = test.data().imageBytes();
        int[] shape = test.data().shape();
        int[] labels = test.data().labels();
        float[] buf = new float[Math.min(batchSize, n) * features];
        BatchInput input = new BatchInput(buf.length / features, features);
        long correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int b = Math.min(batchSize, n - from);
            for (int k = 0; k < b; k++) {
                test.features(from + k, buf, k * features);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = input.features(scope, buf, b * features, Evaluation.batchShape(b, shape));
                NDArray logits = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                long[] predicted = logits.argMax(1).toLongArray();
                for (int k = 0; k < b; k++) {
                    if (predicted[k] == labels[from + k]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / n;
    }
}
