package org.imclab.training.models;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.imclab.common.nn.SpecSchema;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the model-spec JSON Schema, so clients and editors can check a spec before sending it. The
 * document comes from common.nn's layer-type table, the one the validator behind every 400 reads.
 */
@RestController
class SpecSchemaController {

    static final String SCHEMA_JSON = "application/schema+json";

    // Built once: it depends only on code.
    private final Map<String, Object> schema = SpecSchema.build();

    @Operation(summary = "JSON Schema (draft 2020-12) of the model spec",
            description = "Every layer type with exactly its fields, their defaults and limits; used by training "
                    + "jobs, analyze, registration and hwsim simulations (model.spec). Shape rules and totals are "
                    + "checked server-side only: POST /api/v1/models/analyze. Guide: docs/model-spec.md.")
    @GetMapping(path = SpecSchema.PATH, produces = {SCHEMA_JSON, MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> specSchema() {
        return schema;
    }
}
