package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Specs that would overflow shape arithmetic or ask for absurd allocations fail validation with the field. */
class SpecLimitsTest {

    private static final int MAX = Integer.MAX_VALUE;

    private static InvalidSpecException invalid(int[] input, int classes, LayerSpec... layers) {
        ModelSpec spec = new ModelSpec("t", input, classes, List.of(layers));
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecValidator.validate(spec));
        assertThat(e).as("expected the spec to be rejected").isNotNull();
        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo(e.field()));
        return e;
    }

    @Test
    void maxIntChannelsNameTheLayerField() {
        InvalidSpecException conv = invalid(new int[] {3, 32, 32}, 10, LayerSpec.conv("c1", 8, 3, 1, 1, false),
                LayerSpec.conv("c2", MAX, 3, 1, 1, false), LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 10));
        assertThat(conv.field()).isEqualTo("layers[1].out");
        assertThat(conv.layer()).isEqualTo("c2");
        assertThat(conv.reason()).contains("2147483647").contains("limit of " + SpecLimits.MAX_WIDTH);

        InvalidSpecException linear = invalid(new int[] {16}, 10, LayerSpec.linear("fc1", MAX),
                LayerSpec.linear("fc2", 10));
        assertThat(linear.field()).isEqualTo("layers[0].out");
        assertThat(invalid(new int[] {16}, MAX, LayerSpec.linear("fc", 10)).field()).isEqualTo("classes");
    }

    @Test
    void maxIntInputsNameTheInputDimension() {
        assertThat(invalid(new int[] {MAX}, 10, LayerSpec.linear("fc", 10)).field()).isEqualTo("input");
        assertThat(invalid(new int[] {MAX, 8, 8}, 10, LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 10))
                .field()).isEqualTo("input[0]");
        assertThat(invalid(new int[] {3, MAX, MAX}, 10, LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 10))
                .field()).isEqualTo("input[1]");
        // Each side within limits, the sample as a whole not: 3 x 16384 x 16384 elements.
        InvalidSpecException total = invalid(new int[] {3, 16384, 16384}, 10, LayerSpec.globalAvgPool("g"),
                LayerSpec.linear("fc", 10));
        assertThat(total.field()).isEqualTo("input");
        assertThat(total.reason()).contains("805306368");

        ModelSpec ok = ModelZoo.byName("lenet5", new int[] {1, 28, 28}, 10);
        assertThat(catchThrowableOfType(InvalidSpecException.class,
                () -> SpecAnalysis.analyze(ModelZoo.byName("resnet20", new int[] {3, 32, 32}, 10),
                        new int[] {3, 16384, 16384})).field()).isEqualTo("input");
        assertThat(SpecAnalysis.analyze(ok).totalParams()).isPositive();
    }

    @Test
    void parametersBeyondIntAndLongAreRejectedBeforeOverflowing() {
        // 2^20 features x 2^12 outputs = 2^32 weights: more than an int, and more than the parameter limit.
        InvalidSpecException overInt = invalid(new int[] {1 << 20}, 10, LayerSpec.linear("wide", 1 << 12),
                LayerSpec.linear("fc", 10));
        assertThat(overInt.field()).isEqualTo("layers[0].out");
        assertThat(overInt.reason()).contains("4294971392 parameters").contains("limit of 500000000");

        // kernel² x Cin x Cout with every factor near 2^31 would overflow a long: refused at the first factor.
        InvalidSpecException overLong = invalid(new int[] {3, 32, 32}, 10,
                LayerSpec.conv("c", MAX, MAX, 1, 1 << 30, false), LayerSpec.globalAvgPool("g"),
                LayerSpec.linear("fc", 10));
        assertThat(overLong.field()).isEqualTo("layers[0].out");

        // Each layer within limits; the running total crosses the limit at the layer that is named.
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            layers.add(LayerSpec.linear("fc" + i, 4096));
        }
        layers.add(LayerSpec.linear("out", 10));
        InvalidSpecException total = invalid(new int[] {4096}, 10, layers.toArray(LayerSpec[]::new));
        assertThat(total.field()).isEqualTo("layers[29].out");
        assertThat(total.layer()).isEqualTo("fc29");
    }

    @Test
    void macsActivationsKernelsAndLayerCountAreBounded() {
        InvalidSpecException macs = invalid(new int[] {3, 1024, 1024}, 10, LayerSpec.conv("c1", 128, 3, 1, 1, false),
                LayerSpec.conv("c2", 128, 63, 1, 31, false), LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 10));
        assertThat(macs.field()).isEqualTo("layers[1].out");
        assertThat(macs.reason()).contains("multiply-accumulates");

        InvalidSpecException activation = invalid(new int[] {3, 4096, 4096}, 10,
                LayerSpec.conv("c1", 4096, 1, 1, 0, false), LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 10));
        assertThat(activation.field()).isEqualTo("layers[0].out");
        assertThat(activation.reason()).contains("elements per sample");

        assertThat(invalid(new int[] {3, 32, 32}, 10, LayerSpec.conv("c", 8, 1000, 1, 0, false)).field())
                .isEqualTo("layers[0].kernel");
        assertThat(invalid(new int[] {3, 32, 32}, 10, LayerSpec.maxpool("m", 2, MAX, 0)).field())
                .isEqualTo("layers[0].stride");
        assertThat(invalid(new int[] {3, 32, 32}, 10, LayerSpec.conv("c", 8, 3, 1, MAX, false)).field())
                .isEqualTo("layers[0].padding");

        LayerSpec[] many = new LayerSpec[SpecLimits.MAX_LAYERS + 1];
        for (int i = 0; i < many.length - 1; i++) {
            many[i] = LayerSpec.relu("r" + i);
        }
        many[many.length - 1] = LayerSpec.linear("fc", 10);
        InvalidSpecException tooMany = invalid(new int[] {16}, 10, many);
        assertThat(tooMany.field()).isEqualTo("layers");
        assertThat(tooMany.reason()).contains("10001 layers");
    }

    @Test
    void concatChannelsAreBounded() {
        InvalidSpecException e = invalid(new int[] {3, 8, 8}, 10, LayerSpec.conv("a", 100_000, 1, 1, 0, false),
                LayerSpec.conv("b", 100_000, 1, 1, 0, false).withInputs(List.of("input")),
                LayerSpec.concat("cat", "a", "b"), LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 10));
        assertThat(e.field()).isEqualTo("layers[2].inputs");
        assertThat(e.reason()).contains("200000 channels");
    }

    @Test
    void zooModelsStayWithinTheLimits() {
        int[] imagenet = {3, 224, 224};
        int[] cifar = {3, 32, 32};
        for (String name : List.of("resnet18", "resnet50", "vgg16", "densenet121")) {
            ModelAnalysis a = SpecAnalysis.analyze(ModelZoo.byName(name, imagenet, 1000));
            assertThat(a.totalParams()).as(name).isLessThan(SpecLimits.MAX_TOTAL_PARAMS);
        }
        for (String name : List.of("resnet20", "resnet56", "vgg-small", "vgg11", "densenet40", "densenet100")) {
            assertThat(SpecValidator.validate(ModelZoo.byName(name, cifar, 10)).totalMacs()).as(name).isPositive();
        }
        assertThat(SpecValidator.validate(ModelZoo.byName("lenet5", new int[] {1, 28, 28}, 10)).totalParams())
                .isPositive();
        assertThat(SpecValidator.validate(ModelZoo.byName("mlp", new int[] {784}, 10)).totalParams()).isPositive();
    }
}
