package org.imclab.gateway.demo;

import tools.jackson.databind.JsonNode;

/** Null-safe reads from API answers by JSON Pointer: absent and JSON null both read as null. */
final class Json {

    private Json() {
    }

    static JsonNode node(JsonNode root, String pointer) {
        if (root == null) {
            return null;
        }
        JsonNode n = root.at(pointer);
        return n == null || n.isMissingNode() || n.isNull() ? null : n;
    }

    static String text(JsonNode root, String pointer) {
        JsonNode n = node(root, pointer);
        if (n == null || n.isContainer()) {
            return null;
        }
        return n.asString();
    }

    static Double number(JsonNode root, String pointer) {
        JsonNode n = node(root, pointer);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isString()) {
            try {
                return Double.parseDouble(n.asString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Long integer(JsonNode root, String pointer) {
        Double d = number(root, pointer);
        return d == null ? null : Math.round(d);
    }

    /** An id that may be a number or a string (the registry's ids are numbers; other services pass strings). */
    static String id(JsonNode root, String pointer) {
        JsonNode n = node(root, pointer);
        if (n == null || n.isContainer()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return Long.toString(n.asLong());
        }
        return n.asString();
    }
}
