package org.imclab.common.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The inflated side of a file: charges each byte to the {@link DecompressionBudget} as it is read, and
 * checks the compression ratio against the compressed side's counter. Skips are reads, so skipped bytes
 * count too (the decompressor does the same work for them).
 */
final class MeteredInputStream extends FilterInputStream {

    private final DecompressionBudget budget;
    private final String field;
    private final CountingInputStream compressed;
    private long inflated;

    MeteredInputStream(InputStream in, DecompressionBudget budget, String field, CountingInputStream compressed) {
        super(in);
        this.budget = budget;
        this.field = field;
        this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(int n) {
        inflated += n;
        budget.charge(field, n);
        if (compressed != null) {
            budget.checkRatio(field, inflated, compressed.count());
        }
    }
}
