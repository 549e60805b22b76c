package org.imclab.hwsim.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RegisteredUsageTest {

    private final CrossbarParams isaac = CrossbarPresets.get("isaac-puma");
    private final ModelSpec lenet = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
    private final List<LayerInfo> layers = SpecAnalysis.analyze(lenet).layers();

    @Test
    void trainingServiceUsageMapsModelGroupsOntoTheChipsBasisCrossbars() {
        // N = 128 on isaac-puma: X_B = 128 * 4 / 128 = 4 crossbars; the model split its basis into G = 8 groups.
        var node = JsonMapper.builder().build().readTree("""
                {"basisSize": 128, "coeffBits": 4, "rows": 128, "groups": 8, "perLayer": {
                  "conv1": {"groupsUsed": 1, "nonzeroCoefficients": 40},
                  "conv2": {"groupsUsed": 3, "nonzeroCoefficients": 900},
                  "fc1": {"groupsUsed": 8, "nonzeroCoefficients": 5000},
                  "fc2": {"groupsUsed": 2, "nonzeroCoefficients": 700}}}""");
        RegisteredUsage.Parsed p = RegisteredUsage.parse(node, lenet, layers, isaac);
        BasisNUsage u = p.usage();
        assertThat(u.basisSize()).isEqualTo(128);
        assertThat(u.coeffBits()).isEqualTo(4);
        assertThat(u.basisCrossbars(isaac)).isEqualTo(4);
        assertThat(u.layers().get("conv1").groupsUsed()).isEqualTo(1);   // ceil(1 * 4 / 8)
        assertThat(u.layers().get("conv2").groupsUsed()).isEqualTo(2);   // ceil(3 * 4 / 8)
        assertThat(u.layers().get("fc1").groupsUsed()).isEqualTo(4);     // ceil(8 * 4 / 8)
        assertThat(u.layers().get("fc2").nonzeroCoefficients()).isEqualTo(700);
        // fc3 is not listed: charged dense and reported.
        assertThat(p.denseFallback()).containsExactly("fc3");
        assertThat(u.layers().get("fc3")).isEqualTo(BasisNUsage.dense(layers, 128, 4, isaac).layers().get("fc3"));
    }
}
