package org.imclab.common.registry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Tolerant reads of registry JSON: a field may live under one of several names or dotted paths, because
 * the registry's records grow while its clients are written. Missing and null fields read as absent.
 */
final class RegistryJson {

    private RegistryJson() {
    }

    /** The first present, non-null node among the dotted paths, or null. */
    static JsonNode first(JsonNode root, String... paths) {
        if (root == null) {
            return null;
        }
        for (String path : paths) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                n = n == null || !n.isObject() ? null : n.get(part);
            }
            if (n != null && !n.isNull() && !n.isMissingNode()) {
                return n;
            }
        }
        return null;
    }

    /** The first textual (or numeric) value among the paths, as text, or null. */
    static String text(JsonNode root, String... paths) {
        JsonNode n = first(root, paths);
        if (n == null || n.isContainer()) {
            return null;
        }
        return n.asString();
    }

    /** An integer array, or null when absent or not an array of integers. */
    static int[] ints(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isNumber()) {
                return null;
            }
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    /** A double array, or null when absent or not numeric. */
    static double[] doubles(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isNumber()) {
                return null;
            }
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    /** Text values of an array of strings, or an empty list. */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asString()));
        }
        return out;
    }
}
