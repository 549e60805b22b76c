package org.imclab.training.datasets;

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
import org.imclab.common.data.DataFormatException;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.Npy;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.data.TabularDataset;
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
 */
public final class DatasetArchive {

    public static final byte TRAIN = 0;
    public static final byte VAL = 1;
    public static final byte TEST = 2;

    private static final long FIXED_TIME = 315_576_000_000L; // 1980-01-02, the DOS epoch plus a day
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An archive's content: exactly one of images / table is set. */
    public record Content(ImageDataset images, TabularDataset table, byte[] split) {

        public int size() {
            return split.length;
        }

        /** Indices of one split part, ascending. */
        public int[] indices(byte part) {
            int n = 0;
            for (byte b : split) {
                if (b == part) {
                    n++;
                }
            }
            int[] out = new int[n];
            int k = 0;
            for (int i = 0; i < split.length; i++) {
                if (split[i] == part) {
                    out[k++] = i;
                }
            }
            return out;
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

    /** Reads an archive written by {@link #write}. */
    public static Content read(InputStream in) throws IOException {
        Map<String, Npy.Array> arrays;
        try {
            arrays = Npy.readNpz(in, Set.of("images.npy", "features.npy", "feature_names.npy", "labels.npy",
                    "classes.npy", "split.npy"));
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
