package org.imclab.hwsim.cost.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.imclab.common.nn.LayerInfo;
import org.imclab.hwsim.cost.LayerFixtures;
import org.junit.jupiter.api.Test;

/**
 * Structure of the chip-level model on shapes other than the calibration network: ResNet-50 at
 * 224x224 (1x1, 3x3 and 7x7 convs, strides) and a 3-layer MLP.
 */
class ChipStructureTest {

    private final ChipCostModel model = new ChipCostModel();
    private final ChipParams p = NeuroSimVgg8CalibrationTest.P;

    private ChipReport run(List<LayerInfo> layers, int budget, double activity) {
        return model.evaluate(layers, p, NeuroSimVgg8CalibrationTest.WRITE, budget, 1, Workload.ofActivity(activity));
    }

    @Test
    void resnet50CountsAndSums() {
        List<LayerInfo> net = LayerFixtures.resnet50();
        List<ChipLayer> layers = ChipLayer.of(net);
        Floorplan fp = Floorplan.plan(layers, p);
        // 3x3 is the most common kernel (16 convs): numPENM = 9; every 3x3 conv has Cin*9 >= 128 -> novel
        assertThat(fp.numPeNm()).isEqualTo(9);
        for (int i = 0; i < layers.size(); i++) {
            ChipLayer l = layers.get(i);
            Floorplan.Placement pl = fp.layers().get(i);
            assertThat(pl.novel()).isEqualTo(l.k() == 3);
            // needed: NM 9 x ceil(Cin/128) x ceil(4 Cout/128); CM ceil(Cin k^2/128) x ceil(4 Cout/128)
            long cols = (4L * l.cout() + 127) / 128;
            long expected = pl.novel() ? 9 * ((l.cin() + 127) / 128) * cols : ((l.weightRows() + 127) / 128) * cols;
            assertThat(pl.subarraysNeeded()).as(l.name()).isEqualTo(expected);
            assertThat(pl.subarraysAllocated()).as(l.name()).isGreaterThanOrEqualTo(pl.subarraysNeeded() * pl.duplication());
        }
        ChipReport r = run(net, (int) fp.subarraysAllocated(), 0.5);
        assertThat(r.subarraysNeeded()).isEqualTo(fp.subarraysNeeded());
        assertThat(r.resident()).isTrue();
        assertThat(r.layers()).hasSize(54);
        // per-layer parts sum to the totals
        assertThat(r.layers().stream().mapToDouble(ChipLayerCost::totalLatencyNs).sum())
                .isCloseTo(r.totalLatencyNs(), within(r.totalLatencyNs() * 1e-9));
        assertThat(r.layers().stream().mapToDouble(ChipLayerCost::totalEnergyPj).sum())
                .isCloseTo(r.totalEnergyPj(), within(r.totalEnergyPj() * 1e-9));
        assertThat(r.layers().stream().mapToDouble(ChipLayerCost::areaMm2).sum())
                .isCloseTo(r.area().total(), within(r.area().total() * 1e-9));
        for (ChipLayerCost c : r.layers()) {
            assertThat(c.energyPj().buffer() + c.energyPj().interconnect()).isLessThanOrEqualTo(c.energyPj().other());
            assertThat(c.latencyNs().buffer() + c.latencyNs().interconnect()).isLessThanOrEqualTo(c.latencyNs().other() + 1e-6);
        }
        // EDP and TOPS/W are what they say: E x T, and 2 MACs / (E x zeta)
        assertThat(r.edpPjNs()).isCloseTo(r.totalEnergyPj() * r.totalLatencyNs(), within(r.edpPjNs() * 1e-12));
        assertThat(r.topsPerWatt()).isCloseTo(r.creditedOps() / (r.totalEnergyPj() * 1.22), within(1e-9));
    }

    @Test
    void activityMovesOnlyTheAdcEnergy() {
        List<LayerInfo> net = LayerFixtures.resnet50();
        ChipReport low = run(net, 100000, 0.1);
        ChipReport high = run(net, 100000, 0.9);
        assertThat(high.energyPj().adc()).isGreaterThan(low.energyPj().adc());
        assertThat(high.energyPj().accumulation()).isEqualTo(low.energyPj().accumulation());
        assertThat(high.latencyNs().total()).isEqualTo(low.latencyNs().total());
    }

    @Test
    void mlpIsConventionallyMappedAndOverflowsGracefully() {
        // 784 -> 512 -> 512 -> 10: no conv, so no novel mapping
        List<LayerInfo> net = List.of(LayerFixtures.linear("fc1", 784, 512), LayerFixtures.linear("fc2", 512, 512),
                LayerFixtures.linear("fc3", 512, 10));
        Floorplan fp = Floorplan.plan(ChipLayer.of(net), p);
        assertThat(fp.numPeNm()).isZero();
        // ceil(784/128) x ceil(2048/128) = 7 x 16; 4 x 16; 4 x 1
        assertThat(fp.layers()).extracting(Floorplan.Placement::subarraysNeeded).containsExactly(112L, 64L, 4L);
        double previous = 0;
        for (int x = 180; x >= 20; x--) {
            ChipReport r = run(net, x, 0.5);
            assertThat(r.totalLatencyNs()).isGreaterThanOrEqualTo(previous);
            previous = r.totalLatencyNs();
            assertThat(r.subarraysAllocated()).isLessThanOrEqualTo(x);
        }
    }
}
