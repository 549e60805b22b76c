package org.imclab.hwsim.cost.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.imclab.common.nn.LayerInfo;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CostReport;
import org.imclab.hwsim.cost.CrossbarCostModel;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.EnergyBreakdown;
import org.imclab.hwsim.cost.LayerFixtures;
import org.imclab.hwsim.cost.ReplicaPolicy;
import org.imclab.hwsim.cost.Sweep;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.cost.SweepChipFigures;
import org.imclab.hwsim.cost.SweepPoint;
import org.imclab.hwsim.cost.SweepResult;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.imclab.hwsim.presets.NeuroSimChip;
import org.junit.jupiter.api.Test;

/** Baseline and BasisN read on the NeuroSim V1.3 chip model (neurosim-rram). */
class ChipReadsTest {

    static final ChipParams CHIP = NeuroSimChip.v13();
    static final CrossbarParams P = CrossbarPresets.get(CrossbarPresets.NEUROSIM_RRAM);

    @Test
    void onePulseByHand() {
        ChipReads reads = new ChipReads(CHIP, Workload.assumed(), P);
        // MLSA over 8 muxed column sets, then shift-add over 8 + ceil(8/4) = 10 clocks: 18 x 2.03892 ns.
        assertThat(reads.cycleNs(P)).isCloseTo(36.70056, within(1e-9));

        // One subarray pulse, 128 rows carrying input, activity 0.5 -> 64 driven rows.
        // Uniform cell levels, G_j = 1/(1/(1/900k + j/3 (1/6k - 1/900k)) + 1.5k):
        //   1.1093e-6, 5.1913e-5, 9.5510e-5, 1.3333e-4 S -> mean 7.0466e-5 S.
        // MLSA bias per conversion: 1 ns x 1.7 uW x 31 levels = 0.0527 pJ; 128 columns: 6.7456 pJ.
        // Current part per driven row: 128 x 1 ns x 0.0631 x 7.0466e-5 S = 0.56914 pJ; 64 rows: 36.425 pJ.
        EnergyBreakdown e = reads.reads("fc", false, 1, 128, P);
        // Encoders (MultilevelSAEncoder.cpp): 16 x (37 x (0.65742 + 0.18054) + 37 x (0.65742 + 0.18082) + 5 NAND16 x
        // (0.65742 + 0.92803)) fF = 16 x 69.947 fF x 0.7225 V^2 x 8 reads x epsilon 0.05 = 0.32343 pJ.
        assertThat(e.adcPj()).isCloseTo(6.7456 + 36.425 + 0.32343, within(0.05));
        // Bit lines: 128 x (128 x 4 F x 40 nm x 0.2 fF/um = 4.096 fF) x 0.25 V^2 = 0.13107 pJ;
        // shift-add 5.3267 pJ (derived, NeuroSimLeNet5DerivedTest); word-line switch matrix (NewSwitchMatrix.cpp):
        // 128 row DFFs clocked 8 times, 1024 x 5.1043 fJ = 5.2268 pJ, and per driven row 8 x (2 x 0.18054 fF x
        // 1.1^2 + 5 x 0.18054 fF x 0.5^2 + 3 x 0.65742 fF x 0.85^2) = 16.700 fJ, 64 rows: 1.0688 pJ;
        // word lines: 128 cells x 12 F x 40 nm x 0.2 fF/um = 12.288 fF + 128 access gates of 11.514 F x 22 nm x
        // 1.4298e-9 F/m = 0.36218 fF -> 58.647 fF x 0.85^2 V^2 = 0.042372 pJ per row; 64 rows: 2.7118 pJ.
        assertThat(e.arrayReadPj()).isCloseTo(0.13107 + 5.3267 + 5.2268 + 1.0688 + 2.7118, within(0.02));
        assertThat(e.dacPj()).isZero();
        // The preset's abstract reads charge 1718 pJ of array energy per crossbar-cycle alone.
        assertThat(e.totalPj()).isLessThan(ReadModelAbstract.pj(P) / 25);
    }

    /** Access to the abstract per-crossbar-cycle energy of a preset. */
    static final class ReadModelAbstract {
        static double pj(CrossbarParams p) {
            return org.imclab.hwsim.cost.ReadModel.ABSTRACT.reads("x", false, 1, 128, p).totalPj();
        }
    }

    @Test
    void refusesAnotherSubarray() {
        CrossbarParams wide = P.withOverrides(Map.of("rows", 256));
        assertThat(ChipReads.mismatch(CHIP, wide)).contains("128x128");
        assertThatThrownBy(() -> new ChipReads(CHIP, null, wide)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChipReads.mismatch(CHIP, P.withOverrides(Map.of("writeVerifyIterations", 100)))).isNull();
    }

    @Test
    void baselineAndBasisNReadTheSameChip() {
        // Linear 128 -> 32: one 128x128 subarray (32 weights x 4 cells); N = 32 -> X_B = ceil(32 x 4/128) = 1.
        // Baseline: 1 crossbar x 1 vector x 8 bits = 8 crossbar-cycles, 8 x 128 driven-row slots.
        // BasisN (dense, 1 group): 1 segment pass x 8 bits = 8 crossbar-cycles over the same 128 rows.
        List<LayerInfo> layers = List.of(LayerFixtures.linear("fc", 128, 32));
        ChipReads reads = new ChipReads(CHIP, Workload.assumed(), P);
        CrossbarCostModel model = new CrossbarCostModel(reads);
        CostReport base = model.reprogramming(layers, P, 4, 1);
        CostReport basis = model.basisN(layers, P, 4, 1, BasisNUsage.dense(layers, 32, 4, P));
        assertThat(base.programmingRounds()).isZero();
        assertThat(basis.energy().arrayReadPj()).isEqualTo(base.energy().arrayReadPj());
        assertThat(basis.energy().adcPj()).isEqualTo(base.energy().adcPj());
        // 8 pulses x (43.49 ADC + 14.47 array) pJ, as in onePulseByHand
        assertThat(base.energyPj()).isCloseTo(8 * 57.96, within(0.5));
        // BasisN adds its 1 x 32 x 32 = 1024 coefficient MACs at (0.795 + 0.373) x 32/45 = 0.830578 pJ.
        assertThat(basis.energyPj() - base.energyPj()).isCloseTo(1024 * 0.830578, within(0.01));
        // Same 8 cycles of 36.70 ns; 1024 MACs fit one cycle (10240 MACs per 80 ns -> 4697.7 per 36.70 ns).
        assertThat(base.latencyNs()).isCloseTo(8 * 36.70056, within(1e-6));
        assertThat(basis.latencyNs()).isEqualTo(base.latencyNs());

        // A basis held in high-conductance cells draws more MLSA current than uniform weights.
        CellLevels high = new CellLevels(new long[] {0, 0, 0, 10}, CellLevels.conductance(CHIP, 3));
        Workload w = new Workload(0.5, Map.of(), null, "test", Map.of(), high, null);
        CostReport hot = new CrossbarCostModel(new ChipReads(CHIP, w, P)).basisN(layers, P, 4, 1,
                BasisNUsage.dense(layers, 32, 4, P));
        assertThat(hot.energy().adcPj()).isGreaterThan(basis.energy().adcPj());
        assertThat(hot.energy().arrayReadPj()).isEqualTo(basis.energy().arrayReadPj());
    }

    @Test
    void moreWriteVerifyOnlyHurtsTheBaseline() {
        List<LayerInfo> layers = LayerFixtures.resnet50();
        BasisNUsage usage = BasisNUsage.dense(layers, 64, 4, P);
        Sweep sweep = new Sweep(new CrossbarCostModel(new ChipReads(CHIP, Workload.assumed(), P)));
        SweepResult r = sweep.sweep(layers, P, usage, SweepAxis.WRITE_VERIFY_ITERATIONS, List.of(1, 2, 5, 10, 20), 64, 1,
                ReplicaPolicy.PER_GROUP);
        for (int i = 1; i < r.points().size(); i++) {
            SweepPoint a = r.points().get(i - 1);
            SweepPoint b = r.points().get(i);
            assertThat(b.baselineCycles()).isGreaterThan(a.baselineCycles());
            assertThat(b.baselineEnergyPj()).isGreaterThan(a.baselineEnergyPj());
            assertThat(b.basisNCycles()).isEqualTo(a.basisNCycles());
            assertThat(b.cycleRatio()).isLessThan(a.cycleRatio());
            assertThat(b.edpRatio()).isLessThan(a.edpRatio());
        }
    }

    @Test
    void sweepCarriesTheChipFigures() {
        List<LayerInfo> layers = LayerFixtures.resnet50();
        BasisNUsage usage = BasisNUsage.dense(layers, 64, 4, P);
        Workload w = Workload.assumed();
        ChipCostModel chip = new ChipCostModel();
        Sweep sweep = new Sweep(new CrossbarCostModel(new ChipReads(CHIP, w, P)));
        SweepResult r = sweep.sweep(layers, P, usage, SweepAxis.CROSSBARS, List.of(64, 1024, 4096, 16384), 64, 1,
                ReplicaPolicy.PER_GROUP, (p, x, b) -> {
                    ChipReport c = chip.evaluate(layers, CHIP, p, x, b, w);
                    return new SweepChipFigures(c.totalLatencyNs(), c.totalEnergyPj(), c.edpPjNs(), c.topsPerWatt(),
                            c.streamedSubarrays());
                });
        for (int i = 0; i < r.points().size(); i++) {
            SweepChipFigures c = r.points().get(i).chip();
            ChipReport direct = chip.evaluate(layers, CHIP, P, r.values().get(i).intValue(), 1, w);
            assertThat(c.latencyNs()).isEqualTo(direct.totalLatencyNs());
            assertThat(c.energyPj()).isEqualTo(direct.totalEnergyPj());
            if (i > 0) {
                SweepChipFigures prev = r.points().get(i - 1).chip();
                assertThat(c.latencyNs()).isLessThanOrEqualTo(prev.latencyNs());
                assertThat(c.streamedSubarrays()).isLessThanOrEqualTo(prev.streamedSubarrays());
            }
        }
        assertThat(r.points().get(0).chip().streamedSubarrays()).isPositive();
        assertThat(r.points().get(3).chip().streamedSubarrays()).isZero();
    }
}
