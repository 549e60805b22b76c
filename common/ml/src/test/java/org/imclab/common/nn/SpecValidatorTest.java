package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class SpecValidatorTest {

    private static ModelSpec spec(int[] input, int classes, LayerSpec... layers) {
        return new ModelSpec("t", input, classes, List.of(layers));
    }

    private static InvalidSpecException invalid(ModelSpec spec) {
        return catchThrowableOfType(InvalidSpecException.class, () -> SpecValidator.validate(spec));
    }

    private static final int[] IMG = {1, 8, 8};

    @Test
    void unknownTypeNamesLayerAndField() {
        InvalidSpecException e = invalid(spec(IMG, 2, LayerSpec.flatten("f"),
                new LayerSpec("swish1", "swish", null, null, null, null, null, null, null, null, null)));
        assertThat(e.field()).isEqualTo("layers[1].type");
        assertThat(e.layer()).isEqualTo("swish1");
        assertThat(e.getMessage()).contains("swish1").contains("unknown type 'swish'");
        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("layers[1].type"));
    }

    @Test
    void duplicateNames() {
        InvalidSpecException e = invalid(spec(IMG, 2, LayerSpec.flatten("x"), LayerSpec.linear("x", 2)));
        assertThat(e.field()).isEqualTo("layers[1].name");
        assertThat(e.reason()).contains("duplicate");
    }

    @Test
    void unknownAndForwardReferences() {
        InvalidSpecException unknown = invalid(spec(IMG, 2, LayerSpec.flatten("f"),
                LayerSpec.linear("fc", 2).withInputs(List.of("nope"))));
        assertThat(unknown.field()).isEqualTo("layers[1].inputs[0]");
        assertThat(unknown.reason()).contains("unknown layer 'nope'");
        InvalidSpecException forward = invalid(spec(IMG, 2, LayerSpec.flatten("f").withInputs(List.of("fc")),
                LayerSpec.linear("fc", 2)));
        assertThat(forward.layer()).isEqualTo("f");
        assertThat(forward.reason()).contains("forward reference");
        InvalidSpecException self = invalid(spec(IMG, 2, LayerSpec.flatten("f").withInputs(List.of("f")),
                LayerSpec.linear("fc", 2)));
        assertThat(self.reason()).contains("forward reference");
    }

    @Test
    void addShapeMismatch() {
        InvalidSpecException e = invalid(spec(IMG, 2,
                LayerSpec.conv("c1", 4, 3, 1, 1, true),
                LayerSpec.conv("c2", 8, 3, 1, 1, true),
                LayerSpec.add("sum", "c1", "c2"),
                LayerSpec.globalAvgPool("g"), LayerSpec.linear("fc", 2)));
        assertThat(e.field()).isEqualTo("layers[2].inputs[1]");
        assertThat(e.layer()).isEqualTo("sum");
        assertThat(e.reason()).contains("[4, 8, 8]").contains("[8, 8, 8]");
    }

    @Test
    void nonPositiveHyperParameters() {
        assertThat(invalid(spec(IMG, 2, LayerSpec.conv("c", 0, 3, 1, 1, true))).field()).isEqualTo("layers[0].out");
        assertThat(invalid(spec(IMG, 2, LayerSpec.conv("c", 4, -1, 1, 1, true))).field())
                .isEqualTo("layers[0].kernel");
        InvalidSpecException missing = invalid(spec(IMG, 2,
                new LayerSpec("c", "conv", 4, null, null, null, null, null, null, null, null)));
        assertThat(missing.field()).isEqualTo("layers[0].kernel");
        assertThat(missing.reason()).contains("required");
        assertThat(invalid(spec(IMG, 2, LayerSpec.flatten("f"), LayerSpec.dropout("d", 1.0))).field())
                .isEqualTo("layers[1].p");
        assertThat(invalid(spec(IMG, 2, LayerSpec.maxpool("m", 2, 2, 2))).field()).isEqualTo("layers[0].padding");
        assertThat(invalid(spec(IMG, 2, LayerSpec.conv("c", 6, 3, 1, 1, true).withGroups(4))).field())
                .isEqualTo("layers[0].groups");
    }

    @Test
    void convOnFlatInputAndLinearOnImage() {
        InvalidSpecException conv = invalid(spec(new int[] {16}, 2, LayerSpec.conv("c", 4, 3, 1, 1, true)));
        assertThat(conv.layer()).isEqualTo("c");
        assertThat(conv.reason()).contains("needs a [C,H,W] input");
        InvalidSpecException linear = invalid(spec(IMG, 2, LayerSpec.linear("fc", 2)));
        assertThat(linear.layer()).isEqualTo("fc");
        assertThat(linear.reason()).contains("flatten");
    }

    @Test
    void kernelLargerThanInputAndWrongClassCount() {
        InvalidSpecException big = invalid(spec(new int[] {1, 4, 4}, 2, LayerSpec.conv("c", 4, 7, 1, 1, true)));
        assertThat(big.field()).isEqualTo("layers[0].kernel");
        InvalidSpecException classes = invalid(spec(IMG, 3, LayerSpec.flatten("f"), LayerSpec.linear("fc", 2)));
        assertThat(classes.layer()).isEqualTo("fc");
        assertThat(classes.reason()).contains("classes is 3");
    }

    @Test
    void basisReferencesNeedATopLevelBasisAndAWeightLayer() {
        LayerSpec fc = LayerSpec.linear("fc", 2).withBasis("B");
        InvalidSpecException none = invalid(spec(new int[] {4}, 2, fc));
        assertThat(none.field()).isEqualTo("layers[0].basis");
        ModelSpec withBasis = spec(new int[] {4}, 2, fc).withBasis(new BasisConfig(4, 2, 4, 1));
        assertThat(SpecValidator.validate(withBasis).totalParams()).isEqualTo(10);
        InvalidSpecException onRelu = invalid(spec(new int[] {4}, 4, LayerSpec.relu("r").withBasis("B"))
                .withBasis(new BasisConfig(4, 2, 4, 1)));
        assertThat(onRelu.field()).isEqualTo("layers[0].basis");
        assertThat(invalid(withBasis.withBasis(new BasisConfig(4, 2, 4, 3))).field()).isEqualTo("basis.groups");
    }

    @Test
    void specLevelFields() {
        assertThat(invalid(spec(new int[] {1, 8}, 2, LayerSpec.flatten("f"))).field()).isEqualTo("input");
        assertThat(invalid(spec(IMG, 0, LayerSpec.flatten("f"))).field()).isEqualTo("classes");
        assertThat(invalid(new ModelSpec("t", IMG, 2, new ArrayList<>())).field()).isEqualTo("layers");
        assertThat(invalid(spec(IMG, 2, LayerSpec.relu("input"))).field()).isEqualTo("layers[0].name");
        assertThat(invalid(spec(IMG, 2, LayerSpec.add("a", "input"))).reason()).contains("at least two");
    }
}
