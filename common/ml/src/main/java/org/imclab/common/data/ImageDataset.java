package org.imclab.common.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Labelled uint8 images stored as one N×C×H×W byte array (the layout of the .npz artifacts and of a
 * DJL/PyTorch batch), with class indices and names.
 *
 * @param images     N·C·H·W bytes, unsigned
 * @param labels     class index per image, in [0, classNames.size())
 * @param channels   C
 * @param height     H
 * @param width      W
 * @param classNames name of each class index
 */
public record ImageDataset(byte[] images, int[] labels, int channels, int height, int width,
        List<String> classNames) {

    public ImageDataset {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive");
        }
        if ((long) labels.length * channels * height * width != images.length) {
            throw new IllegalArgumentException(labels.length + " labels do not match " + images.length
                    + " bytes of " + channels + "x" + height + "x" + width + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not a class index");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** Bytes per image: C·H·W. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** Shape without the batch axis: [C, H, W]. */
    public int[] shape() {
        return new int[] {channels, height, width};
    }

    /** A copy of image i (C·H·W bytes). */
    public byte[] image(int i) {
        int n = imageBytes();
        return Arrays.copyOfRange(images, i * n, (i + 1) * n);
    }

    /** The images at these indices, in this order (for splits and active-learning pools). */
    public ImageDataset subset(int[] indices) {
        int n = imageBytes();
        byte[] out = new byte[indices.length * n];
        int[] lab = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(images, indices[k] * n, out, k * n, n);
            lab[k] = labels[indices[k]];
        }
        return new ImageDataset(out, lab, channels, height, width, classNames);
    }

    /** Images per class index. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageDataset d && channels == d.channels && height == d.height && width == d.width
                && Arrays.equals(images, d.images) && Arrays.equals(labels, d.labels)
                && classNames.equals(d.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(images), Arrays.hashCode(labels), channels, height, width, classNames);
    }

    @Override
    public String toString() {
        return "ImageDataset[n=" + size() + ", shape=" + channels + "x" + height + "x" + width + ", classes="
                + classNames.size() + "]";
    }
}
