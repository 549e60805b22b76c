package org.imclab.hwsim.cost.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.imclab.hwsim.cost.LayerFixtures;
import org.imclab.hwsim.presets.NeuroSimChip;
import org.junit.jupiter.api.Test;

/**
 * The interconnect and leakage mechanisms (Interconnect, docs/hwsim.md "Interconnect") checked from
 * outside the VGG-8 calibration, on an MLP the calibration never saw, with every figure derived by hand.
 *
 * <p>Wires (NeuroSimCircuits, checked in NeuroSimLeNet5DerivedTest): H-tree 4.8692e-5 pJ per bit and um,
 * PE bus 5.8476e-5 pJ per bit and um; H-tree delay 3.7728e-4 ns/um on stages below 2,200 um, 3.5436e-4
 * above. Geometry of the preset's chip: subarray slot 11,787.79 um^2 (array 380.6 + 16 MLSAs 6060.3 +
 * shift-add 894.3 + level shifters, switch matrices and mux 4452.5); laid out, a subarray is 282.719 um
 * wide and 265.621 um high with its periphery (NeuroSimSubarrayLayoutTest derives all three); a 512 x
 * 512 PE is 16 slots + its adder trees 4,894.33 + its register files 2,828.39 (1024 input DFFs in one
 * column 4 subarrays = 1062.49 um high, 2.0064 um wide: 2131.77; 304 output DFFs in one row 4 subarrays =
 * 1130.88 um wide, 0.616 um high: 696.62) = 196,327.4 um^2, 443.089 um on a side; a 1024 x 1024
 * conventional tile is 2 x 2 PEs + tile trees 889.88 + buffers 3,322.21 (2 cores of 1024 input DFFs + 640
 * output DFFs, 1.23594 um^2 each) + its H-tree 4,367.08 (main bus only: 256 bits x 0.616 um / 16 x
 * 443.089 um) = 793,888.9 um^2, 891.004 um on a side.
 */
class NeuroSimInterconnectDerivedTest {

    static final ChipParams P = NeuroSimChip.v13();
    static final double H_TREE = 4.8692e-5;
    static final double BUS = 5.8476e-5;

    static ChipReport run(int hidden) {
        List<ChipLayer> net = ChipLayer.of(List.of(LayerFixtures.linear("fc1", 784, hidden),
                LayerFixtures.linear("fc2", hidden, 512), LayerFixtures.linear("fc3", 512, 10)));
        return new ChipCostModel().evaluateNetwork(net, P, NeuroSimVgg8CalibrationTest.WRITE, 100_000, 1,
                Workload.assumed());
    }

    @Test
    void treePathsByHand() {
        // HTree.cpp CalculatePower over a 7 x 7 grid: n = 3 levels, (2^3 - 1)/2 = 3.5 sides each way, main bus
        // from floor(log2 7) = 2 to the nearer edge: 2 sides -> 9 sides; a novel tile's 9 x 9 PE tree: n = 4,
        // 7.5 + 7.5 + 3 = 18 PE sides; a conventional tile's 2 x 2: 0.5 + 0.5 + 1 = 2; one tile: none.
        assertThat(Interconnect.energyPathUm(7, 7, 1, 1)).isEqualTo(9);
        assertThat(Interconnect.energyPathUm(9, 9, 1, 1)).isEqualTo(18);
        assertThat(Interconnect.energyPathUm(2, 2, 1, 1)).isEqualTo(2);
        assertThat(Interconnect.energyPathUm(1, 1, 1, 1)).isZero();
        // CalculateLatency charges twice the stage lengths: 7 + 7 + 2 sides on the 7 x 7 grid
        ChipWires x = P.wires();
        assertThat(Interconnect.delayNs(7, 7, 100, 100, x)).isCloseTo(1600 * x.htreeNsPerUmNarrow(), within(1e-9));
    }

    @Test
    void mlpInterconnectByHand() {
        // 784 -> 512 -> 512 -> 10, conventional only: tiles 2 + 2 + 1 = 5 on a ceil(sqrt 5) = 3 x 2 grid;
        // chip bus 3 layers x (1024 + 1024/8) = 3456 bits, halved to 1728 (Chip.cpp, max 2048).
        ChipReport r = run(512);
        ChipLayerCost fc3 = NeuroSimLeNet5DerivedTest.layer(r, "fc3");
        // fc3 (512 -> 10, one vector): global 512 x 8 + 10 x 8 = 4176 bits -> 3 transfers of 1728 = 5184 bits
        // over 3 x 2: n = 2, 1.5 + 1.5 sides + main bus 1 side = 4 x 891.004 um: 5184 x 3564.02 x 4.8692e-5 =
        // 899.63 pJ. Tile tree: 512 x 8 = 4096 input bits + 10 sums x 21 bits = 210 over 2 PE sides (886.177 um):
        // 185.80 pJ. PE buses (Bus.cpp, lengths of whole subarrays, periphery included): 4096 bits along 3
        // subarray widths (848.158 um) = 203.15 pJ, 10 x 5 sense bits down 3 heights (796.860 um) = 2.33 pJ.
        // 1290.91 pJ.
        assertThat(fc3.energyPj().interconnect()).isCloseTo(899.63 + 185.80 + 203.15 + 2.33, within(0.1));
        // Latency: tile tree 4306 / 256 = 16.82 transfers, each 2 x 443.09 + 443.09 um x 3.7728e-4 = 0.502 ns
        // -> 1 cycle; chip tree 3 transfers over 2 x 1782.0 + 2 x 891.0 + 891.0 um = 2.353 ns -> 3 cycles each:
        // 25.82 cycles x 2.03892 ns = 52.65 ns.
        assertThat(fc3.latencyNs().interconnect()).isCloseTo((4306 / 256.0 + 9) * 2.03892, within(0.01));
    }

    @Test
    void moreTilesMeanALongerChipTreeAndMoreIdleLeakage() {
        ChipReport small = run(512);
        ChipReport large = run(4096);
        ChipLayerCost a = NeuroSimLeNet5DerivedTest.layer(small, "fc3");
        ChipLayerCost b = NeuroSimLeNet5DerivedTest.layer(large, "fc3");
        // A 4096-wide hidden layer: fc1 16 tiles, fc2 4 x 2 = 8, fc3 1 -> 25 tiles on 5 x 5: n = 3, 3.5 + 3.5 +
        // main bus 2 = 9 tile sides per bit instead of 4. fc3 moves the same 5184 bits, so its H-tree energy
        // grows by 5184 x 5 x 891.004 um x 4.8692e-5 = 1124.53 pJ and nothing else in it changes.
        assertThat(b.energyPj().interconnect() - a.energyPj().interconnect()).isCloseTo(1124.53, within(0.2));
        // Its chip-tree transfer: stages 3564.0 um (wide wire, > 2200 um), 1782.0 and 891.0 um each way, main bus
        // 2 x 891.0 um: 2.5259 + 1.3446 + 0.6723 + 0.6723 = 5.22 ns -> 6 cycles instead of 3, for 3 transfers.
        assertThat(b.latencyNs().interconnect() - a.latencyNs().interconnect()).isCloseTo(9 * 2.03892, within(1e-6));
        // Leakage, layer by layer (main.cpp): while fc3 runs, the other layers' tiles idle and leak at fc3's tile
        // leakage, derived (Tile.cpp, ProcessingUnit.cpp, formula.cpp; I_off 1e-4 A/m, vdd 0.85 V): 64 subarray
        // peripheries x 0.162395 uW + 4 PEs x (64 trees x (2 x 18 + 19) adder bits x 1.3422e-4 uW + (1024 + 304)
        // DFFs x 1.56332e-4 uW) + buffers (1024 + 640) DFFs + two 5-bit decoders 0.00248 uW (no tile tree: fc3's
        // 512 rows fill one PE row) = 10.3933 + 2.7203 + 0.2601 + 0.0025 = 13.376 uW.
        List<ChipLayer> net = ChipLayer.of(List.of(LayerFixtures.linear("fc1", 784, 512),
                LayerFixtures.linear("fc2", 512, 512), LayerFixtures.linear("fc3", 512, 10)));
        Floorplan fp = Floorplan.plan(net, P);
        double tile = ChipCostModel.tileLeakageUw(net.get(2), fp.layers().get(2), fp, P);
        assertThat(tile).isCloseTo(13.376, within(0.002));
        // 4 idle tiles x fc3's latency before, 24 after. fc3's latency grows by the 9 H-tree cycles above and by
        // its global buffer wait (Chip.cpp): the buffer has ceil(8 x largest layer input / (128 x 128)) cores and
        // moves one 128-bit line per core and cycle; a layer gets only its share of the bus, ceil(all tiles / its
        // tiles). Before: 784 x 8 bits -> 1 core, 4176 / 128 = 32.625 cycles per share x 5 shares = 163.1
        // cycles; after: fc2's 4096 x 8 bits -> 2 cores, 16.3125 x 25 = 407.8 cycles. (244.7 + 9) x 2.03892 ns.
        assertThat(a.leakagePj()).isCloseTo(4 * a.totalLatencyNs() * tile * 1e-3, within(1e-9));
        assertThat(b.leakagePj()).isCloseTo(24 * b.totalLatencyNs() * tile * 1e-3, within(1e-9));
        assertThat(b.totalLatencyNs() - a.totalLatencyNs()).isCloseTo((407.8125 - 163.125 + 9) * 2.03892, within(0.01));
    }
}
