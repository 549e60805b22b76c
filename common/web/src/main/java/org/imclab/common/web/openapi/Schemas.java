package org.imclab.common.web.openapi;

import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Set;

/** Schema objects for springdoc's OpenAPI 3.1 documents, where a type is a set ("types"), not one string. */
final class Schemas {

    static final String COMPONENTS = "#/components/schemas/";

    private Schemas() {
    }

    @SuppressWarnings("rawtypes")
    static Schema typed(String type) {
        return new Schema<>().specVersion(SpecVersion.V31).type(type).types(Set.of(type));
    }

    @SuppressWarnings("rawtypes")
    static Schema ref(String name) {
        return new Schema<>().specVersion(SpecVersion.V31).$ref(COMPONENTS + name);
    }

    /** Any JSON value: the empty schema. */
    @SuppressWarnings("rawtypes")
    static Schema any(String description) {
        return new Schema<>().specVersion(SpecVersion.V31).description(description);
    }

    @SuppressWarnings("rawtypes")
    static Schema binary() {
        return typed("string").format("binary");
    }
}
