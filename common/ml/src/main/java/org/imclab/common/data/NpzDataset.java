package org.imclab.common.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an {@link ImageDataset} as a numpy {@code .npz}: a zip with {@code images.npy} (uint8
 * N×C×H×W), {@code labels.npy} (int64 N) and {@code classes.npy} (the class names as UTF-8 JSON bytes), so
 * {@code numpy.load} and DJL's {@code NDList.decode} can both read the artifact back ({@link Npy} does the
 * array format).
 */
public final class NpzDataset {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NpzDataset() {
    }

    /** Writes the data set as .npz; does not close the stream. */
    public static void write(ImageDataset data, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        Npy.writeEntry(zip, "images.npy", null, Npy.header("|u1", data.size(), data.channels(), data.height(),
                data.width()), data.images());
        Npy.writeEntry(zip, "labels.npy", null, Npy.header("<i8", data.size()), int64(data.labels()));

        // DJL's .npz decoder knows no numpy string dtypes, so the class names travel as the UTF-8 bytes of
        // a JSON array in a uint8 array: json.loads(bytes(npz["classes"])) in Python.
        byte[] names = JSON.writeValueAsBytes(data.classNames());
        Npy.writeEntry(zip, "classes.npy", null, Npy.header("|u1", names.length), names);
        zip.finish();
        zip.flush();
    }

    public static byte[] toBytes(ImageDataset data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(data, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Reads a .npz written by {@link #write} or by {@code numpy.savez(images=..., labels=...)}. */
    public static ImageDataset read(InputStream in) {
        Map<String, Npy.Array> arrays = Npy.readNpz(in, Set.of("images.npy", "labels.npy", "classes.npy"));
        Npy.Array images = arrays.get("images.npy");
        Npy.Array labels = arrays.get("labels.npy");
        if (images == null || labels == null) {
            throw new DataFormatException("file", "a data set .npz needs images.npy and labels.npy");
        }
        return assemble(images, labels, arrays.get("classes.npy"));
    }

    /** Labels as the int64 little-endian bytes of labels.npy. */
    public static byte[] int64(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** An image data set from its arrays; without {@code classes} the classes are 0..max label. */
    static ImageDataset assemble(Npy.Array images, Npy.Array labels, Npy.Array classes) {
        if (!images.descr().matches("[|<>=]?u1")) {
            throw new DataFormatException("images.npy", "dtype " + images.descr() + " is not uint8");
        }
        long[] s = images.shape();
        if (s.length != 3 && s.length != 4) {
            throw new DataFormatException("images.npy", "shape " + Arrays.toString(s) + " is not N×C×H×W or N×H×W");
        }
        int n = (int) s[0];
        int c = s.length == 4 ? (int) s[1] : 1;
        int h = (int) s[s.length - 2];
        int w = (int) s[s.length - 1];
        if (labels.shape().length != 1 || labels.shape()[0] != n) {
            throw new DataFormatException("labels.npy", "shape " + Arrays.toString(labels.shape()) + " does not give one label per image ("
                    + n + ")");
        }
        int[] lab = labels.ints();
        List<String> names;
        if (classes != null) {
            names = strings(classes);
        } else {
            names = defaultClasses(lab);
        }
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] < 0 || lab[i] >= names.size()) {
                throw new DataFormatException("labels.npy", "label " + lab[i] + " at " + i + " is not a class index 0.."
                        + (names.size() - 1));
            }
        }
        return new ImageDataset(images.data(), lab, c, h, w, names);
    }

    /** Classes "0".."max label" for a file that names none. */
    static List<String> defaultClasses(int[] labels) {
        int max = IntStream.of(labels).max().orElse(-1);
        if (max >= ClassLabels.MAX_CLASSES) {
            throw new DataFormatException("labels.npy", "label " + max + " exceeds the limit of "
                    + ClassLabels.MAX_CLASSES + " classes");
        }
        return IntStream.rangeClosed(0, max).mapToObj(String::valueOf).toList();
    }

    /** The class names: classes.npy holds the UTF-8 bytes of a JSON array. */
    public static List<String> strings(Npy.Array a) {
        if (!a.descr().matches("[|<>=]?u1") || a.shape().length != 1) {
            throw new DataFormatException(a.name(), "expected a 1-D uint8 array of JSON, got " + a.descr());
        }
        try {
            List<String> names = JSON.readValue(a.data(), new TypeReference<List<String>>() { });
            if (names == null || names.stream().anyMatch(java.util.Objects::isNull)) {
                throw new DataFormatException(a.name(), "expected a JSON array of names");
            }
            return names;
        } catch (JacksonException e) {
            throw new DataFormatException(a.name(), "not a JSON array of names: " + e.getOriginalMessage(), e);
        }
    }
}
