package org.imclab.training.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.GradMode;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingLoop;

/**
 * A spec's block with its weights, ready for inference (no gradient collector, so several may run at
 * once). Close it to free its native memory.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelSpec spec;
    private final SpecBlock block;
    private final NDManager manager;

    LoadedModel(ModelSpec spec, SpecBlock block, NDManager manager) {
        this.spec = spec;
        this.block = block;
        this.manager = manager;
    }

    public ModelSpec spec() {
        return spec;
    }

    public SpecBlock block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    /** Softmax probabilities for {@code n} samples given as consecutive, already normalised features. */
    public float[][] probabilities(float[] features, int n) {
        GradMode.off();
        int per = features.length / n;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(features, TrainingLoop.inputShape(n, spec.input()));
            NDArray logits = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
            float[] p = logits.softmax(1).toFloatArray();
            int classes = p.length / n;
            float[][] out = new float[n][classes];
            for (int i = 0; i < n; i++) {
                System.arraycopy(p, i * classes, out[i], 0, classes);
            }
            if (per * n != features.length) {
                throw new IllegalArgumentException("features do not split into " + n + " samples");
            }
            return out;
        }
    }

    /** Loss, accuracy, per-class accuracy and confusion matrix on these samples. */
    public Evaluation evaluate(Samples samples, int batchSize) {
        return Evaluation.run(block, manager, samples, batchSize);
    }

    @Override
    public void close() {
        manager.close();
    }
}
