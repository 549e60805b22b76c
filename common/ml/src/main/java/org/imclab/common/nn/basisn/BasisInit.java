package org.imclab.common.nn.basisn;

import java.util.Locale;

/** How a conversion initialises the basis from the weight segments (docs/science/basisn.md §1, training (b)). */
public enum BasisInit {
    /** Top-N left singular vectors of the R x (all segments) matrix; needs N <= R. */
    SVD,
    /** N k-means centroids of the segments (k-means++ seeding, Lloyd iterations); needs N <= segments. */
    KMEANS;

    public static BasisInit parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace("-", ""));
    }
}
