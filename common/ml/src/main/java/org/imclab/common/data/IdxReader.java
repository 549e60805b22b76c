package org.imclab.common.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads MNIST-style IDX files (LeCun's format): big-endian magic {@code 00 00 08 nd} (unsigned bytes,
 * nd dimensions), nd big-endian int sizes, then the data. Images are {@code 0x00000803} (N×rows×cols),
 * labels {@code 0x00000801} (N). Either file may be gzipped; gzip is detected by its magic bytes.
 */
public final class IdxReader {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Images and labels with class names "0".."max label", every class present; default limits. */
    public static ImageDataset read(InputStream images, InputStream labels) {
        return read(images, labels, (Integer) null, DataLimits.defaults().budget());
    }

    /**
     * One split of a directory laid out as the MNIST distributions are: {@code <split>-images-idx3-ubyte} and
     * {@code <split>-labels-idx1-ubyte} (split {@code train} or {@code t10k}); default limits.
     */
    public static ImageDataset readSplit(Path dir, String split) throws IOException {
        Path imageFile = dir.resolve(split + "-images-idx3-ubyte");
        Path labelFile = dir.resolve(split + "-labels-idx1-ubyte");
        try (InputStream images = new BufferedInputStream(Files.newInputStream(imageFile));
                InputStream labels = new BufferedInputStream(Files.newInputStream(labelFile))) {
            return read(images, labels);
        }
    }

    /** Images and labels; {@code classNames} null means "0".."max label"; default limits. */
    public static ImageDataset read(InputStream images, InputStream labels, List<String> classNames) {
        DecompressionBudget budget = DataLimits.defaults().budget();
        if (classNames == null) {
            return read(images, labels, (Integer) null, budget);
        }
        Images img = readImages(images, budget);
        int[] lab = readLabels(labels, budget);
        requireOneLabelPerImage(img, lab);
        ClassLabels.requireInRange(lab, classNames.size(), "labels");
        return new ImageDataset(img.pixels(), lab, 1, img.rows(), img.cols(), classNames);
    }

    /**
     * Images and labels with class names "0".."n-1". With {@code numClasses} every label must lie in
     * [0, numClasses); without it n is max label + 1 and a class without samples is refused (see
     * {@link ClassLabels}). Both files draw on {@code budget}.
     */
    public static ImageDataset read(InputStream images, InputStream labels, Integer numClasses,
            DecompressionBudget budget) {
        Images img = readImages(images, budget);
        int[] lab = readLabels(labels, budget);
        requireOneLabelPerImage(img, lab);
        List<String> names = ClassLabels.indexNames(lab, numClasses, "labels");
        return new ImageDataset(img.pixels(), lab, 1, img.rows(), img.cols(), names);
    }

    private static void requireOneLabelPerImage(Images img, int[] lab) {
        if (lab.length != img.count()) {
            throw new DataFormatException("labels", "the label file has " + lab.length + " labels but the image file has "
                    + img.count() + " images");
        }
    }

    /** Pixels of an IDX image file, N×rows×cols unsigned bytes. */
    public record Images(byte[] pixels, int count, int rows, int cols) {
    }

    public static Images readImages(InputStream raw) {
        return readImages(raw, DataLimits.defaults().budget());
    }

    public static Images readImages(InputStream raw, DecompressionBudget budget) {
        DataInputStream in = new DataInputStream(budget.open(raw, "images"));
        int[] dims = header(in, "images", IMAGES_MAGIC);
        String what = dims[0] + " images of " + dims[1] + "x" + dims[2];
        long size;
        try {
            size = Math.multiplyExact(Math.multiplyExact((long) dims[0], dims[1]), dims[2]);
        } catch (ArithmeticException e) {
            size = -1;
        }
        // The header's claim is checked before any buffer is sized from it; the bytes are still counted as read.
        budget.requireDeclared("images", size, what);
        byte[] pixels = Streams.readExactly(in, size, "images", what);
        requireEnd(in, "images");
        return new Images(pixels, dims[0], dims[1], dims[2]);
    }

    public static int[] readLabels(InputStream raw) {
        return readLabels(raw, DataLimits.defaults().budget());
    }

    public static int[] readLabels(InputStream raw, DecompressionBudget budget) {
        DataInputStream in = new DataInputStream(budget.open(raw, "labels"));
        int[] dims = header(in, "labels", LABELS_MAGIC);
        budget.requireDeclared("labels", dims[0], dims[0] + " labels");
        byte[] bytes = Streams.readExactly(in, dims[0], "labels", dims[0] + " labels");
        requireEnd(in, "labels");
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private static int[] header(DataInputStream in, String field, int expectedMagic) {
        try {
            int magic = in.readInt();
            if (magic != expectedMagic) {
                throw new DataFormatException(field, String.format("not an IDX %s file: magic 0x%08x, expected 0x%08x",
                        field, magic, expectedMagic));
            }
            int[] dims = new int[magic & 0xff];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                    throw new DataFormatException(field, "dimension " + i + " is " + dims[i]);
                }
            }
            return dims;
        } catch (IOException e) {
            throw new DataFormatException(field, "truncated IDX header", e);
        }
    }

    private static void requireEnd(InputStream in, String field) {
        if (!Streams.atEnd(in, field)) {
            throw new DataFormatException(field, "the file is longer than its IDX header says");
        }
    }
}
