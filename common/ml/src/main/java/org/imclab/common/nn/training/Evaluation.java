package org.imclab.common.nn.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * Inference over a whole sample set: mean cross-entropy, accuracy, per-class accuracy and the
 * confusion matrix (rows = true class, columns = predicted). Needs no gradient collector, so it may run
 * beside a training job.
 *
 * @param samples   samples evaluated
 * @param loss      mean cross-entropy
 * @param accuracy  fraction correct
 * @param perClass  accuracy per true class (NaN for a class with no samples)
 * @param confusion counts[true][predicted]
 */
public record Evaluation(int samples, double loss, double accuracy, double[] perClass, long[][] confusion) {

    /** Evaluates {@code block} in inference mode, {@code batchSize} samples at a time. */
    public static Evaluation run(Block block, NDManager manager, Samples data, int batchSize) {
        GradMode.off();
        int n = data.size();
        int classes = data.numClasses();
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        int features = data.featureCount();
        int[] shape = data.sampleShape();
        float[] buf = new float[Math.min(batchSize, Math.max(1, n)) * features];
        SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss();
        BatchInput input = new BatchInput(buf.length / features, features);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int b = to - from;
            long[] labels = new long[b];
            for (int k = 0; k < b; k++) {
                data.features(from + k, buf, k * features);
                labels[k] = data.label(from + k);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = input.features(scope, buf, b * features, batchShape(b, shape));
                NDArray y = input.labels(scope, labels);
                ParameterStore store = new ParameterStore(scope, false);
                NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
                lossSum += ce.evaluate(new NDList(y), new NDList(logits)).getFloat() * b;
                long[] predicted = logits.argMax(1).toLongArray();
                for (int k = 0; k < b; k++) {
                    confusion[(int) labels[k]][(int) predicted[k]]++;
                }
            }
        }
        long correct = 0;
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            long total = 0;
            for (int p = 0; p < classes; p++) {
                total += confusion[c][p];
            }
            correct += confusion[c][c];
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return new Evaluation(n, n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n,
                perClass, confusion);
    }

    /** The NDArray shape of {@code batch} samples of shape {@code sample}: the batch axis first. */
    public static Shape batchShape(int batch, int[] sample) {
        long[] dims = new long[sample.length + 1];
        dims[0] = batch;
        for (int i = 0; i < sample.length; i++) {
            dims[i + 1] = sample[i];
        }
        return new Shape(dims);
    }
}
