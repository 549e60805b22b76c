package org.imclab.common.data;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an {@link ImageDataset} as a numpy {@code .npz}: a zip with {@code images.npy} (uint8
 * N×C×H×W), {@code labels.npy} (int64 N) and {@code classes.npy} (the class names as UTF-8 JSON bytes), so
 * {@code numpy.load} and DJL's {@code NDList.decode} can both read the artifact back. The
 * .npy files are written in format 1.0: magic, a Python-literal header dict padded to a multiple of 64
 * bytes, then C-order data.
 */
public final class NpzDataset {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzDataset() {
    }

    /** Writes the data set as .npz; does not close the stream. */
    public static void write(ImageDataset data, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry("images.npy"));
        zip.write(header("|u1", data.size(), data.channels(), data.height(), data.width()));
        zip.write(data.images());
        zip.closeEntry();

        zip.putNextEntry(new ZipEntry("labels.npy"));
        zip.write(header("<i8", data.size()));
        ByteBuffer labels = ByteBuffer.allocate(8 * data.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int l : data.labels()) {
            labels.putLong(l);
        }
        zip.write(labels.array());
        zip.closeEntry();

        // DJL's .npz decoder knows no numpy string dtypes, so the class names travel as the UTF-8 bytes of
        // a JSON array in a uint8 array: json.loads(bytes(npz["classes"])) in Python.
        byte[] names = JSON.writeValueAsBytes(data.classNames());
        zip.putNextEntry(new ZipEntry("classes.npy"));
        zip.write(header("|u1", names.length));
        zip.write(names);
        zip.closeEntry();
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
        Array images = null;
        Array labels = null;
        Array classes = null;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                switch (e.getName()) {
                    case "images.npy" -> images = readNpy(zip, "images.npy");
                    case "labels.npy" -> labels = readNpy(zip, "labels.npy");
                    case "classes.npy" -> classes = readNpy(zip, "classes.npy");
                    default -> {
                        // other arrays are not part of a data set version
                    }
                }
            }
        } catch (IOException ex) {
            throw new DataFormatException("file", "not a readable .npz archive: " + ex.getMessage(), ex);
        }
        if (images == null || labels == null) {
            throw new DataFormatException("file", "a data set .npz needs images.npy and labels.npy");
        }
        return assemble(images, labels, classes);
    }

    private static ImageDataset assemble(Array images, Array labels, Array classes) {
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
        int[] lab = integers(labels);
        List<String> names;
        if (classes != null) {
            names = strings(classes);
        } else {
            int max = IntStream.of(lab).max().orElse(-1);
            names = IntStream.rangeClosed(0, max).mapToObj(String::valueOf).toList();
        }
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] < 0 || lab[i] >= names.size()) {
                throw new DataFormatException("labels.npy", "label " + lab[i] + " at " + i + " is not a class index 0.."
                        + (names.size() - 1));
            }
        }
        return new ImageDataset(images.data(), lab, c, h, w, names);
    }

    /** One decoded .npy: dtype string, C-order shape and raw data. */
    private record Array(String descr, long[] shape, byte[] data) {
    }

    private static byte[] header(String descr, long... shape) {
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ",
                Arrays.stream(shape).mapToObj(Long::toString).toList());
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        // magic(6) + version(2) + length(2) + dict + padding + '\n' is a multiple of 64.
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length());
        b.put(padded.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static Array readNpy(InputStream raw, String field) {
        DataInputStream in = new DataInputStream(raw);
        String dict;
        try {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DataFormatException(field, "not a .npy array (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long len;
            if (major == 1) {
                len = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                len = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new DataFormatException(field, ".npy format version " + major + " is not supported");
            }
            if (len > 1 << 20) {
                throw new DataFormatException(field, ".npy header of " + len + " bytes is implausible");
            }
            byte[] text = new byte[(int) len];
            in.readFully(text);
            dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new DataFormatException(field, "truncated .npy header", e);
        }
        String descr = group(DESCR, dict, field, "descr");
        if ("True".equals(group(FORTRAN, dict, field, "fortran_order"))) {
            throw new DataFormatException(field, "Fortran-order arrays are not supported; save with C order");
        }
        String dims = group(SHAPE, dict, field, "shape").strip();
        long[] shape;
        try {
            shape = dims.isEmpty() ? new long[0] : Arrays.stream(dims.split(",")).map(String::strip)
                    .filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new DataFormatException(field, "bad shape (" + dims + ")");
        }
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new DataFormatException(field, "negative dimension in shape (" + dims + ")");
            }
            count = Math.multiplyExact(count, d);
        }
        long bytes = Math.multiplyExact(count, itemSize(descr, field));
        return new Array(descr, shape, Streams.readExactly(in, bytes, field, "array data"));
    }

    private static String group(Pattern p, String dict, String field, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new DataFormatException(field, ".npy header lacks '" + key + "'");
        }
        return m.group(1);
    }

    private static int itemSize(String descr, String field) {
        Matcher m = Pattern.compile("[|<>=]?([iuU])(\\d+)").matcher(descr);
        if (!m.matches()) {
            throw new DataFormatException(field, "dtype " + descr + " is not supported");
        }
        int n = Integer.parseInt(m.group(2));
        return m.group(1).equals("U") ? 4 * n : n;
    }

    private static int[] integers(Array a) {
        Matcher m = Pattern.compile("([|<>=]?)([iu])([1248])").matcher(a.descr());
        if (!m.matches()) {
            throw new DataFormatException("labels.npy", "dtype " + a.descr() + " is not an integer type");
        }
        ByteBuffer b = ByteBuffer.wrap(a.data()).order(">".equals(m.group(1)) ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        boolean unsigned = m.group(2).equals("u");
        int size = Integer.parseInt(m.group(3));
        int[] out = new int[a.data().length / size];
        for (int i = 0; i < out.length; i++) {
            long v = switch (size) {
                case 1 -> unsigned ? Byte.toUnsignedLong(b.get()) : b.get();
                case 2 -> unsigned ? Short.toUnsignedLong(b.getShort()) : b.getShort();
                case 4 -> unsigned ? Integer.toUnsignedLong(b.getInt()) : b.getInt();
                default -> b.getLong();
            };
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new DataFormatException("labels.npy", "label " + v + " at " + i + " is out of range");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static List<String> strings(Array a) {
        if (!a.descr().matches("[|<>=]?u1") || a.shape().length != 1) {
            throw new DataFormatException("classes.npy", "expected a 1-D uint8 array of JSON, got " + a.descr());
        }
        try {
            List<String> names = JSON.readValue(a.data(), new TypeReference<List<String>>() { });
            if (names == null || names.stream().anyMatch(java.util.Objects::isNull)) {
                throw new DataFormatException("classes.npy", "expected a JSON array of class names");
            }
            return names;
        } catch (JacksonException e) {
            throw new DataFormatException("classes.npy", "not a JSON array of class names: " + e.getOriginalMessage(), e);
        }
    }
}
