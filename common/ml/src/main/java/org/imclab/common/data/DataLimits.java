package org.imclab.common.data;

/**
 * Bounds on what one data set import may inflate to, against decompression bombs: a 1.8 MB gzip of zeros
 * inflates to 1.8 GB. The readers enforce them while streaming, counting the bytes that actually come out of
 * the decompressor (headers that declare sizes are checked against the limit too, but never trusted).
 *
 * <p>The defaults admit the real sets with room to spare: MNIST and Fashion-MNIST are 55 MB uncompressed
 * (train and test), CIFAR-10 and CIFAR-100 184 MB; gzip shrinks MNIST images about 5:1 and CIFAR hardly at
 * all, while a bomb runs at about 1000:1.
 *
 * @param maxBytes            most bytes one import may read after decompression, over all its files
 *                            (plain files count too), and most bytes of decoded pixels for image folders;
 *                            above it the import fails with 413
 * @param maxCompressionRatio most inflated bytes per compressed byte in one gzip file or zip archive, once
 *                            {@code ratioGraceBytes} have come out; above it the import fails with 400
 * @param ratioGraceBytes     inflated bytes allowed before the ratio is checked, so small, highly regular
 *                            files (a label file of a few classes) are not mistaken for bombs
 * @param maxArchiveEntries   most entries in one zip archive
 */
public record DataLimits(long maxBytes, int maxCompressionRatio, long ratioGraceBytes, int maxArchiveEntries) {

    /** 256 MiB: the default upload size limit, so a compressed upload can hold what a plain one can. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /** 200:1; real image and table data compress far less, deflate's ceiling is about 1032:1. */
    public static final int DEFAULT_MAX_RATIO = 200;
    /** 1 MiB. */
    public static final long DEFAULT_RATIO_GRACE_BYTES = 1L << 20;
    /** 1,000,000: CIFAR-10 as PNG folders is 60,000 files. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

    public DataLimits {
        if (maxBytes <= 0 || maxCompressionRatio <= 0 || ratioGraceBytes < 0 || maxArchiveEntries <= 0) {
            throw new IllegalArgumentException("data limits must be positive: " + maxBytes + ", "
                    + maxCompressionRatio + ", " + ratioGraceBytes + ", " + maxArchiveEntries);
        }
    }

    public static DataLimits defaults() {
        return new DataLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_RATIO, DEFAULT_RATIO_GRACE_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /** A fresh budget for one import; every file of that import draws on it. */
    public DecompressionBudget budget() {
        return new DecompressionBudget(this);
    }
}
