package org.imclab.training.models;

import java.util.Map;
import org.imclab.common.nn.InvalidSpecException;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecValidator;
import org.imclab.common.web.ApiException;

/**
 * How a request names a model: a zoo name with options, or a full spec. Zoo options: mlp
 * {@code hidden} (list of widths); vgg {@code config} ("32,M,64,M" or vgg-small/vgg11/vgg16) and
 * {@code batchnorm}; resnet {@code depth} and {@code imagenet}; densenet {@code depth}, {@code growth},
 * {@code compression}, {@code bottleneck}, {@code imagenet}.
 *
 * @param name    zoo name (ignored when {@code spec} is given)
 * @param options zoo options
 * @param spec    a full model spec
 */
public record ModelChoice(String name, Map<String, Object> options, ModelSpec spec) {

    /**
     * The validated spec for this input shape and class count. Errors name the request field:
     * {@code <prefix>.name}, {@code <prefix>.options.x}, or the spec's own layer path under {@code <prefix>.spec}.
     */
    public ModelSpec resolve(int[] input, int classes, String prefix) {
        if (spec != null) {
            try {
                SpecValidator.validate(spec);
            } catch (InvalidSpecException e) {
                throw new InvalidSpecException(prefix + ".spec." + e.field(), e.layer(), e.reason());
            }
            return spec;
        }
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest(prefix, "give a zoo model name or a full spec");
        }
        Map<String, Object> o = options == null ? Map.of() : options;
        try {
            ModelSpec s = o.isEmpty() ? ModelZoo.byName(name, input, classes) : withOptions(name, o, input, classes,
                    prefix);
            SpecValidator.validate(s);
            return s;
        } catch (InvalidSpecException e) {
            String field = "model".equals(e.field()) ? prefix + ".name" : prefix + "." + e.field();
            throw new InvalidSpecException(field, e.layer(), e.reason());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(prefix + ".name", e.getMessage());
        }
    }

    /** The options each zoo family reads; any other key would be ignored, so it is a 400 instead. */
    static final Map<String, java.util.List<String>> OPTIONS = Map.of(
            "mlp", java.util.List.of("hidden"),
            "vgg", java.util.List.of("config", "batchnorm"),
            "resnet", java.util.List.of("depth", "imagenet"),
            "densenet", java.util.List.of("depth", "growth", "compression", "bottleneck", "imagenet"));

    private static ModelSpec withOptions(String name, Map<String, Object> o, int[] input, int classes, String prefix) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        String family = OPTIONS.keySet().stream().filter(n::startsWith).findFirst().orElse(null);
        if (family != null) {
            for (String key : o.keySet()) {
                if (!OPTIONS.get(family).contains(key)) {
                    throw ApiException.badRequest(prefix + ".options." + key, "unknown option; " + family + " takes "
                            + OPTIONS.get(family));
                }
            }
        }
        if (n.equals("mlp")) {
            Object h = o.get("hidden");
            if (!(h instanceof java.util.List<?> list) || list.isEmpty()) {
                throw ApiException.badRequest(prefix + ".options.hidden", "must be a non-empty list of widths");
            }
            int[] hidden = list.stream().mapToInt(v -> intOf(v, prefix + ".options.hidden")).toArray();
            return ModelZoo.mlp(input, hidden, classes);
        }
        if (n.startsWith("vgg")) {
            String config = o.containsKey("config") ? String.valueOf(o.get("config")) : n;
            return ModelZoo.vgg(config, input, classes, boolOf(o.getOrDefault("batchnorm", true)));
        }
        if (n.startsWith("resnet")) {
            int depth = o.containsKey("depth") ? intOf(o.get("depth"), prefix + ".options.depth")
                    : Integer.parseInt(n.substring(6));
            // CIFAR ResNets have depth 6n+2 (20, 32, 56, 110); the ImageNet ones are 18/34/50/101/152.
            boolean imagenet = boolOf(o.getOrDefault("imagenet", java.util.Set.of(18, 34, 50, 101, 152)
                    .contains(depth)));
            return ModelZoo.resnet(depth, input, classes, imagenet);
        }
        if (n.startsWith("densenet")) {
            int depth = o.containsKey("depth") ? intOf(o.get("depth"), prefix + ".options.depth")
                    : Integer.parseInt(n.substring(8));
            boolean imagenet = boolOf(o.getOrDefault("imagenet", depth == 121));
            int growth = o.containsKey("growth") ? intOf(o.get("growth"), prefix + ".options.growth")
                    : imagenet ? 32 : 12;
            double compression = o.containsKey("compression") ? ((Number) o.get("compression")).doubleValue() : 0.5;
            return ModelZoo.densenet(depth, growth, compression, boolOf(o.getOrDefault("bottleneck", true)), input,
                    classes, imagenet);
        }
        throw ApiException.badRequest(prefix + ".options", "model '" + name + "' takes no options");
    }

    private static int intOf(Object v, String field) {
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue()) && num.intValue() > 0) {
            return num.intValue();
        }
        throw ApiException.badRequest(field, "'" + v + "' is not a positive integer");
    }

    private static boolean boolOf(Object v) {
        return v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
    }
}
