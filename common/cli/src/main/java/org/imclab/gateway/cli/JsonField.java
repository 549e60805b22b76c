package org.imclab.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./imclab json <pointer>...}: prints the values at RFC 6901 JSON pointers of the JSON read from stdin,
 * one per line, so a shell pipeline can take ids and metrics from {@code ./imclab submit --wait} without jq.
 * Text is printed without quotes, numbers and booleans as written, objects and arrays as compact JSON.
 * Exit status 1 when a pointer names nothing or the input is not JSON, so a pipeline stops there.
 */
public final class JsonField {

    private JsonField() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] pointers, InputStream in, PrintStream out, PrintStream err) throws IOException {
        if (pointers.length == 0) {
            err.println("usage: ./imclab json <json-pointer>... < file.json   (e.g. /result/modelId)");
            return 2;
        }
        JsonMapper json = JsonMapper.builder().build();
        JsonNode root;
        try {
            root = json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            err.println("imclab json: the input is not JSON: " + e.getOriginalMessage());
            return 1;
        }
        int status = 0;
        for (String p : pointers) {
            if (!p.isEmpty() && !p.startsWith("/")) {
                err.println("imclab json: '" + p + "' is not a JSON pointer (they start with '/', e.g. /result/modelId)");
                return 2;
            }
            JsonNode n = root == null ? null : root.at(p);
            if (n == null || n.isMissingNode()) {
                err.println("imclab json: nothing at " + p);
                status = 1;
                continue;
            }
            out.println(n.isValueNode() && !n.isNull() ? n.asString() : json.writeValueAsString(n));
        }
        return status;
    }
}
