package org.imclab.hwsim.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.imclab.hwsim.cost.CrossbarParams;
import org.junit.jupiter.api.Test;

class CrossbarPresetsTest {

    @Test
    void namesAreStable() {
        assertThat(CrossbarPresets.names()).containsExactly("isaac-puma", "neurosim-rram", "mnsim");
    }

    @Test
    void isaacPumaMatchesTheTable() {
        CrossbarParams p = CrossbarPresets.get("isaac-puma");
        assertThat(p.rows()).isEqualTo(128);
        assertThat(p.cols()).isEqualTo(128);
        assertThat(p.bitsPerCell()).isEqualTo(2);
        assertThat(p.adcBits()).isEqualTo(8);
        assertThat(p.adcEnergyPerConversionPj()).isCloseTo(1.5625, within(1e-12)); // 2 mW / 1.28 GS/s
        assertThat(p.cycleNs()).isCloseTo(100.0, within(1e-12));
        assertThat(p.arrayReadEnergyPj()).isEqualTo(170.0);
        assertThat(p.writeLatencyPerRowNs()).isCloseTo(86.0, within(0.5));
        // one write pass over a crossbar: 128 rows -> ~11 us, 16384 cells -> ~22 nJ
        assertThat(128 * p.writeLatencyPerRowNs()).isCloseTo(10968.75, within(1e-9));
        assertThat(p.writeEnergyPerCellPj() * 16384).isCloseTo(22606.4, within(0.1));
        assertThat(p.writeVerifyIterations()).isEqualTo(10);
        assertThat(p.cellsPerValue()).isEqualTo(4);
        assertThat(p.inputCycles()).isEqualTo(8);
    }

    @Test
    void neuroSimMatchesTheTable() {
        CrossbarParams p = CrossbarPresets.get("neurosim-rram");
        assertThat(p.rows()).isEqualTo(128);
        assertThat(p.bitsPerCell()).isEqualTo(2);
        assertThat(p.adcBits()).isEqualTo(5);
        assertThat(p.columnsPerAdc()).isEqualTo(8);
        assertThat(p.readLatencyNs()).isEqualTo(10.0);
        assertThat(p.cycleNs()).isEqualTo(80.0);
        // 0.5 x 16384 x 0.25 V^2 x (1/6e3 + 1/9e5)/2 S x 10 ns
        assertThat(p.arrayReadEnergyPj()).isCloseTo(1718.0, within(0.5));
    }

    @Test
    void mnsimMatchesTheTable() {
        CrossbarParams p = CrossbarPresets.get("mnsim");
        assertThat(p.rows()).isEqualTo(256);
        assertThat(p.cols()).isEqualTo(256);
        assertThat(p.bitsPerCell()).isEqualTo(1);
        assertThat(p.adcBits()).isEqualTo(6);
        assertThat(p.adcEnergyPerConversionPj()).isCloseTo(10.08, within(1e-9));
        assertThat(p.readLatencyNs()).isEqualTo(3.16);
        assertThat(p.writeLatencyPerRowNs()).isCloseTo(13.16, within(1e-9));
        assertThat(p.cellsPerValue()).isEqualTo(16); // 8 one-bit slices, positive and negative crossbar
    }

    @Test
    void everyConstantHasASource() {
        for (String name : CrossbarPresets.names()) {
            PresetDescription d = CrossbarPresets.describe(name);
            assertThat(d.name()).isEqualTo(name);
            assertThat(d.origin()).isNotBlank();
            assertThat(d.constants()).extracting(PresetConstant::key).containsExactlyElementsOf(CrossbarParams.KEYS);
            assertThat(d.constants()).allSatisfy(c -> assertThat(c.source()).isNotBlank());
            assertThat(d.params().toMap().get("rows").intValue()).isEqualTo(d.constants().get(0).value().intValue());
        }
        assertThat(CrossbarPresets.describeAll()).hasSize(3);
    }

    @Test
    void overridesAndUnknownNames() {
        assertThat(CrossbarPresets.get("mnsim", Map.of("writeVerifyIterations", 3)).writeVerifyIterations()).isEqualTo(3);
        assertThatThrownBy(() -> CrossbarPresets.get("isaac"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'isaac'")
                .hasMessageContaining("isaac-puma");
        assertThatThrownBy(() -> CrossbarPresets.get("mnsim", Map.of("bogus", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bogus'");
    }
}
