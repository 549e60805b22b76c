package org.imclab.common.nn;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.ExternalDocumentation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model graph every service shares (docs/architecture.md "The model spec"): named layers in topological order,
 * the input shape without the batch axis, the number of classes and the optional global BasisN basis.
 * Shapes, parameter and MAC counts, the DJL block and the pruning groups all derive from this alone.
 *
 * @param name    model name
 * @param input   input shape without batch: [C,H,W] for images, [features] for vectors
 * @param classes number of output classes
 * @param layers  layers in topological order
 * @param basis   shared BasisN basis configuration; null when no layer references a basis
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = ModelSpec.SCHEMA_NOTE, externalDocs = @ExternalDocumentation(
        description = "JSON Schema of the model spec", url = SpecSchema.PATH))
public record ModelSpec(String name, int[] input, int classes, List<LayerSpec> layers, BasisConfig basis) {

    /** What the OpenAPI description of every endpoint taking a spec says about its format. */
    public static final String SCHEMA_NOTE = "A model spec: named layers in topological order. Layer types, their "
            + "fields, defaults and limits: the JSON Schema at GET " + SpecSchema.PATH + " and docs/model-spec.md.";

    /** Name by which a layer's {@code inputs} refer to the model input. */
    public static final String INPUT = "input";

    // Specs arrive from users: a misspelt layer field must fail, not fall back to a default width or kernel.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public ModelSpec {
        input = input == null ? null : input.clone();
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    public ModelSpec(String name, int[] input, int classes, List<LayerSpec> layers) {
        this(name, input, classes, layers, null);
    }

    @Override
    public int[] input() {
        return input == null ? null : input.clone();
    }

    /** The layers that layer {@code index} reads, with the "previous layer" default applied. */
    public List<String> inputsOf(int index) {
        List<String> in = layers.get(index).inputs();
        if (in != null) {
            return in;
        }
        return List.of(index == 0 ? INPUT : layers.get(index - 1).name());
    }

    /** Index of the layer with this name, or -1. */
    public int indexOf(String layerName) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(layerName)) {
                return i;
            }
        }
        return -1;
    }

    /** The same spec with other layers (e.g. pruned widths). */
    public ModelSpec withLayers(List<LayerSpec> newLayers) {
        return new ModelSpec(name, input, classes, newLayers, basis);
    }

    public ModelSpec withBasis(BasisConfig newBasis) {
        return new ModelSpec(name, input, classes, layers, newBasis);
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static ModelSpec fromJson(String json) {
        return JSON.readValue(json, ModelSpec.class);
    }

    public static ModelSpec fromJson(InputStream json) {
        return JSON.readValue(json, ModelSpec.class);
    }

    // The record's generated equals/hashCode would compare the input array by identity.
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && Objects.equals(name, m.name) && Arrays.equals(input, m.input)
                && classes == m.classes && layers.equals(m.layers) && Objects.equals(basis, m.basis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(input), classes, layers, basis);
    }

    @Override
    public String toString() {
        return "ModelSpec[name=" + name + ", input=" + Arrays.toString(input) + ", classes=" + classes
                + ", layers=" + layers.size() + ", basis=" + basis + "]";
    }
}
