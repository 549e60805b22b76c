package org.imclab.pruning.activelearning.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The arrays of a data set .npz that common's NpzDataset does not cover: {@code features.npy} (float32,
 * tabular versions) and {@code split.npy} (uint8 0 train / 1 val / 2 test), besides int64 labels. Only
 * little-endian C-order arrays, which is what training-service writes.
 */
final class NpzArrays {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    record Array(String descr, long[] shape, byte[] data) {

        float[] floats() {
            require("<f4");
            float[] out = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        int[] longsAsInts() {
            require("<i8");
            int[] out = new int[data.length / 8];
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.toIntExact(b.getLong());
            }
            return out;
        }

        private void require(String d) {
            if (!descr.equals(d)) {
                throw new IllegalArgumentException("array has dtype " + descr + ", expected " + d);
            }
        }
    }

    private NpzArrays() {
    }

    /** The named arrays (others are skipped); a name missing from the archive is absent from the map. */
    static Map<String, Array> read(InputStream in, String... names) throws IOException {
        Map<String, Array> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                for (String n : names) {
                    if (n.equals(e.getName())) {
                        out.put(n, npy(zip));
                    }
                }
            }
        }
        return out;
    }

    private static Array npy(InputStream in) throws IOException {
        byte[] all = readAll(in);
        if (all.length < 10 || (all[0] & 0xff) != 0x93 || all[1] != 'N') {
            throw new IOException("not a .npy array");
        }
        int major = all[6];
        int headerLen;
        int offset;
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            offset = 10;
        } else {
            headerLen = b.getInt(8);
            offset = 12;
        }
        String header = new String(all, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || header.contains("'fortran_order': True")) {
            throw new IOException("unsupported .npy header " + header.strip());
        }
        String[] dims = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::strip).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        byte[] data = java.util.Arrays.copyOfRange(all, offset + headerLen, all.length);
        return new Array(d.group(1), shape, data);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
