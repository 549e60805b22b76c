package org.imclab.training.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.basisn.BasisNLayer;
import org.imclab.common.nn.basisn.BasisNLayers;
import org.imclab.common.nn.basisn.CrossbarGroups;
import org.imclab.common.nn.training.StepHook;

/**
 * Optional end-of-training pruning of near-zero crossbar groups: in each layer a group whose coefficient
 * norm ‖c_{l,g}‖₂ is below {@code threshold} times the layer's largest group norm is set to exactly zero
 * (the largest group always stays). As a {@link StepHook} it keeps the pruned groups at zero while the
 * model is fine-tuned afterwards.
 *
 * @param pruned per layer name, per group, whether the group is pruned
 */
public record GroupPruning(Map<String, boolean[]> pruned) implements StepHook {

    /** Chooses the groups to prune from the current coefficients and zeroes them. */
    public static GroupPruning prune(SpecBlock model, double threshold) {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, BasisNLayer> e : BasisNLayers.of(model).entrySet()) {
            double[] norms = GroupLasso.groupNorms(e.getValue());
            double max = 0;
            for (double v : norms) {
                max = Math.max(max, v);
            }
            boolean[] mask = new boolean[norms.length];
            for (int g = 0; g < norms.length; g++) {
                mask[g] = norms[g] < threshold * max;
            }
            out.put(e.getKey(), mask);
        }
        GroupPruning p = new GroupPruning(out);
        p.apply(model);
        return p;
    }

    /** Masks as saved in a checkpoint: per layer, the pruned group indices. */
    public static GroupPruning fromIndices(SpecBlock model, Map<String, List<Integer>> indices) {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, BasisNLayer> e : BasisNLayers.of(model).entrySet()) {
            boolean[] mask = new boolean[e.getValue().groups().groups()];
            for (int g : indices.getOrDefault(e.getKey(), List.of())) {
                mask[g] = true;
            }
            out.put(e.getKey(), mask);
        }
        return new GroupPruning(out);
    }

    public Map<String, List<Integer>> indices() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        pruned.forEach((name, mask) -> {
            List<Integer> idx = new java.util.ArrayList<>();
            for (int g = 0; g < mask.length; g++) {
                if (mask[g]) {
                    idx.add(g);
                }
            }
            out.put(name, idx);
        });
        return out;
    }

    /** Groups pruned over all layers. */
    public int prunedCount() {
        int n = 0;
        for (boolean[] mask : pruned.values()) {
            for (boolean b : mask) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }

    /** Zeroes the pruned groups' coefficients in place. */
    public void apply(SpecBlock model) {
        for (Map.Entry<String, BasisNLayer> e : BasisNLayers.of(model).entrySet()) {
            boolean[] mask = pruned.get(e.getKey());
            if (mask == null) {
                continue;
            }
            NDArray c = e.getValue().coefficients().getArray();
            CrossbarGroups groups = e.getValue().groups();
            for (int g = 0; g < mask.length; g++) {
                if (mask[g]) {
                    c.set(new NDIndex(":, {}:{}, :", groups.start(g), groups.end(g)), 0f);
                }
            }
        }
    }

    @Override
    public void afterStep(int epoch, int batch, int batchesPerEpoch, Block block, ParameterStore store) {
        apply((SpecBlock) block);
    }
}
