package org.imclab.training.support;

import java.util.Random;

/**
 * CIFAR-10 binary batches in the real layout (1 label byte + 3072 pixel bytes, R then G then B planes)
 * with synthetic content: each class has its own mean colour plus noise, so a network can learn them.
 * No CIFAR data can be downloaded here; this tests the format and the pipeline, never accuracy claims.
 */
public final class GeneratedCifar {

    private GeneratedCifar() {
    }

    public static byte[] batch(int images, long seed) {
        Random r = new Random(seed);
        byte[] out = new byte[images * 3073];
        for (int i = 0; i < images; i++) {
            int label = i % 10;
            int base = i * 3073;
            out[base] = (byte) label;
            for (int c = 0; c < 3; c++) {
                int mean = 40 + ((label * (c + 3) * 37) % 180);
                for (int p = 0; p < 1024; p++) {
                    int v = mean + (int) (r.nextGaussian() * 30);
                    out[base + 1 + c * 1024 + p] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }
}
