package org.imclab.pruning.pruning;

/**
 * The fine-tuning budget after each pruning step; every criterion gets the same.
 *
 * @param epochs        passes over {@code samplesPerEpoch} training samples
 * @param samplesPerEpoch training samples drawn (without replacement, from the seed) per epoch; 0 = all
 * @param batchSize     samples per step
 * @param learningRate  SGD rate at the start, decayed by a cosine to 0 over all steps
 * @param momentum      SGD momentum
 * @param weightDecay   L2 on every trainable parameter
 * @param l1Lambda      weight of Σ|p| over every trainable parameter (released code default 1e-4); 0 disables
 * @param orthLambda    weight of the released code's 3×3 kernel-orthogonality penalty (default 0.01); 0 disables
 */
public record FineTuneSettings(int epochs, int samplesPerEpoch, int batchSize, double learningRate, double momentum,
        double weightDecay, double l1Lambda, double orthLambda) {

    public static final double PAPER_L1 = 1e-4;
    public static final double PAPER_ORTH = 0.01;

    public FineTuneSettings {
        if (epochs < 0 || samplesPerEpoch < 0 || batchSize < 2 || !(learningRate >= 0) || momentum < 0
                || momentum >= 1 || weightDecay < 0 || l1Lambda < 0 || orthLambda < 0) {
            throw new IllegalArgumentException("invalid fine-tuning settings");
        }
    }
}
