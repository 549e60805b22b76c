package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class TrainingWarmupTest {

    @Test
    void trainsLeNetStepsAndLeavesTheGradientCollectorFree() throws Exception {
        String description = TrainingWarmup.run(1);
        assertThat(description).contains("LeNet-5").contains(TrainingWarmup.TRAIN_BATCHES + " batches of 64");
        // The warm-up runs before the job worker; the worker's first job must be able to open the JVM's one
        // gradient collector afterwards, and gradients must still work.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(w.mul(3).sum());
            }
            assertThat(w.getGradient().toFloatArray()).containsExactly(3f, 3f);
        } finally {
            GradMode.off();
        }
    }
}
