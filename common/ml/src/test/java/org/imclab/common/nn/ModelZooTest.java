package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelZooTest {

    private static final int[] IMAGENET = {3, 224, 224};
    private static final int[] CIFAR = {3, 32, 32};

    /**
     * The published counts (1.8/4.1/2.9 G, 11.7/25.6/8.0 M) within 2%. The FLOPs figure checked is
     * {@code totalOps}, the ptflops convention those numbers come from; it must also equal ptflops' own table
     * (1.82/4.12/2.88 GMac) to its rounding.
     */
    private static void assertPublished(ModelAnalysis a, double gflops, double ptflopsGmac, double mparams) {
        assertThat(a.totalOps() / 1e9).isCloseTo(gflops, within(gflops * 0.02));
        assertThat(a.totalOps() / 1e9).isCloseTo(ptflopsGmac, within(0.005));
        assertThat(a.totalParams() / 1e6).isCloseTo(mparams, within(mparams * 0.02));
    }

    @Test
    void resnet18MatchesTorchvision() {
        ModelAnalysis a = SpecAnalysis.analyze(ModelZoo.byName("resnet18", IMAGENET, 1000));
        System.out.printf("resnet18: %d MACs, %d ops, %d params%n", a.totalMacs(), a.totalOps(), a.totalParams());
        assertPublished(a, 1.8, 1.82, 11.7);
        // torchvision's own table: 1.81 GFLOPS, i.e. conv+linear MACs.
        assertThat(a.totalMacs() / 1e9).isCloseTo(1.81, within(0.005));
        assertThat(a.totalParams()).isEqualTo(11_689_512L);
        assertThat(a.outputShape()).containsExactly(1000);
    }

    @Test
    void resnet50MatchesTorchvision() {
        ModelAnalysis a = SpecAnalysis.analyze(ModelZoo.byName("resnet50", IMAGENET, 1000));
        System.out.printf("resnet50: %d MACs, %d ops, %d params%n", a.totalMacs(), a.totalOps(), a.totalParams());
        assertPublished(a, 4.1, 4.12, 25.6);
        assertThat(a.totalMacs() / 1e9).isCloseTo(4.09, within(0.005));
        assertThat(a.totalParams()).isEqualTo(25_557_032L);
    }

    @Test
    void densenet121MatchesTorchvision() {
        ModelAnalysis a = SpecAnalysis.analyze(ModelZoo.byName("densenet121", IMAGENET, 1000));
        System.out.printf("densenet121: %d MACs, %d ops, %d params%n", a.totalMacs(), a.totalOps(), a.totalParams());
        // Conv+linear MACs alone are torchvision's 2.83 G, 2.3% under the published 2.9; the 2.9 counts the
        // BN, ReLU and pooling work as well, which this dense-block-heavy net has more of than the ResNets.
        assertPublished(a, 2.9, 2.88, 8.0);
        assertThat(a.totalMacs() / 1e9).isCloseTo(2.83, within(0.005));
        assertThat(a.totalParams()).isEqualTo(7_978_856L);
        // The last dense block ends with 1024 channels at 7x7.
        assertThat(a.layer("bn").inShape()).containsExactly(1024, 7, 7);
    }

    @Test
    void cifarResnetsMatchThePaper() {
        ModelAnalysis r20 = SpecAnalysis.analyze(ModelZoo.byName("resnet20", CIFAR, 10));
        System.out.printf("resnet20: %d MACs, %d params%n", r20.totalMacs(), r20.totalParams());
        assertThat(r20.totalParams() / 1e6).isCloseTo(0.27, within(0.27 * 0.02));
        assertThat(r20.totalMacs() / 1e6).isCloseTo(41.0, within(41.0 * 0.02));
        // 0.27M / 0.46M / 0.85M in He et al. Table 6 (option A); option B adds two small projections.
        assertThat(SpecAnalysis.analyze(ModelZoo.byName("resnet32", CIFAR, 10)).totalParams() / 1e6)
                .isCloseTo(0.46, within(0.46 * 0.02));
        assertThat(SpecAnalysis.analyze(ModelZoo.byName("resnet56", CIFAR, 10)).totalParams() / 1e6)
                .isCloseTo(0.85, within(0.85 * 0.02));
    }

    @Test
    void densenetBc100MatchesThePaper() {
        // Huang et al. Table 2 rounds DenseNet-BC (L=100, k=12) to 0.8M; the exact count is 0.769M.
        ModelAnalysis a = SpecAnalysis.analyze(ModelZoo.byName("densenet100", CIFAR, 10));
        assertThat(a.totalParams()).isEqualTo(769_162L);
        // Non-BC DenseNet (L=40, k=12) has 1.0M parameters.
        ModelSpec plain = ModelZoo.densenet(40, 12, 1.0, false, 10, false);
        assertThat(SpecAnalysis.analyze(plain).totalParams() / 1e6).isCloseTo(1.0, within(0.05));
    }

    @Test
    void lenet5HasTheClassicSizeOnBothInputs() {
        ModelAnalysis mnist = SpecAnalysis.analyze(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
        assertThat(mnist.totalParams()).isEqualTo(156 + 2416 + 48120 + 10164 + 850);
        assertThat(mnist.totalMacs()).isEqualTo(28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10);
        ModelAnalysis cifar = SpecAnalysis.analyze(ModelZoo.lenet5(CIFAR, 10));
        assertThat(cifar.layer("conv1").outShape()).containsExactly(6, 28, 28);
        assertThat(cifar.layer("flatten").outShape()).containsExactly(400);
    }

    @Test
    void vggVariantsAndMlp() {
        ModelAnalysis small = SpecAnalysis.analyze(ModelZoo.byName("vgg-small", new int[] {1, 28, 28}, 10));
        assertThat(small.layer("flatten").outShape()).containsExactly(128 * 3 * 3);
        ModelAnalysis vgg16 = SpecAnalysis.analyze(ModelZoo.byName("vgg16", CIFAR, 10));
        // CIFAR VGG-16 with BN and a single classifier: about 14.7M params and 313M MACs.
        assertThat(vgg16.totalParams() / 1e6).isCloseTo(14.73, within(0.1));
        assertThat(vgg16.totalMacs() / 1e6).isCloseTo(313.5, within(3.0));
        assertThat(vgg16.weightLayers()).hasSize(14);
        assertThat(SpecAnalysis.analyze(ModelZoo.byName("vgg11", CIFAR, 10)).weightLayers()).hasSize(9);
        ModelAnalysis mlp = SpecAnalysis.analyze(ModelZoo.mlp(new int[] {4}, new int[] {16}, 3));
        assertThat(mlp.totalParams()).isEqualTo(4 * 16 + 16 + 16 * 3 + 3);
    }

    @Test
    void everyNamedModelIsValid() {
        for (String name : ModelZoo.NAMES) {
            boolean imagenet = List.of("resnet18", "resnet50", "densenet121").contains(name);
            int[] input = name.equals("mlp") ? new int[] {1, 28, 28} : imagenet ? IMAGENET : CIFAR;
            ModelSpec spec = ModelZoo.byName(name, input, 10);
            assertThat(SpecValidator.validate(spec).outputShape()).containsExactly(10);
            assertThat(ModelSpec.fromJson(spec.toJson())).isEqualTo(spec);
        }
    }

    @Test
    void convsFollowedByBatchnormHaveNoBias() {
        for (String name : List.of("resnet20", "resnet50", "densenet121", "vgg16")) {
            ModelSpec spec = ModelZoo.byName(name, name.equals("resnet50") || name.equals("densenet121") ? IMAGENET
                    : CIFAR, 10);
            List<LayerSpec> layers = spec.layers();
            for (int i = 0; i + 1 < layers.size(); i++) {
                if (layers.get(i).type().equals("conv") && layers.get(i + 1).type().equals("batchnorm")) {
                    assertThat(layers.get(i).bias()).as(name + " " + layers.get(i).name()).isFalse();
                }
            }
        }
    }

    @Test
    void unknownNamesAndBadDepthsAreRejected() {
        assertThatThrownBy(() -> ModelZoo.byName("alexnet", CIFAR, 10)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("unknown model");
        assertThatThrownBy(() -> ModelZoo.resnet(21, 10, false)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("6n+2");
        assertThatThrownBy(() -> ModelZoo.byName("resnet20", new int[] {784}, 10))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("[C,H,W]");
        // vgg16's five pools cannot shrink a 28 px input to a valid size: the failing layer is named.
        assertThatThrownBy(() -> ModelZoo.byName("vgg16", new int[] {1, 28, 28}, 10))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("pool5");
    }
}
