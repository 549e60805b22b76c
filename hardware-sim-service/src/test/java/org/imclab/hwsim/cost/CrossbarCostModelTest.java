package org.imclab.hwsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.imclab.common.nn.LayerInfo;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed costs of a two-layer network on a small chip.
 *
 * <p>Chip: R = C = 128, 2 bits/cell, 8-bit weights, differential: cellsPerValue = ceil(8/2)*2 = 8.
 * 8-bit inputs, 2-bit DAC: inputCycles = 4. Cycle = max(100 ns read, 128 x 0.5 ns ADC) = 100 ns.
 * Per crossbar-cycle: array 100 pJ, ADC 128 x 1.5 = 192 pJ; DAC 0.5 pJ per active row-cycle.
 * Digital MAC 1 pJ, 1000 MACs per cycle. Programming: 100 ns per row write, 2 pJ per cell write,
 * 10 write-verify iterations, 2 crossbars written in parallel: one batch of <=2 crossbars takes
 * 128 rows x 10 x 100 ns = 128000 ns = 1280 cycles.
 *
 * <p>conv: 3x3, Cin 16, Cout 32, 8x8 output: K = 144, M = 32, P = 64. Tiles ceil(144/128) = 2 row x
 * ceil(32*8/128) = 2 column = 4 crossbars; cells 144*32*8 = 36864.
 * fc: 256 -> 10: K = 256, M = 10, P = 1. Tiles 2 x ceil(80/128) = 1 = 2 crossbars; cells
 * 256*10*8 = 20480. Network: 6 crossbars, 57344 cells.
 */
class CrossbarCostModelTest {

    private static final double PJ = 1e-6;
    private final CrossbarCostModel model = new CrossbarCostModel();

    static CrossbarParams small() {
        return new CrossbarParams(128, 128, 2, 8, true, 8, 2, 8, 1.5, 128, 0.5, 100, 100, 0.5, 1.0, 1000,
                100, 2.0, 10, 2);
    }

    static List<LayerInfo> net() {
        return List.of(
                LayerFixtures.conv("conv", 16, 32, 3, 1, 8, 8),
                LayerFixtures.batchNorm("bn", 32, 8),
                LayerFixtures.linear("fc", 256, 10));
    }

    @Test
    void residentWeightsAreProgrammedOnce() {
        CostReport r = model.reprogramming(net(), small(), 6, 1);
        assertThat(r.mapping()).isEqualTo("reprogramming");
        assertThat(r.layers()).extracting(LayerCost::name).containsExactly("conv", "fc");
        assertThat(r.crossbarsNeeded()).isEqualTo(6);
        assertThat(r.programmingRounds()).isZero();

        LayerCost conv = r.layers().get(0);
        assertThat(conv.crossbars()).isEqualTo(4);
        // P x inputCycles = 64 x 4; the 4 tiles run in parallel
        assertThat(conv.computeCycles()).isEqualTo(256);
        assertThat(conv.programmingCycles()).isZero();
        // 4 tiles x 256 cycles
        assertThat(conv.crossbarCycles()).isEqualTo(1024);
        assertThat(conv.energy().arrayReadPj()).isCloseTo(1024 * 100.0, within(PJ)); // 102400
        assertThat(conv.energy().adcPj()).isCloseTo(1024 * 128 * 1.5, within(PJ)); // 196608
        // 2 column tiles x 144 active rows x 64 pixels x 4 cycles x 0.5 pJ
        assertThat(conv.energy().dacPj()).isCloseTo(36864.0, within(PJ));
        assertThat(conv.energy().digitalMacPj()).isZero();
        assertThat(conv.energy().programmingPj()).isZero();
        assertThat(conv.utilisation()).isCloseTo(1024.0 / (6 * 256), within(1e-12));

        LayerCost fc = r.layers().get(1);
        assertThat(fc.crossbars()).isEqualTo(2);
        assertThat(fc.computeCycles()).isEqualTo(4); // 1 pixel x 4
        assertThat(fc.crossbarCycles()).isEqualTo(8);
        assertThat(fc.energy().arrayReadPj()).isCloseTo(800.0, within(PJ));
        assertThat(fc.energy().adcPj()).isCloseTo(8 * 192.0, within(PJ)); // 1536
        assertThat(fc.energy().dacPj()).isCloseTo(256 * 4 * 0.5, within(PJ)); // 512

        assertThat(r.computeCycles()).isEqualTo(260);
        assertThat(r.programmingCycles()).isZero();
        assertThat(r.cycles()).isEqualTo(260.0);
        assertThat(r.latencyNs()).isCloseTo(26000.0, within(1e-9));
        // 102400 + 196608 + 36864 + 800 + 1536 + 512
        assertThat(r.energyPj()).isCloseTo(338720.0, within(PJ));
        assertThat(r.edpPjNs()).isCloseTo(338720.0 * 26000.0, within(1e-3));
        assertThat(r.edpJs()).isCloseTo(8.80672e-12, within(1e-24));
        assertThat(r.mappingUtilisation()).isCloseTo(57344.0 / (6 * 16384), within(1e-12));
        assertThat(r.chipUtilisation()).isCloseTo(1032.0 / (6 * 260), within(1e-12));

        // one-time: ceil(6/2) = 3 write batches x 128000 ns; 57344 cells x 2 pJ x 10
        assertThat(r.oneTimeProgramming().crossbars()).isEqualTo(6);
        assertThat(r.oneTimeProgramming().cellsWritten()).isEqualTo(57344);
        assertThat(r.oneTimeProgramming().latencyNs()).isCloseTo(384000.0, within(1e-9));
        assertThat(r.oneTimeProgramming().cycles()).isCloseTo(3840.0, within(1e-9));
        assertThat(r.oneTimeProgramming().energyPj()).isCloseTo(1146880.0, within(PJ));
        assertThat(r.programmingPerBatch()).isEqualTo(ProgrammingCost.NONE);

        // a larger batch changes nothing when nothing is reprogrammed
        assertThat(model.reprogramming(net(), small(), 1000, 64).cycles()).isEqualTo(260.0);
    }

    @Test
    void streamingWeightsReprogramEveryBatch() {
        // X = 4: round 1 = conv (4 crossbars), round 2 = fc (2; does not fit the full round 1)
        // round 1: ceil(4/2) = 2 x 128000 = 256000 ns; round 2: 1 x 128000 ns; batch of 4
        CostReport r = model.reprogramming(net(), small(), 4, 4);
        assertThat(r.programmingRounds()).isEqualTo(2);
        LayerCost conv = r.layers().get(0);
        LayerCost fc = r.layers().get(1);
        assertThat(conv.computeCycles()).isEqualTo(256);
        assertThat(conv.programmingCycles()).isCloseTo(256000.0 / 4 / 100, within(1e-9)); // 640
        assertThat(fc.programmingCycles()).isCloseTo(128000.0 / 4 / 100, within(1e-9)); // 320
        assertThat(conv.cycles()).isCloseTo(896.0, within(1e-9));
        assertThat(conv.latencyNs()).isCloseTo(89600.0, within(1e-6));
        // 36864 cells x 2 pJ x 10 / 4 and 20480 x 20 / 4
        assertThat(conv.energy().programmingPj()).isCloseTo(184320.0, within(PJ));
        assertThat(fc.energy().programmingPj()).isCloseTo(102400.0, within(PJ));

        assertThat(r.computeCycles()).isEqualTo(260);
        assertThat(r.programmingCycles()).isCloseTo(960.0, within(1e-9));
        assertThat(r.cycles()).isCloseTo(1220.0, within(1e-9));
        assertThat(r.latencyNs()).isCloseTo(122000.0, within(1e-6));
        // 338720 compute + 184320 + 102400
        assertThat(r.energyPj()).isCloseTo(625440.0, within(PJ));
        assertThat(r.energy().programmingPj()).isCloseTo(286720.0, within(PJ));

        assertThat(r.programmingPerBatch().latencyNs()).isCloseTo(384000.0, within(1e-9));
        assertThat(r.programmingPerBatch().cycles()).isCloseTo(3840.0, within(1e-9));
        assertThat(r.programmingPerBatch().energyPj()).isCloseTo(1146880.0, within(PJ));
        assertThat(r.oneTimeProgramming()).isEqualTo(ProgrammingCost.NONE);

        // batch 1 pays the whole round cost per inference: 260 + 3840 cycles
        CostReport one = model.reprogramming(net(), small(), 4, 1);
        assertThat(one.cycles()).isCloseTo(4100.0, within(1e-9));
        assertThat(one.energy().programmingPj()).isCloseTo(1146880.0, within(PJ));
    }

    @Test
    void layerLargerThanTheChipIsSplitAcrossRounds() {
        // X = 3: conv (4 > 3) fills round 1 with 3 tiles, its 4th tile opens round 2 where fc (2) joins:
        // rounds [conv 3], [conv 1 + fc 2]. Each round: ceil(3/2) = 2 x 128000 = 256000 ns. Batch 2.
        CostReport r = model.reprogramming(net(), small(), 3, 2);
        assertThat(r.programmingRounds()).isEqualTo(2);
        LayerCost conv = r.layers().get(0);
        LayerCost fc = r.layers().get(1);
        // conv spans 2 rounds: 2 x 64 x 4
        assertThat(conv.computeCycles()).isEqualTo(512);
        assertThat(fc.computeCycles()).isEqualTo(4);
        // conv: (256000 + 256000 x 1/3) / 2 / 100; fc: 256000 x 2/3 / 2 / 100
        assertThat(conv.programmingCycles()).isCloseTo(1706.0 + 2.0 / 3, within(1e-9));
        assertThat(fc.programmingCycles()).isCloseTo(853.0 + 1.0 / 3, within(1e-9));
        assertThat(r.programmingCycles()).isCloseTo(2560.0, within(1e-9));
        assertThat(r.cycles()).isCloseTo(3076.0, within(1e-9));
        // conv 4 tiles x 256 crossbar-cycles over 3 x 512 chip-cycles
        assertThat(conv.utilisation()).isCloseTo(1024.0 / (3 * 512), within(1e-12));
        // 36864 x 20 / 2 and 20480 x 20 / 2
        assertThat(conv.energy().programmingPj()).isCloseTo(368640.0, within(PJ));
        assertThat(fc.energy().programmingPj()).isCloseTo(204800.0, within(PJ));
        assertThat(r.energyPj()).isCloseTo(338720.0 + 368640.0 + 204800.0, within(PJ));
    }

    @Test
    void basisNDenseUsage() {
        // N = 64: X_B = ceil(64 x 8 / 128) = 4; dense: 4 groups, nnz = S x N x M
        BasisNUsage usage = BasisNUsage.dense(net(), 64, 8, small());
        assertThat(usage.basisCrossbars(small())).isEqualTo(4);
        assertThat(usage.layers()).containsOnlyKeys("conv", "fc");
        assertThat(usage.layers().get("conv")).isEqualTo(new LayerBasisUsage(4, 2 * 64 * 32)); // 4096
        assertThat(usage.layers().get("fc")).isEqualTo(new LayerBasisUsage(4, 2 * 64 * 10)); // 1280

        CostReport r = model.basisN(net(), small(), 8, 1, usage);
        assertThat(r.mapping()).isEqualTo("basisN");
        assertThat(r.crossbarsNeeded()).isEqualTo(4);
        assertThat(r.basisReplicas()).isEqualTo(2);
        assertThat(r.programmingCycles()).isZero();

        LayerCost conv = r.layers().get(0);
        // parallelPasses = floor(8/4) = 2; P x S = 64 x 2 = 128 passes -> ceil(128/2) x 4 = 256 analog cycles
        assertThat(conv.computeCycles()).isEqualTo(256);
        // 64 pixels x 4096 nnz = 262144 MACs -> ceil(262144 / 1000) = 263 cycles: digital-bound
        assertThat(conv.digitalMacs()).isEqualTo(262144);
        assertThat(conv.digitalCycles()).isEqualTo(263);
        assertThat(conv.cycles()).isEqualTo(263.0);
        assertThat(conv.crossbars()).isEqualTo(4);
        // 128 passes x 4 crossbars x 4 cycles = 2048 crossbar-cycles
        assertThat(conv.crossbarCycles()).isEqualTo(2048);
        assertThat(conv.energy().arrayReadPj()).isCloseTo(204800.0, within(PJ));
        assertThat(conv.energy().adcPj()).isCloseTo(2048 * 192.0, within(PJ)); // 393216
        // 144 rows x 64 pixels x 4 crossbars x 4 cycles x 0.5 pJ
        assertThat(conv.energy().dacPj()).isCloseTo(73728.0, within(PJ));
        assertThat(conv.energy().digitalMacPj()).isCloseTo(262144.0, within(PJ));
        assertThat(conv.energy().programmingPj()).isZero();

        LayerCost fc = r.layers().get(1);
        // 1 x 2 passes -> ceil(2/2) x 4 = 4; 1280 MACs -> 2 digital cycles
        assertThat(fc.computeCycles()).isEqualTo(4);
        assertThat(fc.digitalCycles()).isEqualTo(2);
        assertThat(fc.cycles()).isEqualTo(4.0);
        assertThat(fc.energy().totalPj()).isCloseTo(3200 + 6144 + 2048 + 1280, within(PJ)); // 12672

        assertThat(r.computeCycles()).isEqualTo(267);
        assertThat(r.cycles()).isEqualTo(267.0);
        assertThat(r.latencyNs()).isCloseTo(26700.0, within(1e-9));
        assertThat(r.energyPj()).isCloseTo(933888.0 + 12672.0, within(PJ));
        assertThat(r.energy().digitalMacPj()).isCloseTo(262144.0 + 1280.0, within(PJ));
        // one copy: 128 x 64 x 8 = 65536 cells on 4 crossbars of 16384
        assertThat(r.mappingUtilisation()).isCloseTo(1.0, within(1e-12));

        // one-time (PER_GROUP fills all 8 crossbars): ceil(8/2) = 4 x 128000 ns; 8 x 65536/4 cells x 2 pJ x 10
        assertThat(r.oneTimeProgramming().crossbars()).isEqualTo(8);
        assertThat(r.oneTimeProgramming().cellsWritten()).isEqualTo(131072);
        assertThat(r.oneTimeProgramming().latencyNs()).isCloseTo(512000.0, within(1e-9));
        assertThat(r.oneTimeProgramming().cycles()).isCloseTo(5120.0, within(1e-9));
        assertThat(r.oneTimeProgramming().energyPj()).isCloseTo(2621440.0, within(PJ));

        // the batch never enters BasisN's per-inference cost
        assertThat(model.basisN(net(), small(), 8, 256, usage).cycles()).isEqualTo(267.0);
    }

    @Test
    void basisNGroupSparsityRunsMorePassesInParallel() {
        BasisNUsage usage = new BasisNUsage(64, 8, Map.of(
                "conv", new LayerBasisUsage(1, 1000),
                "fc", new LayerBasisUsage(2, 500)));
        CostReport r = model.basisN(net(), small(), 8, 1, usage);
        LayerCost conv = r.layers().get(0);
        // floor(8/1) = 8 parallel passes: ceil(128/8) x 4 = 64; 64 x 1000 MACs / 1000 = 64 digital cycles
        assertThat(conv.computeCycles()).isEqualTo(64);
        assertThat(conv.digitalCycles()).isEqualTo(64);
        assertThat(conv.crossbars()).isEqualTo(1);
        // 128 passes x 1 crossbar x 4 cycles = 512 crossbar-cycles
        assertThat(conv.energy().arrayReadPj()).isCloseTo(51200.0, within(PJ));
        assertThat(conv.energy().adcPj()).isCloseTo(98304.0, within(PJ));
        assertThat(conv.energy().dacPj()).isCloseTo(144 * 64 * 1 * 4 * 0.5, within(PJ)); // 18432
        assertThat(conv.energy().digitalMacPj()).isCloseTo(64000.0, within(PJ));
        assertThat(conv.utilisation()).isCloseTo(512.0 / (8 * 64), within(1e-12));
        LayerCost fc = r.layers().get(1);
        // floor(8/2) = 4: ceil(2/4) x 4 = 4; 500 MACs -> 1 cycle; 2 passes x 2 crossbars x 4 = 16
        assertThat(fc.computeCycles()).isEqualTo(4);
        assertThat(fc.digitalCycles()).isEqualTo(1);
        assertThat(fc.energy().totalPj()).isCloseTo(1600 + 3072 + 1024 + 500, within(PJ));
        assertThat(r.cycles()).isEqualTo(68.0);

        // FULL_BASIS: only floor(8/4) = 2 whole copies, so sparsity saves energy but not time
        CostReport full = model.basisN(net(), small(), 8, 1, usage, ReplicaPolicy.FULL_BASIS);
        assertThat(full.layers().get(0).computeCycles()).isEqualTo(256);
        assertThat(full.layers().get(0).energy().arrayReadPj()).isCloseTo(51200.0, within(PJ));
        assertThat(full.oneTimeProgramming().crossbars()).isEqualTo(8);
        assertThat(full.oneTimeProgramming().cellsWritten()).isEqualTo(131072);
        // X = 9 holds 2 copies and a spare crossbar that FULL_BASIS leaves unprogrammed
        CostReport nine = model.basisN(net(), small(), 9, 1, usage, ReplicaPolicy.FULL_BASIS);
        assertThat(nine.basisReplicas()).isEqualTo(2);
        assertThat(nine.oneTimeProgramming().crossbars()).isEqualTo(8);
    }

    @Test
    void basisNRejectsInvalidBudgetsAndUsage() {
        BasisNUsage dense = BasisNUsage.dense(net(), 64, 8, small());
        assertThatThrownBy(() -> model.basisN(net(), small(), 3, 1, dense))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crossbarBudget")
                .hasMessageContaining("X_B = 4");
        assertThatThrownBy(() -> model.basisN(net(), small(), 8, 1, new BasisNUsage(64, 8,
                Map.of("conv", new LayerBasisUsage(5, 10), "fc", new LayerBasisUsage(1, 10)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'conv'");
        assertThatThrownBy(() -> model.basisN(net(), small(), 8, 1, new BasisNUsage(64, 8,
                Map.of("conv", new LayerBasisUsage(1, 10)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fc'");
        assertThatThrownBy(() -> model.basisN(net(), small(), 8, 1, new BasisNUsage(64, 8,
                Map.of("conv", new LayerBasisUsage(1, 4097), "fc", new LayerBasisUsage(1, 10)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'conv'");
        assertThatThrownBy(() -> new LayerBasisUsage(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> model.reprogramming(net(), small(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crossbarBudget");
        assertThatThrownBy(() -> model.reprogramming(net(), small(), 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
        assertThatThrownBy(() -> model.reprogramming(List.of(LayerFixtures.batchNorm("bn", 4, 4)), small(), 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no conv or linear");
    }

    @Test
    void groupedConvolutionIsMappedPerGroup() {
        // depthwise-like: 3x3, 32 -> 32, groups 4: each group K = 9*8 = 72, M_g = 8 -> 1 x ceil(64/128) = 1 tile
        LayerInfo g = new LayerInfo("gconv", "conv", List.of(), new int[] {32, 8, 8}, new int[] {32, 8, 8},
                32, 32, 3, 1, 4, 9L * 8 * 32, 9L * 8 * 32 * 64);
        CostReport r = model.reprogramming(List.of(g), small(), 16, 1);
        assertThat(r.layers().get(0).crossbars()).isEqualTo(4);
        // 4 groups x 72 rows x 64 pixels x 4 cycles x 0.5 pJ
        assertThat(r.layers().get(0).energy().dacPj()).isCloseTo(36864.0, within(PJ));
        BasisNUsage dense = BasisNUsage.dense(List.of(g), 64, 8, small());
        // groups x S x N x M_g = 4 x 1 x 64 x 8
        assertThat(dense.layers().get("gconv").nonzeroCoefficients()).isEqualTo(2048);
        // 4 groups x 64 pixels x 1 segment = 256 passes over floor(16/4) = 4 -> 64 x 4 cycles
        assertThat(model.basisN(List.of(g), small(), 16, 1, dense).layers().get(0).computeCycles()).isEqualTo(256);
    }

    @Test
    void baselineCyclesNeverGrowWithMoreCrossbars() {
        CrossbarParams isaac = CrossbarPresets.get(CrossbarPresets.ISAAC_PUMA);
        List<LayerInfo> resnet = LayerFixtures.resnet50();
        double previous = Double.POSITIVE_INFINITY;
        for (int x = 1; x <= 1 << 16; x *= 2) {
            double cycles = model.reprogramming(resnet, isaac, x, 16).cycles();
            assertThat(cycles).as("X = %d", x).isLessThanOrEqualTo(previous);
            previous = cycles;
        }
        // With one crossbar written at a time the per-batch write time is the same for every streaming
        // X and only the spans of split layers shrink, so every X counts.
        CrossbarParams serialWrites = small().withOverrides(Map.of("parallelWriteCrossbars", 1));
        previous = Double.POSITIVE_INFINITY;
        for (int x = 1; x <= 40; x++) {
            double cycles = model.reprogramming(net(), serialWrites, x, 3).cycles();
            assertThat(cycles).as("X = %d", x).isLessThanOrEqualTo(previous);
            previous = cycles;
        }
    }

    @Test
    void writeParallelismQuantisesRounds() {
        // Not monotone between powers of two: with 2 crossbars written at a time, X = 2 gives rounds
        // [conv 2][conv 2][fc 2] = 3 write slots, X = 3 gives [conv 3][conv 1 + fc 2] = 2 + 2 = 4 slots.
        // batch 3: X = 2 -> 516 + 3 x 128000 / 3 / 100 = 1796; X = 3 -> 516 + 4 x 128000 / 3 / 100
        assertThat(model.reprogramming(net(), small(), 2, 3).cycles()).isCloseTo(1796.0, within(1e-9));
        assertThat(model.reprogramming(net(), small(), 3, 3).cycles()).isCloseTo(516.0 + 5120.0 / 3, within(1e-9));
    }

    @Test
    void resnet50OnIsaacShowsTheBasisNGap() {
        CrossbarParams isaac = CrossbarPresets.get(CrossbarPresets.ISAAC_PUMA);
        List<LayerInfo> resnet = LayerFixtures.resnet50();
        assertThat(resnet.stream().filter(LayerInfo::isWeightLayer).count()).isEqualTo(54);
        CostReport base = model.reprogramming(resnet, isaac, 256, 1);
        BasisNUsage dense = BasisNUsage.dense(resnet, 64, 8, isaac);
        CostReport basis = model.basisN(resnet, isaac, 256, 1, dense);
        assertThat(base.programmingRounds()).isGreaterThan(1);
        assertThat(base.programmingCycles()).isGreaterThan(base.computeCycles());
        assertThat(basis.cycles()).isLessThan(base.cycles());
        assertThat(basis.edpPjNs()).isLessThan(base.edpPjNs());
        double sumLayers = base.layers().stream().mapToDouble(LayerCost::cycles).sum();
        assertThat(sumLayers).isCloseTo(base.cycles(), within(1e-6 * base.cycles()));
    }
}
