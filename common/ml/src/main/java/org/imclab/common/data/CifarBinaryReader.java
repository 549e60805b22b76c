package org.imclab.common.data;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR "binary version" batches (Krizhevsky 2009): fixed-size records of label byte(s)
 * followed by 3072 pixel bytes (1024 R, 1024 G, 1024 B, each 32×32 row-major), which is already C×H×W.
 * CIFAR-10 records have one label byte; CIFAR-100 records have a coarse then a fine label byte.
 */
public final class CifarBinaryReader {

    public static final int PIXELS = 3 * 32 * 32;

    /** The two record layouts; {@code labelBytes} precede the pixels. */
    public enum Variant {
        CIFAR10(1), CIFAR100(2);

        final int labelBytes;

        Variant(int labelBytes) {
            this.labelBytes = labelBytes;
        }

        public int recordSize() {
            return labelBytes + PIXELS;
        }
    }

    /** batches.meta.txt of CIFAR-10. */
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** coarse_label_names.txt of CIFAR-100. */
    public static final List<String> CIFAR100_COARSE = List.of("aquatic_mammals", "fish", "flowers",
            "food_containers", "fruit_and_vegetables", "household_electrical_devices", "household_furniture", "insects",
            "large_carnivores", "large_man-made_outdoor_things", "large_natural_outdoor_scenes",
            "large_omnivores_and_herbivores", "medium_mammals", "non-insect_invertebrates", "people", "reptiles",
            "small_mammals", "trees", "vehicles_1", "vehicles_2");

    /** fine_label_names.txt of CIFAR-100. */
    public static final List<String> CIFAR100_FINE = List.of("apple", "aquarium_fish", "baby", "bear", "beaver", "bed",
            "bee", "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle",
            "caterpillar", "cattle", "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile",
            "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house",
            "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree",
            "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear",
            "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray",
            "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake",
            "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television",
            "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf",
            "woman", "worm");

    private CifarBinaryReader() {
    }

    /** CIFAR-10 batches with the standard class names. */
    public static ImageDataset readCifar10(List<InputStream> batches) {
        return readCifar10(batches, DataLimits.defaults().budget());
    }

    public static ImageDataset readCifar10(List<InputStream> batches, DecompressionBudget budget) {
        return read(batches, Variant.CIFAR10, false, CIFAR10_CLASSES, budget);
    }

    /** CIFAR-100 batches labelled by fine (100) or coarse (20) labels. */
    public static ImageDataset readCifar100(List<InputStream> batches, boolean coarse) {
        return readCifar100(batches, coarse, DataLimits.defaults().budget());
    }

    public static ImageDataset readCifar100(List<InputStream> batches, boolean coarse, DecompressionBudget budget) {
        return read(batches, Variant.CIFAR100, coarse, coarse ? CIFAR100_COARSE : CIFAR100_FINE, budget);
    }

    /**
     * Reads and concatenates batches (each may be gzipped). For CIFAR-100, {@code coarse} picks the first
     * label byte, otherwise the second (fine) one is used. Batch i is named "batches[i]" in errors.
     */
    public static ImageDataset read(List<InputStream> batches, Variant variant, boolean coarse, List<String> classNames) {
        return read(batches, variant, coarse, classNames, DataLimits.defaults().budget());
    }

    /** As {@link #read(List, Variant, boolean, List)}, with every batch drawing on {@code budget}. */
    public static ImageDataset read(List<InputStream> batches, Variant variant, boolean coarse, List<String> classNames,
            DecompressionBudget budget) {
        if (batches.isEmpty()) {
            throw new DataFormatException("batches", "no batch files given");
        }
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (int b = 0; b < batches.size(); b++) {
            String field = "batches[" + b + "]";
            byte[] all = readAll(budget.open(batches.get(b), field), field);
            if (all.length == 0 || all.length % variant.recordSize() != 0) {
                throw new DataFormatException(field, "length " + all.length + " is not a positive multiple of the "
                        + variant + " record size " + variant.recordSize() + " (truncated or wrong variant)");
            }
            contents.add(all);
            records += all.length / variant.recordSize();
        }
        if (records * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataFormatException("batches", records + " images do not fit in one data set");
        }
        byte[] pixels = new byte[(int) records * PIXELS];
        int[] labels = new int[(int) records];
        int labelOffset = variant == Variant.CIFAR100 && !coarse ? 1 : 0;
        int r = 0;
        for (int b = 0; b < contents.size(); b++) {
            byte[] all = contents.get(b);
            for (int off = 0; off < all.length; off += variant.recordSize(), r++) {
                int label = all[off + labelOffset] & 0xff;
                if (label >= classNames.size()) {
                    throw new DataFormatException("batches[" + b + "]", "record " + off / variant.recordSize()
                            + " has label " + label + " but there are " + classNames.size() + " classes");
                }
                labels[r] = label;
                System.arraycopy(all, off + variant.labelBytes, pixels, r * PIXELS, PIXELS);
            }
        }
        return new ImageDataset(pixels, labels, 3, 32, 32, classNames);
    }

    /** Class names from a meta text file (batches.meta.txt, fine_label_names.txt): one per non-blank line; closes the stream. */
    public static List<String> readClassNames(InputStream meta) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(meta, StandardCharsets.UTF_8))) {
            return r.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new DataFormatException("meta", "cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(InputStream in, String field) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException(field, "cannot read: " + e.getMessage(), e);
        }
    }
}
