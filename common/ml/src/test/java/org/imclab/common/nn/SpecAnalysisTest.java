package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecAnalysisTest {

    @Test
    void groupedConvCountsPerGroupWeights() {
        ModelSpec spec = new ModelSpec("g", new int[] {8, 10, 10}, 2, List.of(
                LayerSpec.conv("dw", 8, 3, 2, 1, true).withGroups(8),
                LayerSpec.conv("pw", 16, 1, 1, 0, false),
                LayerSpec.globalAvgPool("gap"),
                LayerSpec.linear("fc", 2)));
        ModelAnalysis a = SpecAnalysis.analyze(spec);
        LayerInfo dw = a.layer("dw");
        assertThat(dw.outShape()).containsExactly(8, 5, 5);
        assertThat(dw.params()).isEqualTo(8 * 9 + 8);
        assertThat(dw.macs()).isEqualTo(5 * 5 * 8 * 9);
        assertThat(dw.unrolledRows()).isEqualTo(9);
        assertThat(a.layer("pw").macs()).isEqualTo(5 * 5 * 16 * 8);
        assertThat(a.layer("gap").outShape()).containsExactly(16);
        assertThat(a.totalParams()).isEqualTo(80 + 128 + 34);
        assertThat(a.totalMacs()).isEqualTo(1800 + 3200 + 32);
        assertThat(a.weightLayers()).extracting(LayerInfo::name).containsExactly("dw", "pw", "fc");
    }

    @Test
    void poolingUsesFloorAndPadding() {
        // ImageNet stem: 224 -> conv 7/2 p3 -> 112 -> maxpool 3/2 p1 -> 56.
        ModelAnalysis a = SpecAnalysis.analyze(ModelZoo.resnet(18, 1000, true));
        assertThat(a.layer("conv1").outShape()).containsExactly(64, 112, 112);
        assertThat(a.layer("pool1").outShape()).containsExactly(64, 56, 56);
        ModelSpec odd = new ModelSpec("o", new int[] {2, 7, 7}, 98, List.of(
                LayerSpec.avgpool("a", 2, 2, 0), LayerSpec.batchnorm("bn"), LayerSpec.flatten("f")));
        ModelAnalysis b = SpecAnalysis.analyze(odd);
        assertThat(b.layer("a").outShape()).containsExactly(2, 3, 3);
        assertThat(b.layer("bn").params()).isEqualTo(4);
        assertThat(b.outputShape()).containsExactly(18);
    }

    @Test
    void concatSumsChannelsAndAnalysesOtherInputSizes() {
        ModelSpec spec = new ModelSpec("c", new int[] {3, 32, 32}, 10, List.of(
                LayerSpec.conv("a", 4, 3, 1, 1, true),
                LayerSpec.conv("b", 6, 3, 1, 1, true).withInputs(List.of("input")),
                LayerSpec.concat("cat", "a", "b", "input"),
                LayerSpec.globalAvgPool("gap"),
                LayerSpec.linear("fc", 10)));
        ModelAnalysis a = SpecAnalysis.analyze(spec);
        assertThat(a.layer("cat").outShape()).containsExactly(13, 32, 32);
        assertThat(a.layer("cat").inputs()).containsExactly("a", "b", "input");
        ModelAnalysis big = SpecAnalysis.analyze(spec, new int[] {3, 64, 48});
        assertThat(big.layer("cat").outShape()).containsExactly(13, 64, 48);
        assertThat(big.layer("a").macs()).isEqualTo(64L * 48 * 4 * 27);
        assertThat(big.totalParams()).isEqualTo(a.totalParams());
        assertThatThrownBy(() -> SpecAnalysis.analyze(spec, new int[] {1, 32, 32}))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("incompatible");
    }

    @Test
    void concatNeedsMatchingSpatialSize() {
        ModelSpec spec = new ModelSpec("c", new int[] {3, 8, 8}, 10, List.of(
                LayerSpec.conv("a", 4, 3, 2, 1, true),
                LayerSpec.concat("cat", "a", "input")));
        assertThatThrownBy(() -> SpecAnalysis.analyze(spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("cat").hasMessageContaining("[4, 4, 4]");
    }
}
