package org.imclab.common.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs for tests: valid gzip and zip files whose deflate data inflates about 1000:1.
 * Deflating gigabytes of zeros takes seconds, so the data is one deflate block of 1 MiB of zeros, made
 * once and repeated (a block that starts fresh refers only to itself, so copies chain into a valid stream).
 */
public final class Bombs {

    private static final int MIB = 1 << 20;
    private static final byte[] BLOCK = zeroBlock();
    private static final byte[] FINAL = {0x03, 0x00};

    private Bombs() {
    }

    /** A gzip file of {@code prefix} followed by {@code mib} MiB of zeros. */
    public static byte[] gzip(byte[] prefix, int mib) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(mib * BLOCK.length + 64);
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        out.write(deflate(prefix, mib));
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crcOf(prefix, mib)).putInt((int) (prefix.length + (long) mib * MIB));
        out.write(trailer.array());
        return out.toByteArray();
    }

    /**
     * A zip with {@code entry} holding {@code mib} MiB of zeros. Sizes are left out of the local header
     * (flag bit 3, as streaming zip writers do), so only counting the inflated bytes can stop it.
     */
    public static byte[] zip(String entry, int mib) throws IOException {
        byte[] data = deflate(new byte[0], mib);
        long crc = crcOf(new byte[0], mib);
        long size = (long) mib * MIB;
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 256);
        ByteBuffer local = le(30 + name.length).putInt(0x04034b50).putShort((short) 20).putShort((short) 8)
                .putShort((short) 8).putInt(0).putInt(0).putInt(0).putInt(0).putShort((short) name.length)
                .putShort((short) 0).put(name);
        out.write(local.array());
        out.write(data);
        out.write(le(16).putInt(0x08074b50).putInt((int) crc).putInt(data.length).putInt((int) size).array());
        int cdOffset = out.size();
        ByteBuffer central = le(46 + name.length).putInt(0x02014b50).putShort((short) 20).putShort((short) 20)
                .putShort((short) 8).putShort((short) 8).putInt(0).putInt((int) crc).putInt(data.length)
                .putInt((int) size).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name);
        out.write(central.array());
        out.write(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                .putShort((short) 1).putInt(central.capacity()).putInt(cdOffset).putShort((short) 0).array());
        return out.toByteArray();
    }

    /** An IDX image file header for n images of rows×cols, as the start of a bomb. */
    public static byte[] idxImagesHeader(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(IdxReader.IMAGES_MAGIC);
        d.writeInt(n);
        d.writeInt(rows);
        d.writeInt(cols);
        return b.toByteArray();
    }

    private static byte[] deflate(byte[] prefix, int mib) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(mib * BLOCK.length + 64);
        if (prefix.length > 0) {
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
            d.setInput(prefix);
            byte[] buf = new byte[prefix.length + 64];
            int n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
            d.end();
            out.write(buf, 0, n);
        }
        for (int i = 0; i < mib; i++) {
            out.write(BLOCK, 0, BLOCK.length);
        }
        out.write(FINAL, 0, FINAL.length);
        return out.toByteArray();
    }

    private static long crcOf(byte[] prefix, int mib) {
        CRC32 crc = new CRC32();
        crc.update(prefix);
        byte[] zeros = new byte[MIB];
        for (int i = 0; i < mib; i++) {
            crc.update(zeros);
        }
        return crc.getValue();
    }

    /** 1 MiB of zeros as non-final deflate blocks ending on a byte boundary (a sync flush). */
    private static byte[] zeroBlock() {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(new byte[MIB]);
        byte[] buf = new byte[MIB];
        int n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
        d.end();
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
