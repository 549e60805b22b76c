package org.imclab.training.models;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * Turns the inputs of a predict request into the model's input tensor: each input is a JSON array of
 * numbers in data set units (pixels 0-255 or raw features) or a base64 string of uint8 pixels, and, unless
 * the caller says they are normalised already, goes through the normalisation the model's lineage records.
 * Every problem is a 400 naming the input ({@code inputs[i]}).
 */
final class PredictionInputs {

    private PredictionInputs() {
    }

    /** The inputs as one row-major float array of {@code inputs.size()} samples of the model's input shape. */
    static float[] features(ModelVersion model, List<JsonNode> inputs, boolean normalized) {
        int[] shape = model.spec().input();
        int per = 1;
        for (int d : shape) {
            per *= d;
        }
        float[] features = new float[inputs.size() * per];
        for (int i = 0; i < inputs.size(); i++) {
            float[] x = parse(inputs.get(i), per, shape, "inputs[" + i + "]");
            System.arraycopy(x, 0, features, i * per, per);
        }
        if (!normalized) {
            normalize(model, features, per, shape);
        }
        return features;
    }

    private static float[] parse(JsonNode node, int per, int[] shape, String field) {
        if (node != null && node.isString()) {
            return fromBase64(node.asString(), per, shape, field);
        }
        if (node == null || !node.isArray()) {
            throw ApiException.badRequest(field, "must be an array of numbers or a base64 string of uint8 values");
        }
        if (node.size() != per) {
            throw ApiException.badRequest(field, "has " + node.size() + " values but the model input "
                    + Arrays.toString(shape) + " needs " + per);
        }
        float[] x = new float[per];
        for (int k = 0; k < per; k++) {
            JsonNode v = node.get(k);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw ApiException.badRequest(field, "value " + k + " is not a finite number");
            }
            x[k] = (float) v.asDouble();
        }
        return x;
    }

    private static float[] fromBase64(String text, int per, int[] shape, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "is not valid base64");
        }
        if (bytes.length != per) {
            throw ApiException.badRequest(field, "has " + bytes.length + " bytes but the model input "
                    + Arrays.toString(shape) + " needs " + per);
        }
        float[] x = new float[per];
        for (int k = 0; k < per; k++) {
            x[k] = bytes[k] & 0xff;
        }
        return x;
    }

    /** Images: pixel / 255, then per channel (x - mean) / std; tables: per feature (x - mean) / std. */
    @SuppressWarnings("unchecked")
    private static void normalize(ModelVersion model, float[] features, int per, int[] shape) {
        Object n = model.lineage().get("normalization");
        if (!(n instanceof Map<?, ?> norm)) {
            return;
        }
        float[] mean = floats((List<Number>) norm.get("mean"));
        float[] std = floats((List<Number>) norm.get("std"));
        boolean image = "image".equals(norm.get("kind"));
        int samples = features.length / per;
        if (image) {
            int plane = per / shape[0];
            for (int i = 0; i < samples; i++) {
                for (int c = 0; c < shape[0]; c++) {
                    float s = std[c] > 1e-6f ? std[c] : 1f;
                    for (int k = 0; k < plane; k++) {
                        int idx = i * per + c * plane + k;
                        features[idx] = (features[idx] / 255f - mean[c]) / s;
                    }
                }
            }
            return;
        }
        for (int i = 0; i < samples; i++) {
            for (int f = 0; f < per; f++) {
                float s = std[f] > 1e-12f ? std[f] : 1f;
                features[i * per + f] = (features[i * per + f] - mean[f]) / s;
            }
        }
    }

    private static float[] floats(List<Number> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return f;
    }
}
