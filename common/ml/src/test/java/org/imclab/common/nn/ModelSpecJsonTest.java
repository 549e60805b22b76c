package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecJsonTest {

    private static final String JSON = """
            { "name": "tiny-res", "input": [3, 8, 8], "classes": 4,
              "basis": { "rows": 64, "size": 16, "coeffBits": 4, "groups": 2 },
              "layers": [
                { "name": "conv1", "type": "conv", "out": 8, "kernel": 3, "stride": 1, "padding": 1, "bias": false },
                { "name": "bn1", "type": "batchnorm" },
                { "name": "relu1", "type": "relu" },
                { "name": "b.conv", "type": "conv", "out": 8, "kernel": 3, "padding": 1, "basis": "B" },
                { "name": "b.add", "type": "add", "inputs": ["b.conv", "relu1"] },
                { "name": "pool", "type": "globalavgpool" },
                { "name": "drop", "type": "dropout" },
                { "name": "fc", "type": "linear", "out": 4 }
              ] }
            """;

    @Test
    void readsTheDesignFormatWithDefaults() {
        ModelSpec spec = ModelSpec.fromJson(JSON);
        assertThat(spec.input()).containsExactly(3, 8, 8);
        assertThat(spec.basis()).isEqualTo(new BasisConfig(64, 16, 4, 2));
        LayerSpec conv = spec.layers().get(3);
        assertThat(conv.stride()).isEqualTo(1);
        assertThat(conv.padding()).isEqualTo(1);
        assertThat(conv.groups()).isEqualTo(1);
        assertThat(conv.bias()).isTrue();
        assertThat(conv.basis()).isEqualTo("B");
        assertThat(spec.layers().get(0).bias()).isFalse();
        assertThat(spec.layers().get(6).p()).isEqualTo(0.5);
        assertThat(spec.inputsOf(0)).containsExactly(ModelSpec.INPUT);
        assertThat(spec.inputsOf(1)).containsExactly("conv1");
        assertThat(spec.inputsOf(4)).containsExactly("b.conv", "relu1");
        assertThat(SpecValidator.validate(spec).outputShape()).containsExactly(4);
    }

    @Test
    void roundTripsAndOmitsUnusedFields() {
        ModelSpec spec = ModelSpec.fromJson(JSON);
        String json = spec.toJson();
        assertThat(ModelSpec.fromJson(json)).isEqualTo(spec).hasSameHashCodeAs(spec);
        // A relu carries nothing but its name and type.
        assertThat(json).contains("{\"name\":\"relu1\",\"type\":\"relu\"}");
    }

    @Test
    void poolingStrideDefaultsToKernel() {
        LayerSpec pool = ModelSpec.fromJson("""
                {"name":"p","input":[1,4,4],"classes":1,"layers":[{"name":"m","type":"maxpool","kernel":2}]}
                """).layers().get(0);
        assertThat(pool.stride()).isEqualTo(2);
        assertThat(pool.padding()).isZero();
        assertThat(LayerSpec.maxpool("m", 2, 2, 0)).isEqualTo(pool);
        assertThat(LayerSpec.add("a", "x", "y").inputs()).isEqualTo(List.of("x", "y"));
    }
}
