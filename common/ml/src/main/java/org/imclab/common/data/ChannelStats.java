package org.imclab.common.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of uint8 images scaled to [0, 1]: the constants of the usual
 * input normalisation. The standard deviation is the population one (divide by the count), as
 * torchvision's published constants use.
 */
public record ChannelStats(double[] mean, double[] std) {

    public static ChannelStats of(ImageDataset data) {
        int c = data.channels();
        int plane = data.height() * data.width();
        // Integer sums are exact: 255² per pixel times at most 2^31 pixels fits in a long.
        long[] sum = new long[c];
        long[] sumSq = new long[c];
        byte[] px = data.images();
        for (int i = 0; i < data.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                long s = 0;
                long q = 0;
                for (int k = 0; k < plane; k++) {
                    int v = px[base + k] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[ch] += s;
                sumSq[ch] += q;
            }
        }
        double count = (double) data.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count;
            double var = Math.max(0, sumSq[ch] / count - m * m);
            mean[ch] = m / 255.0;
            std[ch] = Math.sqrt(var) / 255.0;
        }
        return new ChannelStats(mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
