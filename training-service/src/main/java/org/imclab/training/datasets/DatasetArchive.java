package org.imclab.training.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.TabularDataset;
import tools.jackson.core.type.TypeReference;
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

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
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
            entry(zip, "images.npy", header("|u1", d.size(), d.channels(), d.height(), d.width()), d.images());
            labels = d.labels();
            classes = d.classNames();
        } else {
            TabularDataset t = content.table();
            ByteBuffer f = ByteBuffer.allocate(4 * t.features().length).order(ByteOrder.LITTLE_ENDIAN);
            f.asFloatBuffer().put(t.features());
            entry(zip, "features.npy", header("<f4", t.size(), t.numFeatures()), f.array());
            byte[] names = JSON.writeValueAsBytes(t.featureNames());
            entry(zip, "feature_names.npy", header("|u1", names.length), names);
            labels = t.labels();
            classes = t.classNames();
        }
        ByteBuffer l = ByteBuffer.allocate(8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : labels) {
            l.putLong(v);
        }
        entry(zip, "labels.npy", header("<i8", labels.length), l.array());
        byte[] names = JSON.writeValueAsBytes(classes);
        entry(zip, "classes.npy", header("|u1", names.length), names);
        entry(zip, "split.npy", header("|u1", content.split().length), content.split());
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
        Map<String, Array> arrays = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                arrays.put(e.getName(), readNpy(zip, e.getName()));
            }
        }
        Array labels = require(arrays, "labels.npy");
        Array split = require(arrays, "split.npy");
        List<String> classes = JSON.readValue(require(arrays, "classes.npy").data(), new TypeReference<List<String>>() {
        });
        int n = (int) labels.shape()[0];
        int[] lab = new int[n];
        ByteBuffer lb = ByteBuffer.wrap(labels.data()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            lab[i] = (int) lb.getLong();
        }
        if (arrays.containsKey("images.npy")) {
            Array img = arrays.get("images.npy");
            long[] s = img.shape();
            ImageDataset d = new ImageDataset(img.data(), lab, (int) s[1], (int) s[2], (int) s[3], classes);
            return new Content(d, null, split.data());
        }
        Array f = require(arrays, "features.npy");
        float[] features = new float[f.data().length / 4];
        ByteBuffer.wrap(f.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
        List<String> featureNames = JSON.readValue(require(arrays, "feature_names.npy").data(),
                new TypeReference<List<String>>() {
                });
        return new Content(null, new TabularDataset(features, lab, featureNames, classes), split.data());
    }

    private record Array(String descr, long[] shape, byte[] data) {
    }

    private static Array require(Map<String, Array> arrays, String name) throws IOException {
        Array a = arrays.get(name);
        if (a == null) {
            throw new IOException("data set archive lacks " + name);
        }
        return a;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] header, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        // A fixed time makes the archive a function of its content: equal versions share one artifact.
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] header(String descr, long... shape) {
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ",
                Arrays.stream(shape).mapToObj(Long::toString).toList());
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length());
        b.put(padded.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static Array readNpy(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[6];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + " is not a .npy array");
        }
        in.readUnsignedByte();
        in.readUnsignedByte();
        int len = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        byte[] text = new byte[len];
        in.readFully(text);
        String dict = new String(text, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !s.find()) {
            throw new IOException(name + " has no descr/shape");
        }
        long[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long x : shape) {
            count *= x;
        }
        int item = switch (d.group(1).replaceAll("^[|<>=]", "")) {
            case "u1" -> 1;
            case "f4" -> 4;
            case "i8" -> 8;
            default -> throw new IOException(name + " has unexpected dtype " + d.group(1));
        };
        byte[] data = in.readNBytes(Math.toIntExact(count * item));
        if (data.length != count * item) {
            throw new IOException(name + " is truncated");
        }
        return new Array(d.group(1), shape, data);
    }
}
