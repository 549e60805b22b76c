package org.imclab.common.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Refuses text in the query string, path variables, form fields and the headers a handler reads
 * when it is not storable ({@link StorableText}): 400 naming the parameter, before any handler or
 * database sees it. The raw query is decoded strictly here because the servlet container would
 * quietly replace invalid UTF-8.
 */
public class RequestTextCheck implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        checkQuery(request.getQueryString());
        checkPathVariables(request);
        if (handler instanceof HandlerMethod method) {
            checkParameters(request);
            checkHeaders(request, method);
        }
        return true;
    }

    static void checkQuery(String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            Optional<String> name = StorableText.percentDecode(rawName, true);
            if (name.isEmpty()) {
                throw ApiException.badRequest("query", "a parameter name is not valid percent-encoded UTF-8");
            }
            String field = name.get();
            if (StorableText.problem(field).isPresent()) {
                throw ApiException.badRequest("query", "a parameter name " + StorableText.problem(field).get());
            }
            if (eq >= 0) {
                Optional<String> value = StorableText.percentDecode(pair.substring(eq + 1), true);
                if (value.isEmpty()) {
                    throw ApiException.badRequest(field, "is not valid percent-encoded UTF-8");
                }
                check(field, value.get());
            }
        }
    }

    /**
     * Path variables as the client sent them: each raw segment under a {@code {name}} of the matched
     * pattern is decoded strictly, since the decoded variables already had bad bytes replaced.
     */
    private static void checkPathVariables(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (!(pattern instanceof String p) || !p.contains("{")) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String[] rawSegments = path.split("/", -1);
        String[] patternSegments = p.split("/", -1);
        if (rawSegments.length != patternSegments.length) {
            return;
        }
        for (int i = 0; i < rawSegments.length; i++) {
            String ps = patternSegments[i];
            int open = ps.indexOf('{');
            int close = ps.indexOf('}', open + 1);
            if (open < 0 || close < 0) {
                continue;
            }
            String name = ps.substring(open + 1, close);
            int colon = name.indexOf(':');
            if (colon >= 0) {
                name = name.substring(0, colon);
            }
            String raw = rawSegments[i];
            int semicolon = raw.indexOf(';');
            if (semicolon >= 0) {
                raw = raw.substring(0, semicolon);
            }
            Optional<String> decoded = StorableText.percentDecode(raw, false);
            if (decoded.isEmpty()) {
                throw ApiException.badRequest(name, "is not valid percent-encoded UTF-8");
            }
            check(name, decoded.get());
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null) {
            variables.forEach(RequestTextCheck::check);
        }
    }

    /** Query and form fields as the container parsed them (multipart text parts included). */
    private static void checkParameters(HttpServletRequest request) {
        for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            check("query", e.getKey());
            for (String v : e.getValue()) {
                check(e.getKey(), v);
            }
        }
    }

    private static void checkHeaders(HttpServletRequest request, HandlerMethod method) {
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header == null) {
                continue;
            }
            String name = !header.name().isEmpty() ? header.name() : header.value();
            if (name.isEmpty()) {
                continue;
            }
            var values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                check(name, values.nextElement());
            }
        }
    }

    private static void check(String field, String value) {
        StorableText.problem(value).ifPresent(reason -> {
            throw ApiException.badRequest(field, reason);
        });
    }
}
