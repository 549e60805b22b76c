package org.imclab.common.nn;

import java.util.List;
import java.util.Optional;

/**
 * One layer type of the spec: the fields it takes (beyond name, type and inputs), with their defaults, and
 * how many inputs it reads. An entry of {@link LayerTypes}.
 *
 * @param name      the {@code type} value
 * @param summary   what the layer computes, one sentence
 * @param fields    the fields it takes, in documentation order
 * @param minInputs fewest inputs
 * @param maxInputs most inputs; null for no upper bound (add, concat)
 */
public record LayerType(String name, String summary, List<Use> fields, int minInputs, Integer maxInputs) {

    /**
     * How a type uses one field.
     *
     * @param field        the field
     * @param required     whether a spec must give it
     * @param defaultValue the value an absent field gets, as JSON would hold it; null when none or derived
     * @param defaultNote  the default in words, for a derived one (pooling stride = kernel); null otherwise
     */
    public record Use(LayerField field, boolean required, Object defaultValue, String defaultNote) {

        static Use required(LayerField field) {
            return new Use(field, true, null, null);
        }

        static Use optional(LayerField field, Object defaultValue) {
            return new Use(field, false, defaultValue, null);
        }

        static Use derived(LayerField field, String defaultNote) {
            return new Use(field, false, null, defaultNote);
        }
    }

    public LayerType {
        fields = List.copyOf(fields);
    }

    /** How this type uses {@code field}, or empty when it does not take it. */
    public Optional<Use> use(LayerField field) {
        return fields.stream().filter(u -> u.field() == field).findFirst();
    }

    /** The JSON names of the fields it takes. */
    public List<String> fieldNames() {
        return fields.stream().map(u -> u.field().json()).toList();
    }

    /** Whether it merges several inputs (add, concat). */
    public boolean merges() {
        return minInputs > 1;
    }
}
