package org.imclab.common.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A zip archive read entry by entry with every inflated byte charged to a {@link DecompressionBudget}: entry
 * sizes the archive declares are checked before reading, the bytes actually inflated are counted while
 * reading, the ratio is checked over the whole archive, and entries are counted. Skipped entries are drained
 * through the meter rather than by ZipInputStream's own skip, which would inflate them uncounted.
 */
final class MeteredZip implements Closeable {

    private final DecompressionBudget budget;
    private final String field;
    private final ZipInputStream zip;
    private final InputStream content;
    private int entries;

    MeteredZip(InputStream raw, DecompressionBudget budget, String field) {
        this.budget = budget;
        this.field = field;
        CountingInputStream compressed = new CountingInputStream(raw);
        this.zip = new ZipInputStream(compressed);
        this.content = budget.meter(zip, field, compressed);
    }

    /** The next entry, or null at the end; 400 past the entry limit, 413 when its declared size cannot fit. */
    ZipEntry next() throws IOException {
        ZipEntry e = zip.getNextEntry();
        if (e == null) {
            return null;
        }
        if (++entries > budget.limits().maxArchiveEntries()) {
            throw new DataFormatException(field, "the archive has more than " + budget.limits().maxArchiveEntries()
                    + " entries, the limit");
        }
        if (e.getSize() > 0) {
            budget.requireDeclared(e.getName(), e.getSize(), "the entry's declared size");
        }
        return e;
    }

    /** The current entry's inflated bytes, metered; reads end at the end of the entry. */
    InputStream content() {
        return content;
    }

    /** Reads past the rest of the current entry, counting it. */
    void skipEntry() throws IOException {
        content.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
