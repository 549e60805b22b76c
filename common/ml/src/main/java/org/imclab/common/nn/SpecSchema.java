package org.imclab.common.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of a {@link ModelSpec}, built from {@link LayerTypes} and
 * {@link LayerField}, the tables {@link SpecValidator} checks with, so the published schema and the 400s
 * cannot drift apart. Each layer type is one {@code $defs} entry that lists exactly its fields
 * ({@code additionalProperties: false}), as the validator refuses a field the type does not take.
 *
 * <p>The schema covers what needs no shapes. Shape rules (a conv needs a [C,H,W] input, add needs equal
 * shapes, the last layer gives [classes]) and the totals of {@link SpecLimits} are checked by the validator
 * only; {@code POST /api/v1/models/analyze} runs all of it.
 */
public final class SpecSchema {

    /** The JSON Schema dialect the document declares. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    /** Where training-service publishes it (the gateway routes /api/v1/models/** there). */
    public static final String PATH = "/api/v1/models/spec-schema";

    private static final String LAYER_NAME = "#/$defs/layerName";

    private SpecSchema() {
    }

    /** The schema as plain maps and lists, ready for any JSON writer. */
    public static Map<String, Object> build() {
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("layer", layer());
        defs.put("layerName", obj("type", "string", "pattern", "\\S", "not", obj("const", ModelSpec.INPUT),
                "description", "unique within the spec; '" + ModelSpec.INPUT + "' is reserved: it names the model "
                        + "input in inputs"));
        defs.put("basis", basis());
        for (LayerType t : LayerTypes.all()) {
            defs.put(t.name(), layerType(t));
        }

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", obj("type", "string", "pattern", "\\S", "description", "model name"));
        properties.put("input", obj("type", "array",
                "description", "input shape without the batch axis: [C,H,W] for images, [features] for vectors; "
                        + "C <= " + SpecLimits.MAX_WIDTH + ", H and W <= " + SpecLimits.MAX_INPUT_SIDE + ", at most "
                        + SpecLimits.MAX_INPUT_ELEMENTS + " elements",
                "items", obj("type", "integer", "minimum", 1, "maximum", SpecLimits.MAX_INPUT_ELEMENTS),
                "anyOf", List.of(obj("minItems", 1, "maxItems", 1), obj("minItems", 3, "maxItems", 3))));
        properties.put("classes", obj("type", "integer", "minimum", 1, "maximum", SpecLimits.MAX_WIDTH,
                "description", "number of output classes; the last layer must give [classes]"));
        properties.put("layers", obj("type", "array", "minItems", 1, "maxItems", SpecLimits.MAX_LAYERS,
                "items", obj("$ref", "#/$defs/layer"),
                "description", "named layers in topological order: a layer reads only the input and earlier layers"));
        properties.put("basis", obj("$ref", "#/$defs/basis"));

        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", DIALECT);
        schema.put("title", "IMC Lab model spec");
        schema.put("description", "A model as a DAG of named layers (docs/model-spec.md). Shapes, the output "
                + "width and totals (parameters <= " + SpecLimits.MAX_TOTAL_PARAMS + ", MACs <= "
                + SpecLimits.MAX_TOTAL_MACS + ", per-layer activations <= " + SpecLimits.MAX_ACTIVATION_ELEMENTS
                + " elements) are checked by the server: POST /api/v1/models/analyze.");
        schema.put("type", "object");
        schema.put("required", List.of("name", "input", "classes", "layers"));
        schema.put("additionalProperties", false);
        schema.put("properties", properties);
        schema.put("$defs", defs);
        return schema;
    }

    /** Any layer: a known type, then exactly that type's fields. */
    private static Map<String, Object> layer() {
        List<Object> byType = new ArrayList<>();
        for (LayerType t : LayerTypes.all()) {
            byType.add(obj("if", obj("properties", obj("type", obj("const", t.name())), "required", List.of("type")),
                    "then", obj("$ref", "#/$defs/" + t.name())));
        }
        return obj("type", "object", "required", List.of("name", "type"),
                "properties", obj("type", obj("enum", LayerTypes.names())),
                "allOf", byType);
    }

    private static Map<String, Object> layerType(LayerType t) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", obj("$ref", LAYER_NAME));
        properties.put("type", obj("const", t.name()));
        properties.put("inputs", inputs(t));
        List<String> required = new ArrayList<>(List.of("name", "type"));
        if (t.merges()) {
            // The default (the previous layer) is one input, too few to merge.
            required.add("inputs");
        }
        for (LayerType.Use u : t.fields()) {
            properties.put(u.field().json(), field(u));
            if (u.required()) {
                required.add(u.field().json());
            }
        }
        return obj("description", t.name() + ": " + t.summary(), "type", "object", "required", required,
                "additionalProperties", false, "properties", properties);
    }

    private static Map<String, Object> inputs(LayerType t) {
        Map<String, Object> s = obj("type", "array", "items", obj("type", "string", "minLength", 1),
                "minItems", t.minInputs());
        if (t.maxInputs() != null) {
            s.put("maxItems", t.maxInputs());
        }
        s.put("description", t.merges()
                ? "names of the " + t.minInputs() + " or more layers (or 'input') it merges"
                : "name of the layer (or 'input') it reads; default: the previous layer (the model input for the "
                        + "first layer)");
        return s;
    }

    private static Map<String, Object> field(LayerType.Use u) {
        LayerField f = u.field();
        Map<String, Object> s = obj("type", f.kind().json());
        if (f.minimum() != null) {
            s.put("minimum", f.minimum());
        }
        if (f.maximum() != null) {
            s.put(f.exclusiveMaximum() ? "exclusiveMaximum" : "maximum", f.maximum());
        }
        if (f.kind() == LayerField.Kind.STRING) {
            s.put("pattern", "\\S");
        }
        if (u.defaultValue() != null) {
            s.put("default", u.defaultValue());
        }
        s.put("description", f.meaning() + (u.defaultNote() == null ? "" : "; default: " + u.defaultNote()));
        return s;
    }

    private static Map<String, Object> basis() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("rows", obj("type", "integer", "minimum", 1, "maximum", SpecLimits.MAX_WIDTH,
                "description", "R, crossbar rows: the length of one weight segment"));
        properties.put("size", obj("type", "integer", "minimum", 1, "maximum", SpecLimits.MAX_WIDTH,
                "description", "N, basis vectors (columns of the basis matrix); rows * size <= "
                        + SpecLimits.MAX_TOTAL_PARAMS));
        properties.put("coeffBits", obj("type", "integer", "minimum", 1, "maximum", BasisConfig.MAX_COEFF_BITS,
                "description", "bits of each quantised coefficient"));
        properties.put("groups", obj("type", "integer", "minimum", 1, "maximum", SpecLimits.MAX_WIDTH,
                "description", "crossbar groups the basis columns are split into (1 = none); at most size"));
        return obj("description", "the one BasisN basis shared by every conv/linear layer with a basis reference",
                "type", "object", "required", List.of("rows", "size", "coeffBits", "groups"),
                "additionalProperties", false, "properties", properties);
    }

    /** An ordered JSON object from alternating keys and values. */
    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
