package org.imclab.training.support;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic three-class table whose feature ranges differ by 1000×: two informative features of scale 1
 * and three uniform noise features in [0, 1000]. Unscaled, the noise dominates every distance and every
 * first-layer activation; standardised per feature, the classes separate.
 */
public final class WideRangeTable {

    private WideRangeTable() {
    }

    /** CSV with header a,b,n1,n2,n3,label; labels cat/dog/eel (classes by name, not index). */
    public static byte[] csv(int rows, long seed) {
        Random r = new Random(seed);
        double[][] centres = {{0, 0}, {3, 0}, {1.5, 2.6}};
        String[] names = {"cat", "dog", "eel"};
        StringBuilder b = new StringBuilder("a,b,n1,n2,n3,label\n");
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            b.append(String.format(Locale.ROOT, "%.4f,%.4f,%.2f,%.2f,%.2f,%s%n",
                    centres[c][0] + 0.6 * r.nextGaussian(), centres[c][1] + 0.6 * r.nextGaussian(),
                    1000 * r.nextDouble(), 1000 * r.nextDouble(), 1000 * r.nextDouble(), names[c]));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
