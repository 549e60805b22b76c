package org.imclab.hwsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossbarParamsTest {

    static CrossbarParams small() {
        return CrossbarCostModelTest.small();
    }

    @Test
    void derivedQuantities() {
        CrossbarParams p = small();
        // ceil(8/2) = 4 slices, x2 for the differential pair
        assertThat(p.cellsPerValue()).isEqualTo(8);
        // ceil(8/2)
        assertThat(p.inputCycles()).isEqualTo(4);
        // max(100 ns read, 128 columns x 0.5 ns conversions = 64 ns)
        assertThat(p.cycleNs()).isEqualTo(100.0);
        assertThat(p.adcsPerCrossbar()).isEqualTo(1);
        assertThat(p.cellsPerCrossbar()).isEqualTo(16384);

        CrossbarParams odd = p.withOverrides(Map.of("weightBits", 7, "bitsPerCell", 3, "differential", 0,
                "dacBits", 3, "columnsPerAdc", 8, "adcConversionNs", 20));
        assertThat(odd.cellsPerValue()).isEqualTo(3); // ceil(7/3), single cell set
        assertThat(odd.inputCycles()).isEqualTo(3); // ceil(8/3)
        assertThat(odd.cycleNs()).isEqualTo(160.0); // 8 muxed conversions x 20 ns > 100 ns read
        assertThat(odd.adcsPerCrossbar()).isEqualTo(16);
    }

    @Test
    void overridesReplaceOnlyTheNamedValues() {
        CrossbarParams p = small().withOverrides(Map.of("rows", 256, "writeEnergyPerCellPj", 0.25));
        assertThat(p.rows()).isEqualTo(256);
        assertThat(p.writeEnergyPerCellPj()).isEqualTo(0.25);
        assertThat(p.cols()).isEqualTo(128);
        assertThat(small().withOverrides(Map.of())).isEqualTo(small());
    }

    @Test
    void unknownKeyIsNamed() {
        assertThatThrownBy(() -> small().withOverrides(Map.of("rowz", 64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rowz'");
    }

    @Test
    void nonPositiveValueIsNamed() {
        assertThatThrownBy(() -> small().withOverrides(Map.of("writeLatencyPerRowNs", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'writeLatencyPerRowNs'")
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> small().withOverrides(Map.of("cols", -128)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cols'");
        assertThatThrownBy(() -> small().withOverrides(Map.of("adcEnergyPerConversionPj", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'adcEnergyPerConversionPj'");
    }

    @Test
    void fractionalIntegerAndBadFlagAreNamed() {
        assertThatThrownBy(() -> small().withOverrides(Map.of("bitsPerCell", 1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bitsPerCell'");
        assertThatThrownBy(() -> small().withOverrides(Map.of("differential", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'differential'");
        Map<String, Number> nullValue = new HashMap<>();
        nullValue.put("rows", null);
        assertThatThrownBy(() -> small().withOverrides(nullValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rows'");
    }

    @Test
    void columnsPerAdcCannotExceedColumns() {
        assertThatThrownBy(() -> small().withOverrides(Map.of("columnsPerAdc", 256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columnsPerAdc");
    }

    @Test
    void mapRoundTrip() {
        CrossbarParams p = small();
        assertThat(p.toMap().keySet()).containsExactlyElementsOf(CrossbarParams.KEYS);
        assertThat(CrossbarParams.fromMap(p.toMap())).isEqualTo(p);
        Map<String, Number> missing = new HashMap<>(p.toMap());
        missing.remove("adcBits");
        assertThatThrownBy(() -> CrossbarParams.fromMap(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'adcBits'");
    }
}
