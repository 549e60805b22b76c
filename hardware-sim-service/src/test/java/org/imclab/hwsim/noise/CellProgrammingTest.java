package org.imclab.hwsim.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CellProgrammingTest {

    private static final float[] W = {0.5f, -0.25f, 0.1f, -1.0f, 0.0f, 0.73f, -0.031f, 0.9f};

    @Test
    void withoutVariationOrFaultsAWeightIsItsUniformQuantization() {
        CellProgramming cells = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0, 0, 0);
        assertThat(cells.slices()).isEqualTo(4);
        float[] out = cells.apply(W, 1);
        for (int i = 0; i < W.length; i++) {
            // scale 1.0, 255 magnitude levels: q = round(|w| * 255), w' = sign * q / 255
            double expected = Math.signum(W[i]) * Math.round(Math.abs((double) W[i]) * 255) / 255.0;
            assertThat((double) out[i]).isCloseTo(expected, within(1e-6));
        }
        assertThat(out[3]).isEqualTo(-1.0f);
    }

    @Test
    void theSlicesOfAWeightAreItsBaseFourDigits() {
        // 0.5 * 255 = 127.5 -> q = 128 = (2,0,0,0) in base 4 from the top; stuck-ON on every cell reads 3,3,3,3 = 255.
        CellProgramming allOn = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0, 1, 0);
        float[] on = allOn.apply(W, 3);
        for (int i = 0; i < W.length; i++) {
            assertThat(Math.abs(on[i])).isEqualTo(1.0f);
        }
        CellProgramming allOff = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0, 0, 1);
        assertThat(allOff.apply(W, 3)).containsOnly(0f, -0f);
    }

    @Test
    void faultRatesHitTheExpectedShareOfCells() {
        float[] w = new float[20000];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0f;
        }
        // |w| = 1 -> q = 255, every slice 3; a stuck-OFF cell removes its digit.
        CellProgramming cells = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0, 0, 0.1);
        float[] out = cells.apply(w, 11);
        long changed = 0;
        for (float v : out) {
            if (v != 1.0f) {
                changed++;
            }
        }
        // P(at least one of 4 cells stuck) = 1 - 0.9^4 = 0.3439
        assertThat(changed / (double) w.length).isCloseTo(0.3439, within(0.015));
    }

    @Test
    void theSameSeedGivesTheSameChipAndLargerSigmaMovesTheSameCellsFurther() {
        CellProgramming small = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0.1, 0, 0);
        CellProgramming large = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0.4, 0, 0);
        assertThat(small.apply(W, 5)).containsExactly(small.apply(W, 5));
        assertThat(small.apply(W, 5)).isNotEqualTo(small.apply(W, 6));
        float[] q = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0, 0, 0).apply(W, 5);
        float[] a = small.apply(W, 5);
        float[] b = large.apply(W, 5);
        double errA = 0;
        double errB = 0;
        for (int i = 0; i < W.length; i++) {
            errA += Math.abs(a[i] - q[i]);
            errB += Math.abs(b[i] - q[i]);
        }
        assertThat(errB).isGreaterThan(errA).isGreaterThan(0);
    }

    @Test
    void gaussianVariationNeverMakesAConductanceNegative() {
        CellProgramming wild = new CellProgramming(8, 2, VariationModel.GAUSSIAN, 5, 0, 0);
        float[] out = wild.apply(W, 9);
        for (int i = 0; i < W.length; i++) {
            if (W[i] != 0) {
                assertThat(Math.signum(out[i]) * Math.signum(W[i])).isIn(0f, 1f);
            }
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new CellProgramming(8, 2, VariationModel.LOGNORMAL, -1, 0, 0))
                .hasMessageContaining("sigma");
        assertThatThrownBy(() -> new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0, 0.6, 0.6))
                .hasMessageContaining("stuck-at");
        assertThatThrownBy(() -> new CellProgramming(4, 8, VariationModel.LOGNORMAL, 0, 0, 0))
                .hasMessageContaining("bitsPerCell");
    }
}
