package org.imclab.hwsim.noise;

import org.imclab.common.data.ImageDataset;

/**
 * Labelled test images and the input normalisation the model was trained with, (x/255 − mean[c]) / std[c].
 *
 * @param description where the samples come from (data set id and split)
 * @param data        the images
 * @param mean        per-channel mean of x/255
 * @param std         per-channel standard deviation of x/255
 */
public record TestSet(String description, ImageDataset data, double[] mean, double[] std) {

    public TestSet {
        if (mean == null || std == null || mean.length != data.channels() || std.length != data.channels()) {
            throw new IllegalArgumentException("need one mean and one std per channel (" + data.channels() + ")");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Writes the normalised features of sample {@code index} into {@code dst} from {@code offset}. */
    void features(int index, float[] dst, int offset) {
        byte[] px = data.images();
        int plane = data.height() * data.width();
        int base = index * data.imageBytes();
        for (int c = 0; c < data.channels(); c++) {
            double s = std[c] > 1e-6 ? std[c] : 1;
            float a = (float) (1 / (255 * s));
            float b = (float) (-mean[c] / s);
            int from = base + c * plane;
            int to = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                dst[to + i] = (px[from + i] & 0xff) * a + b;
            }
        }
    }
}
