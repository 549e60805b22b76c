package org.imclab.hwsim.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The Param.cpp subarray's layout (SubArray.cpp CalculateArea, parallel read, 1T1R, 2 V writes), every
 * figure derived by hand from NeuroSim's gate formulas at 22 nm (F = 22 nm, P/N ratio 791.9 / 600.2 =
 * 1.3194, gate pitch poly + gap = 3.8 F, diffusion ends 3.6 F, P-N gap 3.5 F; formula.cpp).
 */
class NeuroSimSubarrayLayoutTest {

    static final double F_UM = 0.022;
    final NeuroSimSubarrayLayout layout = NeuroSimChip.subarrayLayout();

    @Test
    void levelShifterByHand() {
        // LevelShifter.cpp (validated): cells 2.5 x 28 = 70 F high, 62.9 F of it for devices, split P : N.
        // Input inverter N 60 F, P 105.55 F: ratio 0.6376, max P 40.10 F, max N 22.80 F -> 3 fingers each,
        // (3 + 1) x 3.8 = 15.2 F wide. Latch N 128 F, P 52.78 F: max N 44.54 F, max P 18.36 F -> 3 and 3: 15.2 F.
        // Pull-up N 256 F, P 432.75 F: max N 23.38 F, max P 39.52 F -> 11 and 11 fingers: 45.6 F.
        // One output: 70 F x (15.2 + (2 x 15.2 + 45.6) x 2.5) F x alpha 1.44 = 20,684.16 F^2 = 10.0111 um^2.
        assertThat(NeuroSimSubarrayLayout.levelShifterArea() * 1e12).isCloseTo(20684.16 * F_UM * F_UM, within(1e-6));
    }

    @Test
    void widthByHand() {
        // Array: 128 x 4 F = 11.264 um high, 128 x 12 F = 33.792 um wide.
        // Word-line and bit-line level shifters, 128 outputs each along the array height:
        // 2 x 128 x 10.0111 / 11.264 = 227.526 um.
        // Word-line switch matrix (NewSwitchMatrix.cpp): floor(512 F / 28 F) = 18 gates fit a column -> 8 columns
        // of 16, each gate 32 F high, so the enlarged 9.01 F / 11.89 F gate is not folded: 7.6 F wide, 4 per
        // column = 243.2 F; 128 DFFs (12 x 7.6 F = 91.2 F wide) 18 to a column -> 8 columns = 729.6 F; 972.8 F =
        // 21.4016 um. The 3-bit mux decoder beside it is narrower. Width 33.792 + 227.526 + 21.402 = 282.719 um.
        assertThat(layout.wordLineSwitchMatrixWidth() * 1e6).isCloseTo(972.8 * F_UM, within(1e-9));
        assertThat(layout.muxDecoderWidth()).isLessThan(layout.wordLineSwitchMatrixWidth());
        assertThat(layout.widthUm()).isCloseTo(33.792 + 2 * 128 * 20684.16 * F_UM * F_UM / 11.264 + 21.4016,
                within(1e-6));
        assertThat(layout.widthUm()).isCloseTo(282.719, within(0.001));
    }

    @Test
    void heightByHand() {
        // Source-line level shifters, 128 outputs along the array width: 128 x 10.0111 / 33.792 = 37.921 um.
        // Source-line switch matrix (SwitchMatrix.cpp, column mode): floor(1536 F / 15.2 F) = 101 pairs fit a row
        // -> 2 rows of 64 pairs, each gate 12 F wide -> floor(12 / 1.9) - 1 = 2 folds; the gate, sized for the
        // average cell (1.5 k + 453 kOhm) x 0.25, needs only 0.08 F / 0.10 F and is widened to 9.01 F / 11.89 F:
        // (11.89 + 9.01) / 2 + 3.5 + 3.6 = 17.55 F high; 128 DFFs 16 to a row -> 8 rows of 28 F: 2 x 17.55 + 224
        // = 259.1 F = 5.7002 um. Mux: its gates (sized for 1/128 of that cell: 9.73 F / 12.84 F, 2 folds)
        // make one row 18.4 F high, but its decoder (8 NORs of 28 F) is 224 F = 4.928 um and sets the height.
        // Sense amps with encoders (16 x 378.77 um^2) and shift-adds (894.3 um^2), as wide as the array:
        // 6,954.6 / 33.792 = 205.81 um. Height 37.921 + 5.700 + 11.264 + 4.928 + 205.81 = 265.621 um.
        assertThat(layout.sourceLineSwitchMatrixHeight() * 1e6).isCloseTo(259.1 * F_UM, within(1e-6));
        assertThat(layout.muxHeight() * 1e6).isCloseTo(224 * F_UM, within(1e-9));
        double columnBlocks = 16 * NeuroSimCircuits.mlsaAreaUm2(32, 128, 16)
                + NeuroSimCircuits.shiftAddAreaUm2(128, 16, 5, 4, 8);
        assertThat(layout.heightUm()).isCloseTo(128 * 20684.16 * F_UM * F_UM / 33.792 + 259.1 * F_UM + 11.264
                + 224 * F_UM + columnBlocks / 33.792, within(1e-6));
        assertThat(layout.heightUm()).isCloseTo(265.621, within(0.001));
    }
}
