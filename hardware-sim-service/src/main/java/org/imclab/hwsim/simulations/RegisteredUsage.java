package org.imclab.hwsim.simulations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.LayerBasisUsage;
import tools.jackson.databind.JsonNode;

/**
 * Turns the BasisN usage a registered model records (basis size, coefficient bits, and per layer the
 * crossbar groups used and the nonzero coefficients) into the cost model's {@link BasisNUsage}.
 *
 * <p>Accepted shapes: {@code {basisSize|N|size, coeffBits, groups, layers: {name: {groupsUsed|groups,
 * nonzeroCoefficients|nnz}}}} or {@code layers: [{layer|name, ...}]}; missing N, coefficient bits and group
 * count fall back to the spec's basis configuration. The model's G crossbar groups map onto this chip's
 * X_B basis crossbars proportionally: groupsUsed_chip = ceil(groupsUsed · X_B / G), within 1..X_B. A
 * weight layer the record does not list is charged dense and reported.
 */
public final class RegisteredUsage {

    public record Parsed(BasisNUsage usage, List<String> denseFallback) {
    }

    private RegisteredUsage() {
    }

    public static Parsed parse(JsonNode n, ModelSpec spec, List<LayerInfo> layers, CrossbarParams p) {
        BasisConfig cfg = spec.basis();
        Integer size = integer(n, "basisSize", "N", "n", "size");
        if (size == null && cfg != null) {
            size = cfg.size();
        }
        Integer coeffBits = integer(n, "coeffBits", "coefficientBits");
        if (coeffBits == null && cfg != null) {
            coeffBits = cfg.coeffBits();
        }
        if (size == null || coeffBits == null) {
            throw new IllegalArgumentException("the registered BasisN usage gives no basis size or coefficient bits");
        }
        long xb = BasisNUsage.basisCrossbars(size, p);
        Integer modelGroups = integer(n, "groups", "crossbarGroups");
        if (modelGroups == null && cfg != null && cfg.groups() > 0) {
            modelGroups = cfg.groups();
        }
        int groups = modelGroups == null ? (int) xb : modelGroups;
        JsonNode perLayer = n.get("layers");
        if (perLayer == null) {
            perLayer = n.get("perLayer");
        }
        BasisNUsage dense = BasisNUsage.dense(layers, size, coeffBits, p);
        Map<String, LayerBasisUsage> out = new LinkedHashMap<>();
        List<String> fallback = new ArrayList<>();
        for (LayerInfo l : layers) {
            if (!l.isWeightLayer()) {
                continue;
            }
            JsonNode e = entry(perLayer, l.name());
            Integer used = integer(e, "groupsUsed", "groups", "crossbarGroups");
            Long nnz = longValue(e, "nonzeroCoefficients", "nnz", "nonzeros");
            if (used == null || nnz == null) {
                out.put(l.name(), dense.layers().get(l.name()));
                fallback.add(l.name());
                continue;
            }
            long onChip = (long) Math.ceil((double) used * xb / groups - 1e-9);
            out.put(l.name(), new LayerBasisUsage((int) Math.max(1, Math.min(xb, onChip)), nnz));
        }
        return new Parsed(new BasisNUsage(size, coeffBits, out), fallback);
    }

    private static JsonNode entry(JsonNode perLayer, String name) {
        if (perLayer == null) {
            return null;
        }
        if (perLayer.isObject()) {
            return perLayer.get(name);
        }
        if (perLayer.isArray()) {
            for (JsonNode e : perLayer) {
                JsonNode id = e.get("layer") != null ? e.get("layer") : e.get("name");
                if (id != null && name.equals(id.asString())) {
                    return e;
                }
            }
        }
        return null;
    }

    private static Integer integer(JsonNode n, String... names) {
        Long v = longValue(n, names);
        return v == null ? null : Math.toIntExact(v);
    }

    private static Long longValue(JsonNode n, String... names) {
        if (n == null || !n.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && v.isNumber()) {
                return v.asLong();
            }
        }
        return null;
    }
}
