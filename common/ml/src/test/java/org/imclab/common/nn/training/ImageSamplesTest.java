package org.imclab.common.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.imclab.common.data.ImageDataset;
import org.junit.jupiter.api.Test;

/** Normalisation and the crop/flip augmentation on a hand-made 2-channel image. */
class ImageSamplesTest {

    private static ImageDataset image() {
        int h = 32;
        int w = 32;
        byte[] px = new byte[2 * h * w];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[c * h * w + y * w + x] = (byte) (x + 4 * c + 1);
                }
            }
        }
        return new ImageDataset(px, new int[] {0}, 2, h, w, List.of("a"));
    }

    @Test
    void normalisesPerChannel() {
        ImageSamples s = new ImageSamples(image(), new float[] {0f, 0.5f}, new float[] {1f, 0.5f}, false);
        float[] out = new float[2 * 32 * 32];
        s.features(0, out, 0);
        assertThat(out[3]).isEqualTo(4 / 255f);
        assertThat(out[32 * 32 + 3]).isEqualTo((8 / 255f - 0.5f) / 0.5f);
    }

    @Test
    void standardizedOnTheTrainingSplitHasZeroMeanAndUnitStdPerChannel() {
        // Channel c of image() holds x + 4c + 1 for x = 0..31: each channel's values have the same spread, so
        // after standardisation both channels have mean 0 and (population) standard deviation 1.
        ImageSamples s = ImageSamples.standardizedOn(image());
        float[] out = new float[2 * 32 * 32];
        s.features(0, out, 0);
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double squares = 0;
            for (int i = c * 32 * 32; i < (c + 1) * 32 * 32; i++) {
                sum += out[i];
                squares += out[i] * out[i];
            }
            double mean = sum / (32 * 32);
            assertThat(mean).isCloseTo(0, within(1e-4));
            assertThat(Math.sqrt(squares / (32 * 32) - mean * mean)).isCloseTo(1, within(1e-3));
        }
        assertThat(s.augments()).isFalse();
    }

    @Test
    void augmentationCropsWithBlackPaddingAndFlips() {
        ImageSamples s = new ImageSamples(image(), new float[] {0f, 0f}, new float[] {1f, 1f}, true);
        float[] plain = new float[2 * 32 * 32];
        s.features(0, plain, 0);
        boolean sawFlip = false;
        boolean sawPadding = false;
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            float[] out = new float[2 * 32 * 32];
            s.augmentedFeatures(0, out, 0, r);
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 32; y++) {
                    float first = out[c * 1024 + y * 32];
                    float last = out[c * 1024 + y * 32 + 31];
                    // Every row is a shifted copy of x+4c+1, possibly mirrored, with 0 where the crop left the image.
                    sawPadding |= first == 0f || last == 0f;
                    // Columns 10 and 20 are inside the image for any shift of at most 4: they reveal the direction.
                    sawFlip |= out[c * 1024 + y * 32 + 10] > out[c * 1024 + y * 32 + 20];
                }
            }
        }
        assertThat(sawFlip).isTrue();
        assertThat(sawPadding).isTrue();
        float[] again = new float[2 * 32 * 32];
        float[] once = new float[2 * 32 * 32];
        s.augmentedFeatures(0, once, 0, new Random(9));
        s.augmentedFeatures(0, again, 0, new Random(9));
        assertThat(again).containsExactly(once);
    }
}
