package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelZoo;
import org.junit.jupiter.api.Test;

/** {@link BatchInput}: batches made from one reused direct buffer, and a training loop that allocates none per batch. */
class BatchInputTest {

    @Test
    void aBatchHoldsItsValuesAndTheNextFillReusesTheSameMemory() {
        BatchInput input = new BatchInput(4, 3);
        float[] first = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        try (NDManager m = NDManager.newBaseManager()) {
            // A trailing batch of 2 samples: only the first 6 values, shaped (2, 3).
            NDArray a = input.features(m, first, 6, new Shape(2, 3));
            assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            NDArray labels = input.labels(m, new long[] {7, 0, 2});
            assertThat(labels.getDataType()).isEqualTo(DataType.INT64);
            assertThat(labels.toLongArray()).containsExactly(7, 0, 2);

            // The contract the loops keep: an array is valid until the next fill, which writes the same memory.
            NDArray b = input.features(m, new float[] {-1, -2, -3, -4, -5, -6}, 6, new Shape(2, 3));
            assertThat(b.toFloatArray()).containsExactly(-1, -2, -3, -4, -5, -6);
            assertThat(a.toFloatArray()).as("a aliases the reused buffer").containsExactly(-1, -2, -3, -4, -5, -6);
        }
    }

    @Test
    void trainingAndValidationCopyNoBatchIntoFreshDirectMemory() throws Exception {
        // 200 samples of 256 features in batches of 10: 20 training and 1 validation batch per epoch, 3 epochs.
        // One batch is 10 x 256 floats = 10,240 bytes. Before BatchInput, DJL's create(float[]) copied each of
        // the 63 batches into a fresh direct buffer that only the garbage collector freed: 63 x 10,240 =
        // 645,120 bytes. Now the fit allocates one buffer and each of the 3 evaluations one more:
        // 4 x (10,240 + 80 label bytes) = 41,280 bytes. What remains per batch are DJL's scalar arrays
        // (optimizer constants, a few bytes each). The bound, 10 batches' worth, separates the two.
        int features = 256;
        int batchBytes = 10 * features * Float.BYTES;
        RowSamples train = randomRows(200, features, 5);
        RowSamples val = randomRows(10, features, 6);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(3).withBatchSize(10).withSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(mlp(features), config).fit(m, train, val, null); // DJL's one-off allocations
            long before = directBytes();
            TrainingOutcome outcome = new TrainingLoop(mlp(features), config).fit(m, train, val, null);
            assertThat(outcome.epochsDone()).isEqualTo(3);
            assertThat(directBytes() - before).isLessThan(10L * batchBytes);
        }
    }

    private static Block mlp(int features) {
        return new DjlModelBuilder().build(ModelZoo.mlp(new int[] {features}, new int[] {8}, 3));
    }

    private static RowSamples randomRows(int n, int features, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][features];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int f = 0; f < features; f++) {
                rows[i][f] = (float) r.nextGaussian() + labels[i];
            }
        }
        return new RowSamples(rows, labels, new int[] {features}, 3);
    }

    /** Bytes of direct buffers allocated and not yet reclaimed (a collection in between only lowers it). */
    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getTotalCapacity).sum();
    }
}
