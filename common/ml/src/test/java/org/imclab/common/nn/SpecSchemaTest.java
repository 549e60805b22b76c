package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published JSON Schema, read by an independent implementation (networknt, draft 2020-12): it lists
 * every layer type and field the validator knows, accepts every zoo model, and refuses the field-level
 * mistakes the validator refuses.
 */
class SpecSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode SCHEMA_JSON = JSON.valueToTree(SpecSchema.build());
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SCHEMA_JSON.toString());

    private static List<Error> errors(String specJson) {
        return SCHEMA.validate(JSON.readTree(specJson));
    }

    @Test
    void listsEveryLayerTypeWithExactlyItsFields() {
        assertThat(SCHEMA_JSON.at("/$defs/layer/properties/type/enum").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(LayerSpec.TYPES);
        for (LayerType t : LayerTypes.all()) {
            JsonNode def = SCHEMA_JSON.at("/$defs/" + t.name());
            List<String> expected = new ArrayList<>(List.of("name", "type", "inputs"));
            expected.addAll(t.fieldNames());
            assertThat(def.get("properties").propertyNames()).as(t.name()).containsExactlyElementsOf(expected);
            assertThat(def.get("additionalProperties").asBoolean()).as(t.name()).isFalse();
        }
        assertThat(SCHEMA_JSON.at("/$defs/conv/required").valueStream().map(JsonNode::asString))
                .containsExactly("name", "type", "out", "kernel");
        assertThat(SCHEMA_JSON.at("/$defs/add/required").valueStream().map(JsonNode::asString))
                .containsExactly("name", "type", "inputs");
        assertThat(SCHEMA_JSON.at("/$defs/conv/properties/stride/default").asInt()).isEqualTo(1);
        assertThat(SCHEMA_JSON.at("/$defs/conv/properties/out/maximum").asInt()).isEqualTo(SpecLimits.MAX_WIDTH);
        assertThat(SCHEMA_JSON.at("/$defs/maxpool/properties/stride/description").asString())
                .contains("default: kernel");
    }

    @Test
    void fieldTableNamesTheRecordsJsonProperties() {
        Set<String> components = Arrays.stream(LayerSpec.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> fields = Arrays.stream(LayerField.values()).map(LayerField::json).collect(Collectors.toSet());
        Set<String> common = Set.of("name", "type", "inputs");
        assertThat(components).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(fields.stream(), common.stream()).toList());
        assertThat(SCHEMA_JSON.at("/properties").propertyNames()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ModelSpec.class.getRecordComponents()).map(RecordComponent::getName).toList());
        assertThat(SCHEMA_JSON.at("/$defs/basis/properties").propertyNames()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(BasisConfig.class.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    @Test
    void tableDefaultsAreTheOnesTheRecordApplies() {
        for (LayerType t : LayerTypes.all()) {
            LayerSpec minimal = new LayerSpec("l", t.name(), t.use(LayerField.OUT).isPresent() ? 4 : null,
                    t.use(LayerField.KERNEL).isPresent() ? 3 : null, null, null, null, null, null, null, null);
            for (LayerType.Use u : t.fields()) {
                Object v = u.field().valueIn(minimal);
                if (u.defaultNote() != null) {
                    assertThat(u.defaultNote()).isEqualTo("kernel");
                    assertThat(v).as(t.name() + "." + u.field().json()).isEqualTo(minimal.kernel());
                } else if (!u.required()) {
                    assertThat(v).as(t.name() + "." + u.field().json()).isEqualTo(u.defaultValue());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet5", "vgg-small", "vgg11", "vgg16", "resnet20", "resnet32", "resnet56",
            "resnet18", "resnet50", "densenet40", "densenet100", "densenet121"})
    void everyZooModelAndItsBasisNFormValidate(String name) {
        assertThat(ModelZoo.NAMES).contains(name);
        int[] input = switch (name) {
            case "lenet5" -> new int[] {1, 28, 28};
            case "resnet18", "resnet50", "densenet121" -> new int[] {3, 224, 224};
            default -> new int[] {3, 32, 32};
        };
        ModelSpec spec = ModelZoo.byName(name, input, 10);
        assertThat(errors(spec.toJson())).isEmpty();
        ModelSpec basisN = BasisNSpec.of(spec, new BasisConfig(9, 16, 4, 2));
        SpecValidator.checkStructure(basisN);
        assertThat(errors(basisN.toJson())).isEmpty();
    }

    @Test
    void zooListIsTheOneTestedAboveAndMlpHiddenWidthsValidate() {
        assertThat(ModelZoo.NAMES).hasSize(13);
        ModelSpec mlp = ModelZoo.mlp(new int[] {20}, new int[] {64, 32, 16}, 3);
        assertThat(errors(mlp.toJson())).isEmpty();
        ModelSpec vgg = ModelZoo.vgg("16,M,32", new int[] {3, 16, 16}, 5, false);
        assertThat(errors(vgg.toJson())).isEmpty();
    }

    /** Field-level mistakes: the schema and the validator (or the strict JSON reader) both refuse them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": \"r\", \"type\": \"relu\", \"out\": 4}",
            "{\"name\": \"c\", \"type\": \"conv\", \"out\": 4}",
            "{\"name\": \"c\", \"type\": \"conv\", \"out\": 0, \"kernel\": 3}",
            "{\"name\": \"c\", \"type\": \"conv\", \"out\": 4, \"kernel\": 3, \"padding\": -1}",
            "{\"name\": \"c\", \"type\": \"conv\", \"out\": 4, \"kernel\": 3, \"p\": 0.1}",
            "{\"name\": \"d\", \"type\": \"dropout\", \"p\": 1.0}",
            "{\"name\": \"s\", \"type\": \"swish\"}",
            "{\"name\": \"input\", \"type\": \"relu\"}",
            "{\"name\": \"a\", \"type\": \"add\", \"inputs\": [\"input\"]}",
            "{\"name\": \"f\", \"type\": \"flatten\", \"inputs\": [\"input\", \"input\"]}",
            "{\"name\": \"fc\", \"type\": \"linear\", \"out\": 200000}",
            "{\"name\": \"fc\", \"type\": \"linear\", \"out\": 4, \"basis\": \" \"}"})
    void fieldMistakesAreRefusedByBothTheSchemaAndTheValidator(String layer) {
        String spec = "{\"name\": \"t\", \"input\": [4], \"classes\": 4, \"layers\": [" + layer + "]}";
        assertThat(errors(spec)).isNotEmpty();
        assertThatThrownBy(() -> SpecValidator.checkStructure(ModelSpec.fromJson(spec)))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void unknownFieldsAreRefusedByBothTheSchemaAndTheReader() {
        String spec = "{\"name\": \"t\", \"input\": [4], \"classes\": 4, \"layers\": ["
                + "{\"name\": \"fc\", \"type\": \"linear\", \"out\": 4, \"bais\": false}]}";
        assertThat(errors(spec)).isNotEmpty().anySatisfy(e -> assertThat(e.toString()).contains("bais"));
        assertThatThrownBy(() -> ModelSpec.fromJson(spec)).hasMessageContaining("bais");
        String topLevel = "{\"name\": \"t\", \"input\": [4], \"classes\": 4, \"hidden\": [8], \"layers\": ["
                + "{\"name\": \"fc\", \"type\": \"linear\", \"out\": 4}]}";
        assertThat(errors(topLevel)).isNotEmpty();
        assertThatThrownBy(() -> ModelSpec.fromJson(topLevel)).hasMessageContaining("hidden");
    }

    @Test
    void aFieldTheTypeDoesNotTakeIsA400NamingItAndTheTypesFields() {
        InvalidSpecException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidSpecException.class,
                () -> SpecValidator.checkStructure(ModelSpec.fromJson("{\"name\": \"t\", \"input\": [1, 8, 8], "
                        + "\"classes\": 4, \"layers\": [{\"name\": \"p1\", \"type\": \"maxpool\", \"kernel\": 2, "
                        + "\"out\": 8}]}")));
        assertThat(e.field()).isEqualTo("layers[0].out");
        assertThat(e.reason()).contains("does not apply to maxpool").contains("[kernel, stride, padding]");
    }
}
