package org.imclab.hwsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sweeps of the two-layer network of {@link CrossbarCostModelTest}; numbers derived there. */
class SweepTest {

    private final Sweep sweep = new Sweep();
    private final CrossbarParams p = CrossbarCostModelTest.small();
    private final BasisNUsage dense = BasisNUsage.dense(CrossbarCostModelTest.net(), 64, 8, p);

    @Test
    void crossbarsAxis() {
        SweepResult r = sweep.sweep(CrossbarCostModelTest.net(), p, dense, SweepAxis.CROSSBARS, List.of(3, 4, 8), 0, 4);
        assertThat(r.axis()).isEqualTo(SweepAxis.CROSSBARS);
        assertThat(r.values()).containsExactly(3, 4, 8);
        assertThat(r.points()).hasSize(3);

        SweepPoint three = r.points().get(0);
        // 516 compute + 2 rounds x 256000 ns / batch 4 / 100 ns = 1280 programming cycles
        assertThat(three.baselineCycles()).isCloseTo(1796.0, within(1e-9));
        assertThat(three.baselineRounds()).isEqualTo(2);
        assertThat(three.basisNCycles()).isNull();
        assertThat(three.cycleRatio()).isNull();
        assertThat(three.basisNInfeasible()).contains("X_B = 4");

        SweepPoint four = r.points().get(1);
        assertThat(four.baselineCycles()).isCloseTo(1220.0, within(1e-9));
        // BasisN on 4 crossbars: 1 pass at a time: conv 128 x 4 = 512, fc 2 x 4 = 8
        assertThat(four.basisNCycles()).isEqualTo(520.0);
        assertThat(four.cycleRatio()).isCloseTo(520.0 / 1220.0, within(1e-12));
        assertThat(four.baselineEnergyPj()).isCloseTo(625440.0, within(1e-6));
        assertThat(four.edpRatio()).isCloseTo(four.basisNEdpPjNs() / four.baselineEdpPjNs(), within(1e-15));
        assertThat(four.energyRatio()).isCloseTo(four.basisNEnergyPj() / four.baselineEnergyPj(), within(1e-15));

        SweepPoint eight = r.points().get(2);
        assertThat(eight.baselineCycles()).isEqualTo(260.0);
        assertThat(eight.baselineRounds()).isZero();
        assertThat(eight.basisNCycles()).isEqualTo(267.0);
    }

    @Test
    void batchAndWriteVerifyAxes() {
        SweepResult batch = sweep.sweep(CrossbarCostModelTest.net(), p, dense, SweepAxis.BATCH, List.of(1, 4), 4, 0);
        // 260 + 3840 / batch
        assertThat(batch.points()).extracting(SweepPoint::baselineCycles).containsExactly(4100.0, 1220.0);

        SweepResult wv = sweep.sweep(CrossbarCostModelTest.net(), p, dense, SweepAxis.WRITE_VERIFY_ITERATIONS,
                List.of(10, 20), 4, 4);
        // programming time and energy scale with the iterations: 960 -> 1920 cycles
        assertThat(wv.points()).extracting(SweepPoint::baselineCycles).containsExactly(1220.0, 2180.0);
        assertThat(wv.points().get(1).basisNCycles()).isEqualTo(520.0);
    }

    @Test
    void bitsPerCellAxisRescalesTheBasis() {
        SweepResult r = sweep.sweep(CrossbarCostModelTest.net(), p, dense, SweepAxis.BITS_PER_CELL,
                List.of(2, 4), 8, 1);
        // 4 bits/cell: cellsPerValue = 2 x 2 = 4, X_B = ceil(64 x 4 / 128) = 2, parallel passes floor(8/2) = 4:
        // conv ceil(128/4) x 4 = 128 analog vs 263 digital; fc ceil(2/4) x 4 = 4
        assertThat(r.points().get(0).basisNCycles()).isEqualTo(267.0);
        assertThat(r.points().get(1).basisNCycles()).isEqualTo(263.0 + 4.0);
        BasisNUsage rescaled = dense.rescaledTo(p, p.withOverrides(java.util.Map.of("bitsPerCell", 4)));
        assertThat(rescaled.layers().get("conv").groupsUsed()).isEqualTo(2);
        // conv tiles at 4 bits/cell: 2 x ceil(32 x 4 / 128) = 2, fc 2: resident on 8 crossbars
        assertThat(r.points().get(1).baselineCycles()).isEqualTo(260.0);
    }

    @Test
    void defaultCrossbarsAxisIsPowersOfTwo() {
        assertThat(SweepAxis.CROSSBARS.defaultValues())
                .containsExactly(8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096);
        SweepResult r = sweep.sweep(CrossbarCostModelTest.net(), p, dense, SweepAxis.CROSSBARS, null, 0, 1);
        assertThat(r.points()).hasSize(10);
    }

    @Test
    void rejectsNonIntegerBudgets() {
        assertThatThrownBy(() -> sweep.sweep(CrossbarCostModelTest.net(), p, dense, SweepAxis.CROSSBARS,
                List.of(4.5), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CROSSBARS");
    }
}
