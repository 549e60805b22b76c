package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/** Test accuracy of a block, and small parameter chores shared by importance and fine-tuning. */
public final class ModelEvaluation {

    public static final int BATCH = 256;

    private ModelEvaluation() {
    }

    /** Top-1 accuracy in [0, 1] at inference (batchnorm with running statistics). */
    public static double accuracy(Block block, NormalizedImages data, NDManager manager) {
        long correct = 0;
        int n = data.size();
        for (int from = 0; from < n; from += BATCH) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(n, from + BATCH)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = block.forward(new ParameterStore(scope, false), new NDList(data.batch(scope, idx)),
                        false).singletonOrThrow();
                correct += logits.argMax(1).eq(data.labels(scope, idx)).countNonzero().getLong();
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** Clears accumulated parameter gradients (importance passes must not leak into the next update). */
    static void zeroGradients(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (!w.hasGradient()) {
                continue;
            }
            try (NDArray g = w.getGradient()) {
                g.subi(g);
            }
        }
    }
}
