package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.DjlGradients;
import org.imclab.common.nn.training.GradMode;

/**
 * One forward/backward pass with a gate of ones multiplying every channel of every carrier layer, one gate
 * value per sample and channel. The gradient of the loss with respect to gate[n, f] is
 * Σ_spatial a_f · ∂L/∂a_f for sample n: the first-order Taylor term of removing channel f (Molchanov et al.
 * 2017, eq. 7, before the absolute value), obtained without hooks into the engine. Batchnorm runs with its
 * running statistics, so every sample's term is its own.
 */
final class ChannelGatePass {

    private static final SoftmaxCrossEntropyLoss CE = new SoftmaxCrossEntropyLoss();

    private ChannelGatePass() {
    }

    /**
     * @param sumLoss true: the loss is the batch sum (each sample's own gradient); false: the batch mean
     * @return per carrier layer, the gate gradients as [batch][channels]
     */
    static Map<String, float[][]> run(SpecBlock block, NDManager manager, NDArray x, NDArray y, List<FilterGroup> groups,
            boolean sumLoss) {
        Map<String, float[][]> out = new HashMap<>();
        gateGradients(block, manager, x, y, groups, sumLoss, false).forEach((layer, g) -> out.put(layer, rows(g)));
        return out;
    }

    /**
     * The same pass with one gate per sample, channel and spatial position: the gradient at [n, f, p] is
     * a_f · ∂L/∂a_f at position p (no spatial sum), as the released class-aware code hooks it.
     *
     * @return per carrier layer, [batch][channels][positions]
     */
    static Map<String, float[][][]> runSpatial(SpecBlock block, NDManager manager, NDArray x, NDArray y,
            List<FilterGroup> groups) {
        Map<String, float[][][]> out = new HashMap<>();
        gateGradients(block, manager, x, y, groups, true, true).forEach((layer, g) -> {
            int b = (int) g.getShape().get(0);
            int c = (int) g.getShape().get(1);
            int positions = (int) (g.getShape().size() / ((long) b * c));
            float[] flat = g.toFloatArray();
            float[][][] v = new float[b][c][positions];
            for (int n = 0; n < b; n++) {
                for (int f = 0; f < c; f++) {
                    System.arraycopy(flat, (n * c + f) * positions, v[n][f], 0, positions);
                }
            }
            out.put(layer, v);
        });
        return out;
    }

    private static float[][] rows(NDArray g) {
        int b = (int) g.getShape().get(0);
        int c = (int) g.getShape().get(1);
        float[] flat = g.toFloatArray();
        float[][] rows = new float[b][c];
        for (int n = 0; n < b; n++) {
            System.arraycopy(flat, n * c, rows[n], 0, c);
        }
        return rows;
    }

    private static Map<String, NDArray> gateGradients(SpecBlock block, NDManager manager, NDArray x, NDArray y,
            List<FilterGroup> groups, boolean sumLoss, boolean spatial) {
        Set<String> carriers = groups.stream().flatMap(g -> g.carriers().stream()).collect(Collectors.toSet());
        Map<String, NDArray> gates = new HashMap<>();
        block.setOutputTap((layer, out) -> {
            if (!carriers.contains(layer)) {
                return out;
            }
            long[] dims = out.getShape().getShape();
            long[] gateDims = new long[dims.length];
            gateDims[0] = dims[0];
            gateDims[1] = dims[1];
            for (int d = 2; d < dims.length; d++) {
                gateDims[d] = spatial ? dims[d] : 1;
            }
            NDArray gate = manager.ones(new Shape(gateDims));
            gate.setRequiresGradient(true);
            gates.put(layer, gate);
            return out.mul(gate);
        });
        try (DjlGradients.Scope scope = DjlGradients.open(manager.getEngine())) {
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            NDArray loss = CE.evaluate(new NDList(y), new NDList(logits));
            if (sumLoss) {
                loss = loss.mul(x.getShape().get(0));
            }
            scope.collector().backward(loss);
        } finally {
            block.setOutputTap(null);
            GradMode.off();
        }
        Map<String, NDArray> out = new HashMap<>();
        gates.forEach((layer, gate) -> out.put(layer, gate.getGradient()));
        ModelEvaluation.zeroGradients(block);
        return out;
    }

    /** Per sample and filter of a group, the gate gradients of its members summed (joint removal). */
    static double[][] groupTerms(FilterGroup group, Map<String, float[][]> grads) {
        float[][] first = grads.get(group.carriers().get(0));
        double[][] sum = new double[first.length][group.channels()];
        for (String carrier : group.carriers()) {
            float[][] g = grads.get(carrier);
            for (int n = 0; n < g.length; n++) {
                for (int f = 0; f < group.channels(); f++) {
                    sum[n][f] += g[n][f];
                }
            }
        }
        return sum;
    }
}
