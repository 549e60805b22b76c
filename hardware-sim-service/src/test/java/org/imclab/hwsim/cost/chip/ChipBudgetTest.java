package org.imclab.hwsim.cost.chip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How the subarray budget changes VGG-8's cost (NeuroSim V1.3 chip): duplication into spare
 * subarrays lowers latency, and a budget below the 3176 subarrays needed streams only what does
 * not fit, so latency rises smoothly instead of reprogramming the whole network.
 */
class ChipBudgetTest {

    private final ChipCostModel model = new ChipCostModel();

    private ChipReport run(int budget) {
        return model.evaluateNetwork(NeuroSimVgg8CalibrationTest.vgg8(), NeuroSimVgg8CalibrationTest.P,
                NeuroSimVgg8CalibrationTest.WRITE, budget, 1, NeuroSimVgg8CalibrationTest.seed117());
    }

    @Test
    void moreCrossbarsMeanLessLatencyUpToNeuroSimsDuplication() {
        ChipReport needed = run(3176);
        ChipReport full = run(4048);
        ChipReport more = run(8000);
        assertThat(needed.resident()).isTrue();
        assertThat(needed.subarraysAllocated()).isEqualTo(3176);
        assertThat(needed.layers()).allMatch(l -> l.duplication() == 1);
        assertThat(full.latencyNs().adc()).isLessThan(needed.latencyNs().adc());
        assertThat(full.totalLatencyNs()).isLessThan(needed.totalLatencyNs());
        // beyond NeuroSim's allocation nothing changes; read energy never depends on duplication
        assertThat(more.totalLatencyNs()).isEqualTo(full.totalLatencyNs());
        assertThat(needed.energyPj().total()).isEqualTo(full.energyPj().total());
        // 4048 / 3176 = 1.2746
        assertThat(full.duplicationFactor()).isEqualTo(4048.0 / 3176.0);
        double previous = Double.MAX_VALUE;
        for (int x = 3176; x < 4048; x += 8) {
            double ns = run(x).totalLatencyNs();
            assertThat(ns).as("latency at %d subarrays", x).isLessThanOrEqualTo(previous);
            previous = ns;
        }
    }

    @Test
    void overflowIsMonotoneAndContinuous() {
        ChipReport resident = run(3176);
        ChipReport oneShort = run(3175);
        assertThat(oneShort.resident()).isFalse();
        // one subarray short: fc1 and fc2 both see 1 vector, fc2 comes later so it streams first; two of
        // its 8 subarrays are written through one staging slot (a write batch of 128 rows x 10 iterations
        // x 20 ns = 25.6 us) and it takes ceil(8 / (6 + 1)) = 2 sweeps; nothing else moves
        assertThat(oneShort.streamedSubarrays()).isEqualTo(2);
        assertThat(oneShort.layers().get(7).streamedSubarrays()).isEqualTo(2);
        assertThat(oneShort.layers().get(7).passes()).isEqualTo(2);
        assertThat(oneShort.programmingNs()).isEqualTo(128 * 10 * 20.0);
        assertThat(oneShort.totalLatencyNs() / resident.totalLatencyNs()).isLessThan(1.10);
        double previous = resident.totalLatencyNs();
        for (int x = 3175; x >= 2400; x--) {
            double ns = run(x).totalLatencyNs();
            assertThat(ns).as("latency at %d subarrays", x).isGreaterThanOrEqualTo(previous);
            assertThat(ns / previous).as("step to %d subarrays", x).isLessThanOrEqualTo(1.10);
            previous = ns;
        }
    }

    @Test
    void convLayersStayResidentLongest() {
        ChipReport r = run(1200);
        // the fc layers (1 vector) stream first; the conv layers (36..900 vectors) keep their weights
        assertThat(r.layers().get(6).streamedSubarrays()).isGreaterThan(0);
        assertThat(r.layers().get(7).streamedSubarrays()).isEqualTo(8);
        assertThat(r.layers().subList(0, 6)).allMatch(l -> l.streamedSubarrays() == 0);
        assertThat(r.subarraysAllocated()).isEqualTo(1200);
    }
}
