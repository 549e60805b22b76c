package org.imclab.common.web.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobView;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.GenericTypeResolver;
import org.springframework.web.method.HandlerMethod;

/**
 * Types every job kind's operations. {@link JobResourceController} is generic, so springdoc alone documents
 * each kind as the same {@code JobView} with a free-form request and result, plus clashing operation ids
 * (submit, submit_1, ...). Here each kind gets its own schema, {@code <Kind>Job}: JobView's fields with
 * {@code kind} fixed, {@code request} the kind's request type and {@code result} what its controller's
 * {@link JobResourceController#resultSchema()} declares (a oneOf with a discriminator where it varies).
 * Job operations get ids of their kind ({@code submitTrainingJob}, in place of common-web's OperationIds), the real statuses (202 + Location on submit and
 * cancel, 204 on a finished event stream) and the event stream's media type.
 */
final class JobContract implements OperationCustomizer, OpenApiCustomizer {

    static final String JOB_VIEW = "JobView";

    private final ObjectProvider<JobResourceController<?>> controllers;

    JobContract(ObjectProvider<JobResourceController<?>> controllers) {
        this.controllers = controllers;
    }

    @Override
    public Operation customize(Operation op, HandlerMethod handler) {
        Optional<JobResourceController<?>> owner = controllerOf(handler);
        if (owner.isEmpty()) {
            return op;
        }
        String kind = owner.get().kind();
        String schema = schemaName(kind);
        op.setTags(List.of(kind + " jobs"));
        ApiResponses responses = new ApiResponses();
        switch (handler.getMethod().getName()) {
            case "submit" -> {
                op.setOperationId("submit" + schema);
                responses.addApiResponse("202", job(schema, "Queued; Location is the job's path").addHeaderObject(
                        "Location", location()));
                responses.addApiResponse("200", job(schema, "An earlier submission with the same Idempotency-Key "
                        + "and body: that job").addHeaderObject("Location", location()));
            }
            case "get" -> {
                op.setOperationId("get" + schema);
                responses.addApiResponse("200", job(schema, "The job, with its request, result and state history"));
            }
            case "cancel" -> {
                op.setOperationId("cancel" + schema);
                responses.addApiResponse("202", job(schema, "Cancellation requested (or the job had already ended)"));
            }
            case "list" -> {
                op.setOperationId("list" + schema + "s");
                return op;
            }
            case "events" -> {
                op.setOperationId("stream" + schema + "Events");
                responses.addApiResponse("200", new ApiResponse().description(EventStreamDoc.DESCRIPTION)
                        .content(new Content().addMediaType(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE,
                                new MediaType().schema(Schemas.typed("string")))));
                responses.addApiResponse("204", new ApiResponse().description("The job has finished and Last-Event-ID "
                        + "already covers its end: nothing more will come, so EventSource stops reconnecting"));
            }
            default -> {
                // A kind's own extra operation (e.g. a pruning job's iterations) keeps OperationIds' id.
                return op;
            }
        }
        op.setResponses(responses);
        return op;
    }

    @Override
    public void customise(OpenAPI openApi) {
        // Sorted, so the document does not depend on bean order.
        Map<String, JobResourceController<?>> byKind = new TreeMap<>();
        controllers.orderedStream().forEach(c -> byKind.put(c.kind(), c));
        if (byKind.isEmpty()) {
            return;
        }
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        Schema<?> jobView = jobView(components);
        byKind.forEach((kind, c) -> components.addSchemas(schemaName(kind),
                kindSchema(jobView, kind, requestType(c), c.resultSchema(), components)));
    }

    /** JobView's own schema, resolved here: no operation refers to it once customize() has typed them. */
    private static Schema<?> jobView(Components components) {
        ResolvedSchema resolved = ModelConverters.getInstance(true).readAllAsResolvedSchema(new AnnotatedType(JobView.class));
        resolved.referencedSchemas.forEach((name, schema) -> {
            if (!name.equals(JOB_VIEW) && (components.getSchemas() == null || !components.getSchemas().containsKey(name))) {
                components.addSchemas(name, schema);
            }
        });
        return resolved.schema;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema kindSchema(Schema<?> jobView, String kind, Class<?> requestType, JobResultSchema result,
            Components components) {
        Schema s = Schemas.typed("object").description("A " + kind + " job as GET returns it; result is set once it "
                + "has SUCCEEDED");
        Map<String, Schema> props = new LinkedHashMap<>(jobView.getProperties());
        Schema kindName = Schemas.typed("string");
        kindName.addEnumItemObject(kind);
        props.put("kind", kindName);
        if (requestType != null) {
            props.put("request", register(requestType, components));
        }
        props.put("result", resultSchema(result, components));
        s.setProperties(props);
        s.setRequired(List.of("id", "kind", "state"));
        return s;
    }

    @SuppressWarnings("rawtypes")
    private static Schema resultSchema(JobResultSchema result, Components components) {
        if (result.variants().isEmpty()) {
            return Schemas.typed("object").description("Free-form; see the kind's documentation");
        }
        if (result.discriminator() == null) {
            return register(result.variants().values().iterator().next(), components);
        }
        Schema oneOf = Schemas.any("One of these, told apart by " + result.discriminator());
        Discriminator d = new Discriminator().propertyName(result.discriminator());
        List<Schema> options = new ArrayList<>();
        new TreeMap<>(result.variants()).forEach((value, type) -> {
            Schema ref = register(type, components);
            options.add(ref);
            d.mapping(value, ref.get$ref());
        });
        // null until the job has succeeded; generated clients read that as a nullable result, not an error.
        options.add(Schemas.typed("null"));
        return oneOf.oneOf(options).discriminator(d);
    }

    /** Adds a type's schema (and every schema it refers to) to the components; returns a $ref to it. */
    @SuppressWarnings("rawtypes")
    private static Schema register(Class<?> type, Components components) {
        ResolvedSchema resolved = ModelConverters.getInstance(true)
                .readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved.referencedSchemas != null) {
            resolved.referencedSchemas.forEach((name, schema) -> {
                if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                    components.addSchemas(name, schema);
                }
            });
        }
        return resolved.schema;
    }

    private static ApiResponse job(String schema, String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_JSON_VALUE, new MediaType().schema(Schemas.ref(schema))));
    }

    private static Header location() {
        return new Header().description("The job's path, /api/v1/<collection>/{id}").schema(Schemas.typed("string"));
    }

    private Optional<JobResourceController<?>> controllerOf(HandlerMethod handler) {
        if (!JobResourceController.class.isAssignableFrom(handler.getBeanType())) {
            return Optional.empty();
        }
        return controllers.stream().filter(c -> AopUtils.getTargetClass(c) == handler.getBeanType()).findFirst();
    }

    private static Class<?> requestType(JobResourceController<?> c) {
        return GenericTypeResolver.resolveTypeArgument(AopUtils.getTargetClass(c), JobResourceController.class);
    }

    /** training → TrainingJob, dataset-import → DatasetImportJob. */
    static String schemaName(String kind) {
        StringBuilder out = new StringBuilder();
        for (String part : kind.split("[-_]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.append("Job").toString();
    }
}
