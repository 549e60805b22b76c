package org.imclab.common.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates malformed requests for every operation of a committed OpenAPI spec and sends them to
 * a running service: wrong types, nulls, NUL characters, invalid UTF-8, unpaired surrogates, huge
 * numbers, NaN/Infinity literals, unknown fields, wrong or missing content types and bodies,
 * broken JSON and multipart, bad page tokens, over-long strings, invalid path ids, oversized
 * bodies and wrong methods. A base body is derived from each request schema; each mutation
 * changes one thing in it. The seed fixes every choice, so a failure reproduces.
 */
public final class OpenApiFuzzer {

    /** Over the services' 1 MB JSON cap, under Tomcat's 2 MB swallow limit so the 413 is always read. */
    static final int OVER_CAP_BYTES = 1_200_000;
    private static final String RAW = "__raw_";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode spec;
    private final Random random;
    private final int maxPathsPerBody;

    public OpenApiFuzzer(JsonNode spec, long seed, int maxPathsPerBody) {
        this.spec = spec;
        this.random = new Random(seed);
        this.maxPathsPerBody = maxPathsPerBody;
    }

    public static OpenApiFuzzer fromFile(Path specFile, long seed) throws IOException {
        return new OpenApiFuzzer(JSON.readTree(Files.readString(specFile)), seed, 30);
    }

    /** Generates every request, sends each with {@code auth}'s headers, and tallies the answers. */
    public FuzzReport run(String service, String host, int port, Supplier<Map<String, String>> auth) {
        RawHttpClient client = new RawHttpClient(host, port);
        FuzzReport report = new FuzzReport(service);
        for (FuzzRequest request : requests()) {
            FuzzRequest signed = request.withHeaders(auth.get());
            try {
                report.record(signed, client.send(signed.wire(host + ":" + port)));
            } catch (IOException | RuntimeException e) {
                report.failed(signed, e);
            }
        }
        return report;
    }

    /** Every request for every operation, in a fixed order. */
    public List<FuzzRequest> requests() {
        List<FuzzRequest> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase();
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    out.addAll(forOperation(method, path.getKey(), op.getValue()));
                }
            }
            out.addAll(wrongMethods(path.getKey(), path.getValue()));
        }
        out.addAll(containerLevel());
        return out;
    }

    // ---- one operation ----

    private List<FuzzRequest> forOperation(String method, String template, JsonNode op) {
        List<JsonNode> params = new ArrayList<>();
        op.path("parameters").forEach(p -> params.add(resolve(p)));
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        for (JsonNode p : params) {
            String in = p.path("in").asString();
            if (in.equals("path")) {
                pathValues.put(p.get("name").asString(), encode(sampleText(resolve(p.path("schema")))));
            } else if (in.equals("query") && p.path("required").asBoolean(false)) {
                queryValues.put(p.get("name").asString(), encode(sampleText(resolve(p.path("schema")))));
            }
        }
        String label = method + " " + template;
        Body body = body(op);
        FuzzRequest base = body.apply(FuzzRequest.of(label, method, target(template, pathValues, queryValues)), null);
        List<FuzzRequest> out = new ArrayList<>();
        out.add(base);
        out.add(relabel(base.header("Accept", "text/html"), label + " Accept text/html"));
        out.add(relabel(base.header("Accept", "application/xml"), label + " Accept application/xml"));
        for (JsonNode p : params) {
            String name = p.get("name").asString();
            JsonNode schema = resolve(p.path("schema"));
            switch (p.path("in").asString()) {
                case "path" -> {
                    for (String bad : badPathValues(schema)) {
                        Map<String, String> values = new LinkedHashMap<>(pathValues);
                        values.put(name, bad);
                        out.add(retarget(base, label + " path " + name + "=" + bad, target(template, values, queryValues)));
                    }
                }
                case "query" -> {
                    for (String bad : badQueryValues(name, schema)) {
                        Map<String, String> values = new LinkedHashMap<>(queryValues);
                        values.put(name, bad);
                        out.add(retarget(base, label + " query " + name + "=" + bad, target(template, pathValues, values)));
                    }
                    String repeated = target(template, pathValues, queryValues);
                    repeated += (repeated.contains("?") ? "&" : "?") + name + "=a&" + name + "=%00";
                    out.add(retarget(base, label + " repeated " + name, repeated));
                    if (p.path("required").asBoolean(false)) {
                        Map<String, String> values = new LinkedHashMap<>(queryValues);
                        values.remove(name);
                        out.add(retarget(base, label + " without " + name, target(template, pathValues, values)));
                    }
                }
                case "header" -> {
                    for (String bad : badHeaderValues()) {
                        out.add(relabel(base.header(name, bad), label + " header " + name + "=" + abbreviate(bad)));
                    }
                }
                default -> {
                }
            }
        }
        out.addAll(body.mutations(base));
        return out;
    }

    private static FuzzRequest retarget(FuzzRequest r, String label, String target) {
        return new FuzzRequest(label, r.method(), target, r.headers(), r.body(), r.chunked(), r.containerLevel());
    }

    private List<FuzzRequest> wrongMethods(String template, JsonNode ops) {
        List<FuzzRequest> out = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode op : ops) {
            op.path("parameters").forEach(p -> {
                JsonNode param = resolve(p);
                if (param.path("in").asString().equals("path")) {
                    values.put(param.get("name").asString(), encode(sampleText(resolve(param.path("schema")))));
                }
            });
        }
        String target = target(template, values, Map.of());
        for (String method : List.of("PUT", "DELETE", "PATCH", "POST", "GET")) {
            if (!ops.has(method.toLowerCase())) {
                out.add(FuzzRequest.of("wrong method " + method + " " + template, method, target)
                        .json("{\"a\":1}"));
            }
        }
        out.add(FuzzRequest.of("OPTIONS " + template, "OPTIONS", target));
        out.add(FuzzRequest.of("HEAD " + template, "HEAD", target));
        return out;
    }

    // ---- bodies ----

    /** How an operation takes its body, and the malformed variants of it. */
    private interface Body {
        FuzzRequest apply(FuzzRequest r, String label);

        List<FuzzRequest> mutations(FuzzRequest base);
    }

    private Body body(JsonNode op) {
        JsonNode content = op.path("requestBody").path("content");
        if (content.has("application/json")) {
            return new JsonBody(sample(resolve(content.get("application/json").path("schema")), 0));
        }
        if (content.has("multipart/form-data")) {
            return new MultipartBody(resolve(content.get("multipart/form-data").path("schema")), op);
        }
        return new Body() {
            @Override
            public FuzzRequest apply(FuzzRequest r, String label) {
                return r;
            }

            @Override
            public List<FuzzRequest> mutations(FuzzRequest base) {
                return List.of(
                        relabel(base.json("{\"unexpected\":true}"), base.label() + " unexpected body"),
                        relabel(base.body("text/plain", "hello".getBytes(StandardCharsets.UTF_8)), base.label() + " text body"),
                        relabel(base.body("text/plain", new byte[OVER_CAP_BYTES]), base.label() + " over-cap body"));
            }
        };
    }

    private static FuzzRequest relabel(FuzzRequest r, String label) {
        return new FuzzRequest(label, r.method(), r.target(), r.headers(), r.body(), r.chunked(), r.containerLevel());
    }

    private final class JsonBody implements Body {

        private final JsonNode base;

        JsonBody(JsonNode base) {
            this.base = base;
        }

        @Override
        public FuzzRequest apply(FuzzRequest r, String label) {
            return r.json(JSON.writeValueAsString(base));
        }

        @Override
        public List<FuzzRequest> mutations(FuzzRequest req) {
            String l = req.label();
            String text = JSON.writeValueAsString(base);
            List<FuzzRequest> out = new ArrayList<>();
            FuzzRequest bare = new FuzzRequest(l, req.method(), req.target(), withoutContentType(req.headers()), null,
                    false, false);
            out.add(relabel(bare, l + " no body, no content type"));
            out.add(relabel(bare.body("application/json", null), l + " no body"));
            out.add(relabel(bare.json(""), l + " empty body"));
            for (String broken : List.of("{", "}", "[]", "null", "42", "\"text\"", "{\"a\":}", "{'a':1}",
                    "{\"a\":1,}", "/* c */{}", text + "garbage", text + text, text.substring(0, text.length() / 2),
                    "{\"a\":1e999999}", "{\"a\":" + "9".repeat(2000) + "}", "[".repeat(5000), "{\"a\":\"\\uZZZZ\"}",
                    "{\"a\":\"\\ud800\"}", "{\"a\u0000\":1}")) {
                out.add(relabel(bare.json(broken), l + " malformed " + abbreviate(broken)));
            }
            ObjectNode unknown = base.isObject() ? ((ObjectNode) base).deepCopy() : NODES.objectNode();
            unknown.put("zzUnknownField", 1);
            out.add(relabel(bare.json(JSON.writeValueAsString(unknown)), l + " unknown field"));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "application/octet-stream", "multipart/form-data; boundary=x", "multipart/form-data",
                    "application/json; charset=ISO-8859-1", "application/json; charset=bogus", "???", "application/",
                    "application/json;;;", "*/*")) {
                out.add(relabel(bare.body(type, bytes), l + " content type " + type));
            }
            out.add(relabel(new FuzzRequest(l, req.method(), req.target(), withoutContentType(req.headers()), bytes,
                    false, false), l + " JSON without content type"));
            out.add(relabel(bare.json(text).asChunked(), l + " chunked"));
            out.add(relabel(bare.json(padded(OVER_CAP_BYTES)), l + " JSON over cap"));
            out.add(relabel(bare.json(padded(OVER_CAP_BYTES)).asChunked(), l + " chunked JSON over cap"));
            out.add(relabel(bare.body("text/plain", new byte[OVER_CAP_BYTES]), l + " text over cap"));
            out.add(relabel(bare.body("application/octet-stream", new byte[OVER_CAP_BYTES]).asChunked(),
                    l + " chunked octets over cap"));
            out.add(relabel(bare.body("application/json", latin1(text)), l + " invalid UTF-8 (latin-1 bytes)"));
            List<List<Object>> paths = new ArrayList<>();
            collectPaths(base, new ArrayList<>(), paths, 0);
            Collections.shuffle(paths, random);
            for (List<Object> path : paths.subList(0, Math.min(maxPathsPerBody, paths.size()))) {
                for (Mutation m : mutationsFor(path)) {
                    out.add(relabel(bare.body("application/json", m.bytes()), l + " " + pathText(path) + " " + m.what()));
                }
            }
            return out;
        }

        private List<Mutation> mutationsFor(List<Object> path) {
            List<Mutation> all = new ArrayList<>();
            all.add(raw(path, "null", "null"));
            all.add(value(path, "NUL char", NODES.stringNode("a\u0000b")));
            // As JSON escapes: a generator would write an unpaired surrogate as '?'.
            all.add(raw(path, "lone surrogate", "\"x\\ud800y\""));
            all.add(raw(path, "reversed surrogates", "\"\\udc00\\ud800\""));
            all.add(raw(path, "NaN", "NaN"));
            all.add(raw(path, "Infinity", "Infinity"));
            all.add(raw(path, "-Infinity", "-Infinity"));
            all.add(raw(path, "1e400", "1e400"));
            all.add(raw(path, "-1e400", "-1e400"));
            all.add(raw(path, "huge integer", "123456789012345678901234567890"));
            all.add(raw(path, "max long + 1", "9223372036854775808"));
            all.add(raw(path, "-1", "-1"));
            all.add(raw(path, "0", "0"));
            all.add(raw(path, "fraction", "0.5"));
            all.add(raw(path, "true", "true"));
            all.add(raw(path, "string", "\"not-a-value\""));
            all.add(raw(path, "empty string", "\"\""));
            all.add(raw(path, "object", "{\"x\":1}"));
            all.add(raw(path, "array", "[1,2]"));
            all.add(raw(path, "array of null", "[null]"));
            all.add(raw(path, "array of strings", "[\"a\",\"\\u0000\"]"));
            all.add(value(path, "long string", NODES.stringNode("x".repeat(20_000))));
            all.add(invalidUtf8(path));
            all.add(remove(path));
            Collections.shuffle(all, random);
            return all.subList(0, 12);
        }

        private Mutation value(List<Object> path, String what, JsonNode v) {
            JsonNode copy = base.deepCopy();
            set(copy, path, v);
            return new Mutation(what, JSON.writeValueAsString(copy).getBytes(StandardCharsets.UTF_8));
        }

        /** A literal JSON text (NaN, 1e400) that no tree can hold, spliced in for a placeholder. */
        private Mutation raw(List<Object> path, String what, String literal) {
            JsonNode copy = base.deepCopy();
            set(copy, path, NODES.stringNode(RAW));
            String text = JSON.writeValueAsString(copy).replace("\"" + RAW + "\"", literal);
            return new Mutation(what, text.getBytes(StandardCharsets.UTF_8));
        }

        private Mutation invalidUtf8(List<Object> path) {
            JsonNode copy = base.deepCopy();
            set(copy, path, NODES.stringNode(RAW));
            String text = JSON.writeValueAsString(copy);
            int at = text.indexOf(RAW);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(new byte[] {'a', (byte) 0xC3, 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF});
            out.writeBytes(text.substring(at + RAW.length()).getBytes(StandardCharsets.UTF_8));
            return new Mutation("invalid UTF-8", out.toByteArray());
        }

        private Mutation remove(List<Object> path) {
            JsonNode copy = base.deepCopy();
            JsonNode parent = at(copy, path.subList(0, path.size() - 1));
            Object last = path.get(path.size() - 1);
            if (parent instanceof ObjectNode o) {
                o.remove((String) last);
            } else if (parent instanceof ArrayNode a) {
                a.remove((Integer) last);
            }
            return new Mutation("removed", JSON.writeValueAsString(copy).getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Mutation(String what, byte[] bytes) {
    }

    private final class MultipartBody implements Body {

        private final JsonNode schema;

        MultipartBody(JsonNode schema, JsonNode op) {
            this.schema = schema;
        }

        @Override
        public FuzzRequest apply(FuzzRequest r, String label) {
            return multipart(r, "b0undary", parts(Map.of()));
        }

        /** A text part per query-declared field and a small file per binary property. */
        private List<String[]> parts(Map<String, String> overrides) {
            List<String[]> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                parts.add(new String[] {p.getKey(), "file.bin", overrides.getOrDefault(p.getKey(), "0123456789")});
            }
            return parts;
        }

        private FuzzRequest multipart(FuzzRequest r, String boundary, List<String[]> parts) {
            StringBuilder sb = new StringBuilder();
            for (String[] part : parts) {
                sb.append("--").append(boundary).append("\r\n");
                sb.append("Content-Disposition: form-data; name=\"").append(part[0]).append('"');
                if (part[1] != null) {
                    sb.append("; filename=\"").append(part[1]).append('"');
                }
                sb.append("\r\n\r\n").append(part[2]).append("\r\n");
            }
            sb.append("--").append(boundary).append("--\r\n");
            return r.body("multipart/form-data; boundary=" + boundary, sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<FuzzRequest> mutations(FuzzRequest req) {
            String l = req.label();
            FuzzRequest bare = new FuzzRequest(l, req.method(), req.target(), withoutContentType(req.headers()), null,
                    false, false);
            List<FuzzRequest> out = new ArrayList<>();
            String good = new String(multipart(bare, "b0undary", parts(Map.of())).body(), StandardCharsets.UTF_8);
            out.add(relabel(bare, l + " no body"));
            out.add(relabel(bare.body("multipart/form-data", good.getBytes(StandardCharsets.UTF_8)), l + " no boundary"));
            out.add(relabel(bare.body("multipart/form-data; boundary=other", good.getBytes(StandardCharsets.UTF_8)),
                    l + " wrong boundary"));
            out.add(relabel(bare.body("multipart/form-data; boundary=b0undary",
                    good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8)), l + " truncated multipart"));
            out.add(relabel(bare.body("multipart/form-data; boundary=b0undary",
                    good.replace("--b0undary--\r\n", "").getBytes(StandardCharsets.UTF_8)), l + " no closing boundary"));
            out.add(relabel(bare.body("multipart/form-data; boundary=b0undary", "garbage".getBytes(StandardCharsets.UTF_8)),
                    l + " garbage multipart"));
            out.add(relabel(bare.body("multipart/form-data; boundary=b0undary", new byte[0]), l + " empty multipart"));
            out.add(relabel(bare.body("multipart/form-data; boundary=b0undary",
                    "--b0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0undary--\r\n".getBytes(StandardCharsets.UTF_8)),
                    l + " part without name"));
            out.add(relabel(bare.body("multipart/form-data; boundary=b0undary",
                    "--b0undary\r\nno header end".getBytes(StandardCharsets.UTF_8)), l + " part header unterminated"));
            out.add(relabel(bare.body("multipart/mixed; boundary=b0undary", good.getBytes(StandardCharsets.UTF_8)),
                    l + " multipart/mixed"));
            out.add(relabel(bare.json("{}"), l + " JSON instead of multipart"));
            out.add(relabel(bare.body("text/plain", new byte[OVER_CAP_BYTES]), l + " text over cap"));
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                List<String[]> without = new ArrayList<>(parts(Map.of()));
                without.removeIf(part -> part[0].equals(p.getKey()));
                out.add(relabel(multipart(bare, "b0undary", without), l + " without part " + p.getKey()));
            }
            for (String field : List.of("name", "format", "labelColumn", "splitSeed", "valFraction", "coarse")) {
                for (String bad : List.of("a\u0000b", "NaN", "", "x".repeat(5000), "-1", "\u00e9\u00c3(")) {
                    List<String[]> parts = new ArrayList<>(parts(Map.of()));
                    parts.add(new String[] {field, null, bad});
                    out.add(relabel(multipart(bare, "b0undary", parts), l + " form field " + field + "=" + abbreviate(bad)));
                }
            }
            return out;
        }
    }

    // ---- values ----

    private List<String> badPathValues(JsonNode schema) {
        return List.of("not-a-uuid", "%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "99999999999999999999",
                "-1", "0", "NaN", "Infinity", "1e400", UUID.randomUUID().toString(), "x".repeat(3000), "%2e%2e",
                "%20", "%E2%9C%93", "00000000-0000-0000-0000-000000000000", "1-1-1-1-1", "%25", "a;b=c");
    }

    private List<String> badQueryValues(String name, JsonNode schema) {
        List<String> values = new ArrayList<>(List.of("", "%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%", "%zz",
                "NaN", "Infinity", "-1", "0", "99999999999999999999", "1e400", "x".repeat(5000), "%E2%9C%93",
                "true", "abc", "%2B1"));
        if (name.equals("page_token")) {
            String id = UUID.randomUUID().toString();
            for (String raw : List.of("+1000000000-01-01T00:00:00Z|" + id, "-999999999-01-01T00:00:00Z|" + id,
                    "0001-01-01T00:00:00Z|" + id, "+294277-01-01T00:00:00Z|" + id, "2024-01-01T00:00:00Z|not-a-uuid",
                    "2024-01-01T00:00:00Z|1-1-1-1-1", "2024-01-01T00:00:00Z", "|", "garbage",
                    "2024-01-01T00:00:00Z|" + id + "\u0000", "2024-13-45T99:99:99Z|" + id, "")) {
                values.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
            }
            values.add("!!!!");
            values.add("QUJD====");
            values.add("A".repeat(4000));
        }
        return values;
    }

    private static List<String> badHeaderValues() {
        return List.of("", " ", "x".repeat(300), "\u00e9\u00ff", "a\u0001b", "valid-key-" + 1, "%00");
    }

    /** Requests Tomcat refuses itself: they never reach the application, so their error bodies are Tomcat's. */
    private static List<FuzzRequest> containerLevel() {
        List<FuzzRequest> out = new ArrayList<>();
        out.add(FuzzRequest.of("NUL in header value", "GET", "/api/v1/").header("X-Test", "a\u0000b").asContainerLevel());
        out.add(FuzzRequest.of("header without colon", "GET", "/api/v1/").header("Broken header line", "").asContainerLevel());
        out.add(FuzzRequest.of("space in target", "GET", "/api/v1/a b").asContainerLevel());
        out.add(FuzzRequest.of("raw non-ASCII in target", "GET", "/api/v1/\u00e9").asContainerLevel());
        out.add(FuzzRequest.of("bad method token", "G(T", "/api/v1/").asContainerLevel());
        out.add(FuzzRequest.of("request target too long", "GET", "/api/v1/" + "x".repeat(20_000)).asContainerLevel());
        out.add(FuzzRequest.of("bad escape in path", "GET", "/api/v1/%zz").asContainerLevel());
        out.add(FuzzRequest.of("NUL escape in path", "GET", "/api/v1/%00").asContainerLevel());
        out.add(FuzzRequest.of("encoded slash in path", "GET", "/api/v1/a%2Fb").asContainerLevel());
        out.add(FuzzRequest.of("dot segments above root", "GET", "/../../etc/passwd").asContainerLevel());
        out.add(FuzzRequest.of("control char in query", "GET", "/api/v1/?a=\u0001").asContainerLevel());
        return out;
    }

    // ---- schema sampling ----

    private JsonNode resolve(JsonNode node) {
        int guard = 0;
        while (node != null && node.has("$ref") && guard++ < 20) {
            String ref = node.get("$ref").asString();
            JsonNode target = spec;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            node = target;
        }
        return node == null ? NODES.objectNode() : node;
    }

    /** A plausible instance of a schema: every property present, one element per array. */
    private JsonNode sample(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(random.nextInt(values.size())).deepCopy();
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.has(combinator) && !schema.get(combinator).isEmpty()) {
                return sample(schema.get(combinator).get(0), depth);
            }
        }
        String type = schema.path("type").asString("object");
        switch (type) {
            case "string" -> {
                return NODES.stringNode(sampleText(schema));
            }
            case "integer" -> {
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1L);
            }
            case "number" -> {
                return NODES.numberNode(0.5);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                if (depth < 5) {
                    a.add(sample(schema.path("items"), depth + 1));
                }
                return a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                if (depth >= 5) {
                    return o;
                }
                for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                    o.set(p.getKey(), sample(p.getValue(), depth + 1));
                }
                JsonNode extra = schema.path("additionalProperties");
                if (extra.isObject() && o.isEmpty()) {
                    o.set("key", sample(extra, depth + 1));
                }
                return o;
            }
        }
    }

    private String sampleText(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0).asString();
        }
        return switch (schema.path("format").asString("")) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" -> "2024-01-01T00:00:00Z";
            case "int32", "int64" -> "1";
            case "double", "float" -> "0.5";
            default -> switch (schema.path("type").asString("string")) {
                case "integer" -> "1";
                case "number" -> "0.5";
                case "boolean" -> "true";
                default -> "fuzz";
            };
        };
    }

    // ---- helpers ----

    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out, int depth) {
        if (depth > 4) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                List<Object> p = new ArrayList<>(prefix);
                p.add(e.getKey());
                out.add(p);
                collectPaths(e.getValue(), p, out, depth + 1);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            List<Object> p = new ArrayList<>(prefix);
            p.add(0);
            out.add(p);
            collectPaths(node.get(0), p, out, depth + 1);
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object step : path) {
            n = step instanceof Integer i ? n.get(i) : n.get((String) step);
        }
        return n;
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set((String) last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set((Integer) last, value);
        }
    }

    private static String pathText(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(step);
            }
        }
        return sb.toString();
    }

    private static String target(String template, Map<String, String> pathValues, Map<String, String> query) {
        String path = template;
        for (Map.Entry<String, String> e : pathValues.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path).append('?');
        query.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '?' ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String padded(int size) {
        return "{\"experiment\":\"" + "x".repeat(size) + "\"}";
    }

    private static byte[] latin1(String text) {
        return (text.substring(0, text.length() - 1) + (text.endsWith("}") ? ",\"zz\":\"\u00e9\u00e8\"}" : ""))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> withoutContentType(Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.remove("Content-Type");
        return h;
    }

    private static String abbreviate(String s) {
        String flat = s.replace("\u0000", "\\0");
        return flat.length() <= 24 ? flat : flat.substring(0, 24) + "…";
    }
}
