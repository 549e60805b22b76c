package org.imclab.hwsim.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredGroupUsageTest {

    private final CrossbarParams isaac = CrossbarPresets.get("isaac-puma");
    private final ModelSpec lenet = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
    private final List<LayerInfo> layers = SpecAnalysis.analyze(lenet).layers();

    /**
     * Two seeds of one (data set, N = 128, G = 4) and one run of another data set, in the record the basisn job
     * registers. MNIST pooled: groups used 1+1+1+1+1 + 2+1+1+1+1 = 11 of 10 layers x 4 = 40 -> g = 0.275;
     * nonzero 10+20+30+40+50 + 15+25+35+45+55 = 325 of 10 x 100 = 1000 -> d = 0.325.
     */
    private static final String FILE = """
            {"protocol": {}, "runs": [
              {"data": "MNIST", "seed": 1, "basisSize": 128, "lambda": 0.1, "testAccuracy": 0.97, "basisN": {
                "basisSize": 128, "coeffBits": 4, "rows": 128, "groups": 4, "perLayer": {
                  "conv1": {"groupsUsed": 1, "nonzeroCoefficients": 10, "coefficients": 100},
                  "conv2": {"groupsUsed": 1, "nonzeroCoefficients": 20, "coefficients": 100},
                  "fc1": {"groupsUsed": 1, "nonzeroCoefficients": 30, "coefficients": 100},
                  "fc2": {"groupsUsed": 1, "nonzeroCoefficients": 40, "coefficients": 100},
                  "fc3": {"groupsUsed": 1, "nonzeroCoefficients": 50, "coefficients": 100}}}},
              {"data": "Fashion-MNIST", "seed": 1, "basisSize": 128, "lambda": 0.1, "testAccuracy": 0.80, "basisN": {
                "basisSize": 128, "coeffBits": 4, "rows": 128, "groups": 4, "perLayer": {
                  "conv1": {"groupsUsed": 4, "nonzeroCoefficients": 100, "coefficients": 100}}}},
              {"data": "MNIST", "seed": 2, "basisSize": 128, "lambda": 0.1, "testAccuracy": 0.99, "basisN": {
                "basisSize": 128, "coeffBits": 4, "rows": 128, "groups": 4, "perLayer": {
                  "conv1": {"groupsUsed": 2, "nonzeroCoefficients": 15, "coefficients": 100},
                  "conv2": {"groupsUsed": 1, "nonzeroCoefficients": 25, "coefficients": 100},
                  "fc1": {"groupsUsed": 1, "nonzeroCoefficients": 35, "coefficients": 100},
                  "fc2": {"groupsUsed": 1, "nonzeroCoefficients": 45, "coefficients": 100},
                  "fc3": {"groupsUsed": 1, "nonzeroCoefficients": 55, "coefficients": 100}}}}]}""";

    private List<MeasuredGroupUsage.Run> runs(Path dir) throws Exception {
        Path f = dir.resolve("group-usage.json");
        Files.writeString(f, FILE);
        return MeasuredGroupUsage.read(f);
    }

    @Test
    void profilesPoolLayersAndSeedsPerDataSetAndBasisSize(@TempDir Path dir) throws Exception {
        List<MeasuredGroupUsage.Profile> profiles = MeasuredGroupUsage.profiles(runs(dir));

        assertThat(profiles).extracting(MeasuredGroupUsage.Profile::data).containsExactly("MNIST", "Fashion-MNIST");
        MeasuredGroupUsage.Profile mnist = profiles.get(0);
        assertThat(mnist.seeds()).containsExactly(1L, 2L);
        assertThat(mnist.groups()).isEqualTo(4);
        assertThat(mnist.groupFraction()).isCloseTo(0.275, within(1e-12));
        assertThat(mnist.density()).isCloseTo(0.325, within(1e-12));
        assertThat(mnist.accuracies()).containsExactly(0.97, 0.99);
        // Fashion-MNIST: 4 of 4 groups, 100 of 100 coefficients.
        assertThat(profiles.get(1).groupFraction()).isEqualTo(1.0);
        assertThat(profiles.get(1).density()).isEqualTo(1.0);
    }

    @Test
    void transferAppliesTheGroupShareAndDensityToEveryLayer(@TempDir Path dir) throws Exception {
        MeasuredGroupUsage.Profile mnist = MeasuredGroupUsage.profiles(runs(dir)).get(0);
        BasisNUsage dense = BasisNUsage.dense(layers, 128, 4, isaac);

        BasisNUsage moved = MeasuredGroupUsage.transfer(mnist, layers, 4, isaac);

        // X_B = ceil(128 x 4 cells / 128 columns) = 4; groups = ceil(0.275 x 4 = 1.1) = 2 in every layer.
        assertThat(moved.basisCrossbars(isaac)).isEqualTo(4);
        assertThat(moved.layers().keySet()).containsExactlyElementsOf(dense.layers().keySet());
        moved.layers().forEach((name, u) -> {
            assertThat(u.groupsUsed()).as(name).isEqualTo(2);
            // nnz = ceil(0.325 x dense nnz of the layer)
            long expected = (long) Math.ceil(0.325 * dense.layers().get(name).nonzeroCoefficients() - 1e-9);
            assertThat(u.nonzeroCoefficients()).as(name).isEqualTo(expected);
        });
        // conv1 of LeNet-5: K = 1 x 5 x 5 = 25 rows -> S = 1 segment, M = 6 filters: dense nnz = 1 x 128 x 6 = 768;
        // 0.325 x 768 = 249.6 -> 250.
        assertThat(moved.layers().get("conv1").nonzeroCoefficients()).isEqualTo(250);
    }

    @Test
    void aGroupShareOfExactlyOneGroupStaysOneGroup() {
        // g = 0.25 on X_B = 4 is 1.0 groups; rounding noise must not make it 2.
        MeasuredGroupUsage.Profile p = new MeasuredGroupUsage.Profile("MNIST", 128, 0.1, 4, List.of(1L), 0.25, 0.2,
                new double[] {0.98});
        MeasuredGroupUsage.transfer(p, layers, 4, isaac).layers()
                .forEach((name, u) -> assertThat(u.groupsUsed()).as(name).isEqualTo(1));
    }

    @Test
    void exactReadsARunAsTheApiReadsARegisteredModel(@TempDir Path dir) throws Exception {
        MeasuredGroupUsage.Run seed2 = runs(dir).get(2);

        BasisNUsage u = MeasuredGroupUsage.exact(seed2, lenet, layers, isaac);

        // G = X_B = 4, so groups map one to one: ceil(2 x 4 / 4) = 2.
        assertThat(u.layers().get("conv1").groupsUsed()).isEqualTo(2);
        assertThat(u.layers().get("conv1").nonzeroCoefficients()).isEqualTo(15);
        assertThat(u.layers().get("fc3").nonzeroCoefficients()).isEqualTo(55);
    }
}
