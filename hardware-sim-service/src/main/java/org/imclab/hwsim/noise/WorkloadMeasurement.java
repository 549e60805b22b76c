package org.imclab.hwsim.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.hwsim.cost.chip.CellLevels;
import org.imclab.hwsim.cost.chip.ChipParams;
import org.imclab.hwsim.cost.chip.Workload;

/**
 * Measures what a chip's read energy depends on from a trained model, as NeuroSim does from its
 * trace files: each weight layer's input-bit activity from the model's real activations on the
 * first test images ({@link InputBitProbe}: two passes, one for each layer's full scale, one to
 * count bits), and the cell levels of each layer's real weights and of a BasisN basis
 * ({@link CellLevels}). Inference only, float weights, no noise.
 */
public final class WorkloadMeasurement {

    /** Test images run by default: enough for a stable density (NeuroSim's traces use one image). */
    public static final int DEFAULT_IMAGES = 8;

    /**
     * @param images test images to run (at most the test set's size)
     * @throws IllegalArgumentException if the samples do not fit the model or the weights cannot be loaded
     */
    public Workload measure(EvaluableModel model, ChipParams chip, int images) {
        TestSet test = model.checkedTestSet();
        int n = Math.min(images, test.data().size());
        if (n < 1) {
            throw new IllegalArgumentException("the test set of model '" + model.id() + "' is empty");
        }
        List<InputBitProbe> probes = new ArrayList<>();
        DjlModelBuilder builder = new DjlModelBuilder(model.basisFactory()) {
            @Override
            protected Block layerBlock(LayerSpec l, LayerInfo info, SpecBlock owner) {
                Block block = super.layerBlock(l, info, owner);
                if (block == null || !l.isWeightLayer()) {
                    return block;
                }
                InputBitProbe probe = new InputBitProbe(l.name(), block, chip.inputBits());
                probes.add(probe);
                return probe;
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            SpecBlock block = builder.build(model.spec());
            model.loadInto(block, manager);
            probes.forEach(p -> p.mode(InputBitProbe.Mode.SCALE));
            run(block, manager, test, n);
            probes.forEach(p -> p.mode(InputBitProbe.Mode.COUNT));
            run(block, manager, test, n);
            probes.forEach(p -> p.mode(InputBitProbe.Mode.OFF));

            Map<String, Double> activity = new LinkedHashMap<>();
            Map<String, CellLevels> cells = new LinkedHashMap<>();
            for (InputBitProbe p : probes) {
                activity.put(p.layerName(), p.activity());
                float[] w = weights(p.inner());
                if (w != null) {
                    cells.put(p.layerName(), CellLevels.of(w, chip));
                }
            }
            Parameter basis = block.getDirectParameters().get(NoiseInjector.BASIS);
            CellLevels basisCells = basis != null && basis.isInitialized()
                    ? CellLevels.of(basis.getArray().toFloatArray(), chip) : null;
            String from = model.id() + ", " + n + " test image" + (n == 1 ? "" : "s") + " of " + test.description();
            return new Workload(Workload.DEFAULT_ACTIVITY, activity, null,
                    "measured: input-bit activity of every weight layer from " + from + " (inputs quantised to "
                            + chip.inputBits() + " bits over each layer's max |x|); cell levels from the real weights",
                    cells, basisCells, from);
        }
    }

    /** The crossbar weights of a standard conv or linear block; null for other blocks (BasisN layers). */
    private static float[] weights(Block b) {
        if (b instanceof Convolution || b instanceof Linear) {
            Parameter w = b.getDirectParameters().get("weight");
            if (w != null && w.isInitialized()) {
                NDArray a = w.getArray();
                return a.toFloatArray();
            }
        }
        return null;
    }

    private static void run(Block block, NDManager manager, TestSet test, int n) {
        int features = test.data().imageBytes();
        int batch = Math.min(n, 16);
        for (int from = 0; from < n; from += batch) {
            int b = Math.min(batch, n - from);
            float[] buf = new float[b * features];
            for (int k = 0; k < b; k++) {
                test.features(from + k, buf, k * features);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(buf, Evaluation.batchShape(b, test.data().shape()));
                block.forward(new ParameterStore(scope, false), new NDList(x), false);
            }
        }
    }
}
