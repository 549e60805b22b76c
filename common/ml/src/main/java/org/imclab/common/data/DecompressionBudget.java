package org.imclab.common.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * What one data set import has read so far, against its {@link DataLimits}. Every file of the import is
 * opened through the same budget, so the limit holds for the import as a whole and not per file (a CIFAR
 * upload may have any number of batch parts). Bytes are counted as they come out of the decompressor, so a
 * header or zip entry that lies about its size gains nothing. Not thread-safe: one import reads on one thread.
 */
public final class DecompressionBudget {

    private final DataLimits limits;
    private long read;
    private long decoded;

    DecompressionBudget(DataLimits limits) {
        this.limits = limits;
    }

    public DataLimits limits() {
        return limits;
    }

    /** Bytes read so far after decompression. */
    public long read() {
        return read;
    }

    /**
     * Rejects a size that a file header declares before anything is allocated for it: 413 when it cannot fit
     * in what is left of the budget.
     */
    public void requireDeclared(String field, long declaredBytes, String what) {
        if (declaredBytes < 0 || declaredBytes > limits.maxBytes() - read) {
            throw new DataTooLargeException(field, what + " of " + (declaredBytes < 0 ? "more than 2^63" : declaredBytes)
                    + " bytes exceeds the import limit of " + limits.maxBytes() + " decompressed bytes");
        }
    }

    /** The file's bytes, gunzipped when it starts with the gzip magic 1f 8b, counted against the budget. */
    public InputStream open(InputStream raw, String field) {
        BufferedInputStream buffered = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 1 << 16);
        try {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                CountingInputStream compressed = new CountingInputStream(buffered);
                return new BufferedInputStream(meter(new GZIPInputStream(compressed, 1 << 16), field, compressed),
                        1 << 16);
            }
            return new BufferedInputStream(meter(buffered, field, null), 1 << 16);
        } catch (IOException e) {
            throw new DataFormatException(field, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A view of {@code inflated} that charges every byte read to this budget; with {@code compressed} (the
     * counter under the decompressor) it also enforces the compression ratio.
     */
    InputStream meter(InputStream inflated, String field, CountingInputStream compressed) {
        return new MeteredInputStream(inflated, this, field, compressed);
    }

    /** Counts {@code n} more bytes that came out of a stream; 413 beyond the limit. */
    void charge(String field, long n) {
        read += n;
        if (read > limits.maxBytes()) {
            throw new DataTooLargeException(field, "the import decompresses to more than " + limits.maxBytes()
                    + " bytes, the limit; reading stopped there");
        }
    }

    /** Counts decoded image bytes (pixels), which have their own allowance of {@code maxBytes}; 413 beyond it. */
    void chargeDecoded(String field, long n) {
        decoded += n;
        if (decoded > limits.maxBytes()) {
            throw new DataTooLargeException(field, "the images decode to more than " + limits.maxBytes()
                    + " bytes of pixels, the limit");
        }
    }

    /**
     * Checks the ratio of one compressed stream: 413 when it inflates implausibly well. A bomb is content
     * too large in the only sense that matters, what it would expand to, so it gets the same status as
     * an upload over the size limit.
     */
    void checkRatio(String field, long inflated, long compressed) {
        if (inflated > limits.ratioGraceBytes() && inflated > (double) limits.maxCompressionRatio() * Math.max(1,
                compressed)) {
            throw new DataTooLargeException(field, "inflates more than " + limits.maxCompressionRatio() + ":1 ("
                    + inflated + " bytes from " + compressed + " compressed bytes so far), which real data sets "
                    + "never do; refusing it as a decompression bomb");
        }
    }
}
