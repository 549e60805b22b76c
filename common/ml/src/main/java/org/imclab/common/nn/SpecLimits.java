package org.imclab.common.nn;

/**
 * Upper bounds on what a model spec may ask for, checked by {@link SpecValidator} and {@link SpecAnalysis}
 * before anything is allocated from the spec. Without them a spec with 2^31-1 channels overflows the int
 * arithmetic of shapes and counts, or asks DJL for terabytes. Each bound sits well above published ImageNet
 * models (VGG-16 with its original classifier: 138 M parameters, 15.5 G MACs at 224 px; DenseNet-121: 1,024
 * channels), so real research models pass and absurd ones fail with a 400 that names the field.
 */
public final class SpecLimits {

    /** Layers in one spec; DenseNet-264 has about 1,300 counting batchnorm, ReLU and concat nodes. */
    public static final int MAX_LAYERS = 10_000;

    /**
     * Output channels of a conv, output features of a linear, channels after a concat, input channels and
     * classes: 131,072, above the 100,000 classes a data set may have and 32x the widest zoo layer (4,096).
     */
    public static final int MAX_WIDTH = 1 << 17;

    /** Side of a kernel, a stride and a padding: 256 (ImageNet stems use 7 and 11). */
    public static final int MAX_KERNEL = 256;

    /** Height or width of the input: 16,384 px. */
    public static final int MAX_INPUT_SIDE = 1 << 14;

    /** Elements of one input sample (C·H·W or features): 64 Mi, e.g. 3×4096×4096 or a 64 M-feature vector. */
    public static final long MAX_INPUT_ELEMENTS = 1L << 26;

    /**
     * Elements of any layer's output for one sample: 256 Mi, 1 GiB as float32. VGG-16's largest activation
     * at 224 px is 3.2 M elements.
     */
    public static final long MAX_ACTIVATION_ELEMENTS = 1L << 28;

    /**
     * Learnable parameters of the whole model: 500 M. The weights travel as one float32 byte array
     * (SpecWeights), and 4 bytes × 500 M stays below Java's 2^31-byte array limit.
     */
    public static final long MAX_TOTAL_PARAMS = 500_000_000L;

    /**
     * Multiply-accumulates for one sample: 10^12, 65x VGG-16 at 224 px; a model above it could not train
     * in any reasonable time on one GPU, and simulated crossbar energy sums stay far from overflow.
     */
    public static final long MAX_TOTAL_MACS = 1_000_000_000_000L;

    private SpecLimits() {
    }
}
