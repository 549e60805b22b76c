package org.imclab.common.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npy} format (and {@code .npz}, a zip of them), the one array format every data set artifact
 * of the platform uses. Writes format 1.0 (magic, a Python-literal header dict padded to a multiple of 64
 * bytes, C-order data); reads versions 1–3 of C-order arrays. Bad input is a {@link DataFormatException}
 * naming the array, so uploads get a 400 that says which part is wrong.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern INTEGER = Pattern.compile("([|<>=]?)([iu])([1248])");

    /**
     * One decoded array.
     *
     * @param name  the array's name (its .npz entry), used in error messages
     * @param descr numpy dtype string, e.g. {@code |u1}, {@code <f4}, {@code <i8}
     * @param shape C-order shape
     * @param data  raw element bytes
     */
    public record Array(String name, String descr, long[] shape, byte[] data) {

        /** Elements of a little-endian float32 array. */
        public float[] floats() {
            if (!descr.matches("[<=]f4")) {
                throw new DataFormatException(name, "dtype " + descr + " is not little-endian float32");
            }
            float[] out = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        /** Elements of any integer array that fit an int (labels). */
        public int[] ints() {
            Matcher m = INTEGER.matcher(descr);
            if (!m.matches()) {
                throw new DataFormatException(name, "dtype " + descr + " is not an integer type");
            }
            ByteBuffer b = ByteBuffer.wrap(data).order(">".equals(m.group(1)) ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            boolean unsigned = m.group(2).equals("u");
            int size = Integer.parseInt(m.group(3));
            int[] out = new int[data.length / size];
            for (int i = 0; i < out.length; i++) {
                long v = switch (size) {
                    case 1 -> unsigned ? Byte.toUnsignedLong(b.get()) : b.get();
                    case 2 -> unsigned ? Short.toUnsignedLong(b.getShort()) : b.getShort();
                    case 4 -> unsigned ? Integer.toUnsignedLong(b.getInt()) : b.getInt();
                    default -> b.getLong();
                };
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new DataFormatException(name, "value " + v + " at " + i + " is out of range");
                }
                out[i] = (int) v;
            }
            return out;
        }
    }

    private Npy() {
    }

    /** The format 1.0 header for an array of this dtype and shape. */
    public static byte[] header(String descr, long... shape) {
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

    /** Writes one array as an .npz entry; a non-null {@code time} makes the zip a function of its content. */
    public static void writeEntry(ZipOutputStream zip, String name, Long time, byte[] header, byte[] data)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (time != null) {
            e.setTime(time);
        }
        zip.putNextEntry(e);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * Bounds for .npz archives the platform wrote itself (data set artifacts): only the size is bounded, at
     * twice the largest Java byte array, since their compression ratio is whatever the data gave (an all-zero
     * test image set compresses a thousandfold).
     */
    public static final DataLimits STORED_ARCHIVE_LIMITS = new DataLimits(2L * Integer.MAX_VALUE, Integer.MAX_VALUE,
            0, 64);

    /** The wanted arrays of an .npz (others are skipped); a name the archive lacks is absent from the map. */
    public static Map<String, Array> readNpz(InputStream in, Set<String> wanted) {
        return readNpz(in, wanted, STORED_ARCHIVE_LIMITS.budget());
    }

    /** As {@link #readNpz(InputStream, Set)}, with every inflated byte charged to {@code budget}. */
    public static Map<String, Array> readNpz(InputStream in, Set<String> wanted, DecompressionBudget budget) {
        Map<String, Array> out = new HashMap<>();
        try (MeteredZip zip = new MeteredZip(in, budget, "file")) {
            ZipEntry e;
            while ((e = zip.next()) != null) {
                if (wanted.contains(e.getName())) {
                    out.put(e.getName(), read(zip.content(), e.getName(), budget));
                } else {
                    zip.skipEntry();
                }
            }
        } catch (IOException ex) {
            throw new DataFormatException("file", "not a readable .npz archive: " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Reads one .npy array; {@code name} names it in errors. */
    public static Array read(InputStream raw, String name) {
        return read(raw, name, STORED_ARCHIVE_LIMITS.budget());
    }

    /** Reads one .npy array whose declared size must fit {@code budget} before its buffer is sized. */
    public static Array read(InputStream raw, String name, DecompressionBudget budget) {
        DataInputStream in = new DataInputStream(raw);
        String dict;
        try {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DataFormatException(name, "not a .npy array (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long len;
            if (major == 1) {
                len = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                len = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new DataFormatException(name, ".npy format version " + major + " is not supported");
            }
            if (len > 1 << 20) {
                throw new DataFormatException(name, ".npy header of " + len + " bytes is implausible");
            }
            byte[] text = new byte[(int) len];
            in.readFully(text);
            dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new DataFormatException(name, "truncated .npy header", e);
        }
        String descr = group(DESCR, dict, name, "descr");
        if ("True".equals(group(FORTRAN, dict, name, "fortran_order"))) {
            throw new DataFormatException(name, "Fortran-order arrays are not supported; save with C order");
        }
        String dims = group(SHAPE, dict, name, "shape").strip();
        long[] shape;
        try {
            shape = dims.isEmpty() ? new long[0] : Arrays.stream(dims.split(",")).map(String::strip)
                    .filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new DataFormatException(name, "bad shape (" + dims + ")");
        }
        long bytes;
        try {
            long count = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new DataFormatException(name, "negative dimension in shape (" + dims + ")");
                }
                count = Math.multiplyExact(count, d);
            }
            bytes = Math.multiplyExact(count, itemSize(descr, name));
        } catch (ArithmeticException e) {
            bytes = -1;
        }
        budget.requireDeclared(name, bytes, "array data");
        return new Array(name, descr, shape, Streams.readExactly(in, bytes, name, "array data"));
    }

    private static String group(Pattern p, String dict, String name, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new DataFormatException(name, ".npy header lacks '" + key + "'");
        }
        return m.group(1);
    }

    private static int itemSize(String descr, String name) {
        Matcher m = Pattern.compile("[|<>=]?([iufbU])(\\d+)").matcher(descr);
        if (!m.matches()) {
            throw new DataFormatException(name, "dtype " + descr + " is not supported");
        }
        int n = Integer.parseInt(m.group(2));
        return m.group(1).equals("U") ? 4 * n : n;
    }
}
