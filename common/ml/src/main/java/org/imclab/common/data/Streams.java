package org.imclab.common.data;

import java.io.IOException;
import java.io.InputStream;

/** Stream helpers shared by the readers. */
final class Streams {

    private Streams() {
    }

    /**
     * Reads exactly {@code n} bytes. Buffers grow as data arrives (InputStream.readNBytes), so a header
     * that claims a huge size cannot force a huge allocation before the data is actually there.
     */
    static byte[] readExactly(InputStream in, long n, String field, String what) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(field, what + " of " + n + " bytes is too large");
        }
        try {
            byte[] data = in.readNBytes((int) n);
            if (data.length != n) {
                throw new DataFormatException(field, "truncated: " + what + " needs " + n + " bytes but only "
                        + data.length + " are present");
            }
            return data;
        } catch (IOException e) {
            throw new DataFormatException(field, "cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** True when the stream has no further bytes. */
    static boolean atEnd(InputStream in, String field) {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            throw new DataFormatException(field, "cannot read: " + e.getMessage(), e);
        }
    }
}
