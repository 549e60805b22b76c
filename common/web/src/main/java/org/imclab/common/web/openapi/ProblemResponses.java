package org.imclab.common.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents the error answers every endpoint really gives, all RFC 9457 {@code application/problem+json} with
 * one shared {@code Problem} schema. They come from shared code (bean validation, the problem advice, the
 * body caps, the database-outage filter, and the gateway's key, scope and rate-limit filters in front of
 * every service), so they are derived here from each operation's shape rather than annotated 200 times:
 * <ul>
 *   <li>401, 429, 503 on every {@code /api} operation; 403 where the key needs more than the read scope;</li>
 *   <li>400 where there is a parameter or body to get wrong; 404 where the path names an object;</li>
 *   <li>409 where an {@code Idempotency-Key} is accepted; 413 and 415 where there is a body.</li>
 * </ul>
 * An answer an operation already declares (by annotation) is left alone.
 */
final class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    static final String PROBLEM_JSON = "application/problem+json";

    /** status → (component name, description, retry-after?) in the order they appear in the document. */
    private record Kind(String status, String name, String description, boolean retryAfter,
            Predicate<Endpoint> applies) {
    }

    /** What the rules look at: the path, the method and the operation. */
    private record Endpoint(String path, PathItem.HttpMethod method, Operation op) {

        boolean hasBody() {
            return op.getRequestBody() != null;
        }

        boolean hasParameters() {
            return op.getParameters() != null && !op.getParameters().isEmpty();
        }

        boolean takesIdempotencyKey() {
            return op.getParameters() != null && op.getParameters().stream().map(Parameter::getName)
                    .anyMatch("Idempotency-Key"::equalsIgnoreCase);
        }

        boolean needsMoreThanRead() {
            return path.startsWith("/api/v1/admin/") || !Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD,
                    PathItem.HttpMethod.OPTIONS).contains(method);
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("400", "BadRequest", "Invalid input: the problem's errors[] names each field and what is wrong",
                    false, e -> e.hasBody() || e.hasParameters() || e.path().contains("{")),
            new Kind("401", "Unauthorized", "No API key, or one that is malformed, unknown or revoked", false, e -> true),
            new Kind("403", "Forbidden", "The API key lacks the scope this call needs (submit for writes, admin for "
                    + "/admin)", false, Endpoint::needsMoreThanRead),
            new Kind("404", "NotFound", "No such object, or one another API key's project owns", false,
                    e -> e.path().contains("{")),
            new Kind("409", "Conflict", "The Idempotency-Key was used before with a different body", false,
                    Endpoint::takesIdempotencyKey),
            new Kind("413", "ContentTooLarge", "The body exceeds the size limit (1 MiB for JSON; uploads have their own)",
                    false, Endpoint::hasBody),
            new Kind("415", "UnsupportedMediaType", "The body's Content-Type is not one this operation takes", false,
                    Endpoint::hasBody),
            new Kind("429", "TooManyRequests", "The API key's rate limit is spent; retry after Retry-After seconds",
                    true, e -> true),
            new Kind("503", "ServiceUnavailable",
                    "PostgreSQL, or the service behind the gateway, is unreachable; retry after Retry-After seconds", true,
                    e -> true));

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        components.addSchemas(FIELD_ERROR, fieldError());
        components.addSchemas(PROBLEM, problem());
        KINDS.forEach(k -> components.addResponses(k.name(), response(k)));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
                Endpoint endpoint = new Endpoint(path, e.getKey(), e.getValue());
                ApiResponses responses = e.getValue().getResponses() != null ? e.getValue().getResponses()
                        : new ApiResponses();
                e.getValue().setResponses(responses);
                for (Kind k : KINDS) {
                    if (k.applies().test(endpoint) && !responses.containsKey(k.status())) {
                        responses.addApiResponse(k.status(), new ApiResponse().$ref("#/components/responses/" + k.name()));
                    }
                }
            }
        });
    }

    private static ApiResponse response(Kind k) {
        ApiResponse r = new ApiResponse().description(k.description())
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(Schemas.ref(PROBLEM))));
        if (k.retryAfter()) {
            r.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(Schemas.typed("integer")));
        }
        return r;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problem() {
        Schema s = Schemas.typed("object").description("RFC 9457 problem details");
        s.addProperty("type", Schemas.typed("string").format("uri").description("Identifies the problem type"));
        s.addProperty("title", Schemas.typed("string").description("The status's reason phrase"));
        s.addProperty("status", Schemas.typed("integer").format("int32"));
        s.addProperty("detail", Schemas.typed("string").description("What went wrong, for a person"));
        s.addProperty("instance", Schemas.typed("string").format("uri-reference").description("The request path"));
        s.addProperty("errors", Schemas.typed("array").items(Schemas.ref(FIELD_ERROR))
                .description("One entry per request field at fault"));
        s.setRequired(List.of("status", "title"));
        return s;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema fieldError() {
        Schema s = Schemas.typed("object");
        s.addProperty("field", Schemas.typed("string").description("The field's name or JSON path, e.g. epochs"));
        s.addProperty("message", Schemas.typed("string"));
        s.setRequired(List.of("field", "message"));
        return s;
    }
}
