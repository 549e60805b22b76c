package org.imclab.common.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One malformed request. {@code target} is the raw request target (path and query, already
 * percent-encoded or deliberately not); header values are sent as ISO-8859-1 bytes.
 * {@code containerLevel} marks requests Tomcat itself must refuse before the application sees
 * them (broken request line or header syntax): their 4xx bodies are Tomcat's, not problem+json.
 */
public record FuzzRequest(String label, String method, String target, Map<String, String> headers, byte[] body,
        boolean chunked, boolean containerLevel) {

    public static FuzzRequest of(String label, String method, String target) {
        return new FuzzRequest(label, method, target, new LinkedHashMap<>(), null, false, false);
    }

    public FuzzRequest header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new FuzzRequest(label, method, target, h, body, chunked, containerLevel);
    }

    public FuzzRequest body(String contentType, byte[] bytes) {
        FuzzRequest r = contentType == null ? this : header("Content-Type", contentType);
        return new FuzzRequest(label, method, target, r.headers, bytes, chunked, containerLevel);
    }

    public FuzzRequest json(String text) {
        return body("application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    public FuzzRequest asChunked() {
        return new FuzzRequest(label, method, target, headers, body, true, containerLevel);
    }

    public FuzzRequest asContainerLevel() {
        return new FuzzRequest(label, method, target, headers, body, chunked, true);
    }

    public FuzzRequest withHeaders(Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>(extra);
        h.putAll(headers);
        return new FuzzRequest(label, method, target, h, body, chunked, containerLevel);
    }

    /** The bytes on the wire. */
    public byte[] wire(String hostHeader) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null && !chunked) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            if (chunked) {
                int chunk = 64 * 1024;
                for (int off = 0; off < body.length; off += chunk) {
                    int n = Math.min(chunk, body.length - off);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, off, n);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(body);
            }
        }
        return out.toByteArray();
    }
}
