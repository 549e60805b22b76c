package org.imclab.common.jobs;

import java.util.Map;

/**
 * What a job kind's {@code result} is, for the API contract: nothing declared (a free-form object), one
 * type, or one of several told apart by the value of their {@code discriminator} property.
 *
 * @param variants the result type of each discriminator value; one entry under "" for a single type
 */
public record JobResultSchema(String discriminator, Map<String, Class<?>> variants) {

    public static JobResultSchema freeForm() {
        return new JobResultSchema(null, Map.of());
    }

    public static JobResultSchema of(Class<?> type) {
        return new JobResultSchema(null, Map.of("", type));
    }

    /** Several result types; each serializes {@code property} with its key here as the value. */
    public static JobResultSchema oneOf(String property, Map<String, Class<?>> variants) {
        return new JobResultSchema(property, Map.copyOf(variants));
    }
}
