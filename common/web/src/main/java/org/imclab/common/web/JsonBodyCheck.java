package org.imclab.common.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every JSON request body before it is bound: strict UTF-8, no NUL or unpaired surrogate in
 * any string or field name, and no null element in an array ({@code "seeds": [null]}), each a 400
 * naming the JSON path ({@code seeds[0]}). Binding would accept all of these and fail later in the
 * database or a handler. Bodies are already capped by {@link BodySizeLimitFilter}, so reading one
 * whole is bounded.
 */
@ControllerAdvice
public class JsonBodyCheck extends RequestBodyAdviceAdapter {

    private final JsonMapper json;

    public JsonBodyCheck(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return converterType.getSimpleName().contains("Json");
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        MediaType type = input.getHeaders().getContentType();
        if (type != null && !(type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()))) {
            return input;
        }
        byte[] body = input.getBody().readAllBytes();
        try {
            StorableText.decodeUtf8(body, 0, body.length);
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("body", "is not valid UTF-8 (JSON must be UTF-8 encoded)");
        }
        JsonNode tree = null;
        try {
            tree = json.readTree(body);
        } catch (JacksonException malformed) {
            // Left to the message converter, which reports where the JSON breaks.
        }
        if (tree != null) {
            check(tree, "");
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    private static void check(JsonNode node, String path) {
        if (node.isString()) {
            reject(path, node.asString());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                StorableText.problem(e.getKey()).ifPresent(reason -> {
                    throw ApiException.badRequest(path.isEmpty() ? "body" : path, "a field name " + reason);
                });
                check(e.getValue(), field);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String element = (path.isEmpty() ? "body" : path) + "[" + i + "]";
                JsonNode value = node.get(i);
                if (value.isNull()) {
                    throw ApiException.badRequest(element, "must not be null");
                }
                check(value, element);
            }
        }
    }

    private static void reject(String path, String value) {
        StorableText.problem(value).ifPresent(reason -> {
            throw ApiException.badRequest(path.isEmpty() ? "body" : path, reason);
        });
    }
}
