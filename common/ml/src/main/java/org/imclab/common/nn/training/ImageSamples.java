package org.imclab.common.nn.training;

import java.util.Random;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.ImageDataset;

/**
 * uint8 images normalised per channel as {@code (x/255 − mean[c]) / std[c]}, with optional CIFAR-style
 * augmentation (He et al. 2016, §4.2): zero-pad 4 pixels, take a random crop of the original size, flip
 * horizontally with probability ½. Padding is black in pixel space, as torchvision's RandomCrop does.
 */
public final class ImageSamples implements Samples {

    public static final int CROP_PADDING = 4;

    private final ImageDataset data;
    private final float[] scale;
    private final float[] shift;
    private final boolean augment;

    /**
     * @param mean    per-channel mean of x/255 (on the training split)
     * @param std     per-channel standard deviation of x/255
     * @param augment whether {@link #augmentedFeatures} crops and flips
     */
    public ImageSamples(ImageDataset data, float[] mean, float[] std, boolean augment) {
        if (mean.length != data.channels() || std.length != data.channels()) {
            throw new IllegalArgumentException("need one mean and std per channel, got " + mean.length + "/"
                    + std.length + " for " + data.channels() + " channels");
        }
        this.data = data;
        this.augment = augment;
        this.scale = new float[mean.length];
        this.shift = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            float s = std[c] > 1e-6f ? std[c] : 1f;
            scale[c] = 1f / (255f * s);
            shift[c] = -mean[c] / s;
        }
    }

    private ImageSamples(ImageDataset data, ImageSamples like) {
        if (data.channels() != like.data.channels()) {
            throw new IllegalArgumentException("need " + like.data.channels() + " channels, got " + data.channels());
        }
        this.data = data;
        this.augment = like.augment;
        this.scale = like.scale;
        this.shift = like.shift;
    }

    /**
     * The training split normalised with its own per-channel mean and std ({@link ChannelStats}), without
     * augmentation; {@link #withData} normalises the validation and test splits the same way.
     */
    public static ImageSamples standardizedOn(ImageDataset train) {
        ChannelStats stats = ChannelStats.of(train);
        float[] mean = new float[stats.mean().length];
        float[] std = new float[stats.std().length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = (float) stats.mean()[c];
            std[c] = (float) stats.std()[c];
        }
        return new ImageSamples(train, mean, std, false);
    }

    /** Other images (e.g. a subset) with this normalisation and augmentation. */
    public ImageSamples withData(ImageDataset other) {
        return new ImageSamples(other, this);
    }

    public ImageDataset data() {
        return data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int[] sampleShape() {
        return data.shape();
    }

    @Override
    public int numClasses() {
        return data.classNames().size();
    }

    @Override
    public int label(int index) {
        return data.labels()[index];
    }

    @Override
    public void features(int index, float[] dst, int offset) {
        byte[] px = data.images();
        int plane = data.height() * data.width();
        int base = index * data.imageBytes();
        for (int c = 0; c < data.channels(); c++) {
            float a = scale[c];
            float b = shift[c];
            int from = base + c * plane;
            int to = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                dst[to + i] = (px[from + i] & 0xff) * a + b;
            }
        }
    }

    @Override
    public boolean augments() {
        return augment;
    }

    @Override
    public void augmentedFeatures(int index, float[] dst, int offset, Random random) {
        if (!augment) {
            features(index, dst, offset);
            return;
        }
        int h = data.height();
        int w = data.width();
        int dy = random.nextInt(2 * CROP_PADDING + 1) - CROP_PADDING;
        int dx = random.nextInt(2 * CROP_PADDING + 1) - CROP_PADDING;
        boolean flip = random.nextBoolean();
        byte[] px = data.images();
        int plane = h * w;
        int base = index * data.imageBytes();
        for (int c = 0; c < data.channels(); c++) {
            float a = scale[c];
            float b = shift[c];
            int from = base + c * plane;
            int to = offset + c * plane;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    int v = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : px[from + sy * w + sx] & 0xff;
                    dst[to + y * w + x] = v * a + b;
                }
            }
        }
    }
}
