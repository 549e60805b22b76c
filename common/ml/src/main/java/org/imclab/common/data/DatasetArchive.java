package org.imclab.common.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of a data set version: a numpy {@code .npz} with
 * <ul>
 * <li>{@code images.npy} uint8 N×C×H×W (image sets) or {@code features.npy} float32 N×F (tabular sets);</li>
 * <li>{@code labels.npy} int64 N;</li>
 * <li>{@code classes.npy} the class names as UTF-8 JSON bytes (uint8), as common's NpzDataset writes them,
 * and for tabular sets {@code feature_names.npy} likewise;</li>
 * <li>{@code split.npy} uint8 N: 0 train, 1 validation, 2 test, so {@code x[split == 0]} is the training
 * split in numpy.</li>
 * </ul>
 * Image archives are readable by common's {@code NpzDataset.read} as well (it skips the extra arrays).
 *
 * <p>This is the one reader of data set archives for every service: training-service reads its own archives
 * with {@link #read}; hardware-sim, pruning and active learning read whatever the registry stores with
 * {@link #readAny}, which also accepts archives without {@code split.npy} (common's {@link NpzDataset} files,
 * {@code numpy.savez} output) and then cuts them by {@link SplitPolicy}.
 */
public final class DatasetArchive {

    public static final byte TRAIN = SplitPolicy.TRAIN;
    public static final byte VAL = SplitPolicy.VAL;
    public static final byte TEST = SplitPolicy.TEST;
    private static final Set<String> ARRAYS = Set.of("images.npy", "features.npy", "feature_names.npy", "labels.npy",
            "classes.npy", "split.npy");

    private static final long FIXED_TIME = 315_576_000_000L; // 1980-01-02, the DOS epoch plus a day
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * An archive's content: exactly one of images / table is set.
     *
     * @param split         the part of every sample (0 train, 1 validation, 2 test)
     * @param splitRecorded whether {@code split} is the one the archive records (as imported), rather than
     *                      {@link SplitPolicy#defaultCut} applied on reading
     */
    public record Content(ImageDataset images, TabularDataset table, byte[] split, boolean splitRecorded) {

        public Content(ImageDataset images, TabularDataset table, byte[] split) {
            this(images, table, split, true);
        }

        public int size() {
            return split.length;
        }

        public int[] labels() {
            return images != null ? images.labels() : table.labels();
        }

        /** Indices of one split part, ascending. */
        public int[] indices(byte part) {
            return SplitPolicy.indices(split, part);
        }
    }

    private DatasetArchive() {
    }

    public static void write(Content content, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        int[] labels;
        List<String> classes;
        if (content.images() != null) {
            ImageDataset d = content.images();
            Npy.writeEntry(zip, "images.npy", FIXED_TIME, Npy.header("|u1", d.size(), d.channels(), d.height(), d.width()), d.images());
            labels = d.labels();
            classes = d.classNames();
        } else {
            TabularDataset t = content.table();
            ByteBuffer f = ByteBuffer.allocate(4 * t.features().length).order(ByteOrder.LITTLE_ENDIAN);
            f.asFloatBuffer().put(t.features());
            Npy.writeEntry(zip, "features.npy", FIXED_TIME, Npy.header("<f4", t.size(), t.numFeatures()), f.array());
            byte[] names = JSON.writeValueAsBytes(t.featureNames());
            Npy.writeEntry(zip, "feature_names.npy", FIXED_TIME, Npy.header("|u1", names.length), names);
            labels = t.labels();
            classes = t.classNames();
        }
        Npy.writeEntry(zip, "labels.npy", FIXED_TIME, Npy.header("<i8", labels.length), NpzDataset.int64(labels));
        byte[] names = JSON.writeValueAsBytes(classes);
        Npy.writeEntry(zip, "classes.npy", FIXED_TIME, Npy.header("|u1", names.length), names);
        Npy.writeEntry(zip, "split.npy", FIXED_TIME, Npy.header("|u1", content.split().length), content.split());
        zip.finish();
        zip.flush();
    }

    public static byte[] toBytes(Content content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(content, out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads any image or tabular data set .npz: {@code images.npy} or {@code features.npy}, {@code labels.npy},
     * optional {@code classes.npy} (else classes 0..max label) and {@code feature_names.npy} (else feature_0...),
     * and {@code split.npy} when it gives each sample a part 0, 1 or 2; otherwise {@link SplitPolicy#defaultCut}.
     *
     * @throws DataFormatException naming the array that is missing or malformed
     */
    public static Content readAny(InputStream in) {
        Map<String, Npy.Array> arrays = Npy.readNpz(in, ARRAYS);
        Npy.Array labels = arrays.get("labels.npy");
        if (labels == null) {
            throw new DataFormatException("labels.npy", "a data set .npz needs labels.npy");
        }
        ImageDataset images = null;
        TabularDataset table = null;
        if (arrays.containsKey("images.npy")) {
            images = NpzDataset.assemble(arrays.get("images.npy"), labels, arrays.get("classes.npy"));
        } else if (arrays.containsKey("features.npy")) {
            table = table(arrays.get("features.npy"), labels, arrays.get("feature_names.npy"),
                    arrays.get("classes.npy"));
        } else {
            throw new DataFormatException("file", "a data set .npz needs images.npy or features.npy");
        }
        int[] lab = images != null ? images.labels() : table.labels();
        Npy.Array split = arrays.get("split.npy");
        byte[] recorded = split == null ? null : split.data();
        if (SplitPolicy.isValid(recorded, lab.length)) {
            return new Content(images, table, recorded, true);
        }
        return new Content(images, table, SplitPolicy.defaultCut(lab), false);
    }

    private static TabularDataset table(Npy.Array features, Npy.Array labels, Npy.Array featureNames,
            Npy.Array classes) {
        long[] s = features.shape();
        if (s.length != 2 || labels.shape().length != 1 || labels.shape()[0] != s[0]) {
            throw new DataFormatException("features.npy", "shape " + java.util.Arrays.toString(s)
                    + " is not N×F with one label per row");
        }
        int[] lab = labels.ints();
        List<String> names = featureNames != null ? NpzDataset.strings(featureNames)
                : java.util.stream.IntStream.range(0, (int) s[1]).mapToObj(j -> "feature_" + j).toList();
        List<String> classNames = classes != null ? NpzDataset.strings(classes) : NpzDataset.defaultClasses(lab);
        return new TabularDataset(features.floats(), lab, names, classNames);
    }

    /** Reads an archive written by {@link #write}. */
    public static Content read(InputStream in) throws IOException {
        Map<String, Npy.Array> arrays;
        try {
            arrays = Npy.readNpz(in, ARRAYS);
        } catch (DataFormatException e) {
            throw new IOException("unreadable data set archive: " + e.getMessage(), e);
        }
        int[] lab = require(arrays, "labels.npy").ints();
        byte[] split = require(arrays, "split.npy").data();
        List<String> classes = NpzDataset.strings(require(arrays, "classes.npy"));
        if (arrays.containsKey("images.npy")) {
            Npy.Array img = arrays.get("images.npy");
            long[] s = img.shape();
            ImageDataset d = new ImageDataset(img.data(), lab, (int) s[1], (int) s[2], (int) s[3], classes);
            return new Content(d, null, split);
        }
        float[] features = require(arrays, "features.npy").floats();
        List<String> featureNames = NpzDataset.strings(require(arrays, "feature_names.npy"));
        return new Content(null, new TabularDataset(features, lab, featureNames, classes), split);
    }

    private static Npy.Array require(Map<String, Npy.Array> arrays, String name) throws IOException {
        Npy.Array a = arrays.get(name);
        if (a == null) {
            throw new IOException("data set archive lacks " + name);
        }
        return a;
    }
}
