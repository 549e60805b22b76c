package org.imclab.common.nn.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The direct memory a loop feeds its batches through, allocated once per loop (training, validation, and
 * hardware-sim's noisy-accuracy passes).
 *
 * <p>Why: DJL's {@code NDManager.create(float[])} copies every call into a fresh, zeroed direct buffer, and only
 * the garbage collector frees those. A training service allocates little on the Java heap, so collections are
 * seconds apart; meanwhile each batch's input (64 MNIST images: 200 KB) stays allocated, the C heap grows, and
 * every batch's tensors land on pages the kernel has to fault in. In training-service that was about two page
 * faults per trained sample, against a twentieth of that in the same loop run alone (issue #13,
 * bench/training/README.md).
 * Filling one buffer per loop makes every batch reuse the same memory.
 *
 * <p>PyTorch wraps the buffer without copying ({@code from_blob}), so an array made here is valid only until the
 * next fill: each caller closes the batch's sub-manager before filling again.
 */
public final class BatchInput {

    private final ByteBuffer features;
    private final ByteBuffer labels;

    /** Room for batches of up to {@code maxBatch} samples of {@code featureCount} floats. */
    public BatchInput(int maxBatch, int featureCount) {
        features = ByteBuffer.allocateDirect(maxBatch * featureCount * Float.BYTES).order(ByteOrder.nativeOrder());
        labels = ByteBuffer.allocateDirect(maxBatch * Long.BYTES).order(ByteOrder.nativeOrder());
    }

    /** The first {@code count} values of {@code values} as an array of {@code shape}, in {@code scope}. */
    public NDArray features(NDManager scope, float[] values, int count, Shape shape) {
        features.clear();
        features.asFloatBuffer().put(values, 0, count);
        features.limit(count * Float.BYTES);
        return scope.create(features, shape, DataType.FLOAT32);
    }

    /** {@code values} as a 1-D int64 array, in {@code scope}. */
    public NDArray labels(NDManager scope, long[] values) {
        labels.clear();
        labels.asLongBuffer().put(values);
        labels.limit(values.length * Long.BYTES);
        return scope.create(labels, new Shape(values.length), DataType.INT64);
    }
}
