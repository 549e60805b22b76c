package org.imclab.pruning.pruning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imclab.common.nn.ChannelGroups;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;

/**
 * The prunable filter groups of a spec, from {@link ChannelGroups}. A group is prunable when all its
 * members are dense convs, none of its channels is the model input or output, and no grouped conv reads
 * them (grouped convs tie input to output channels). Linear layers are not pruned: the method removes filters.
 */
public final class FilterGroups {

    private FilterGroups() {
    }

    public static List<FilterGroup> of(ModelSpec spec, ResidualMode mode) {
        ChannelGroups channels = ChannelGroups.of(spec);
        Set<String> blocked = new HashSet<>();
        String last = spec.layers().get(spec.layers().size() - 1).name();
        channels.channelSources(last).forEach(s -> blocked.add(s.source()));
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            if (LayerSpec.CONV.equals(l.type()) && l.groups() != 1) {
                blocked.add(l.name());
                channels.channelSources(spec.inputsOf(i).get(0)).forEach(s -> blocked.add(s.source()));
            }
        }
        List<FilterGroup> out = new ArrayList<>();
        for (Set<String> members : channels.groups()) {
            if (members.contains(ModelSpec.INPUT) || members.stream().anyMatch(blocked::contains)) {
                continue;
            }
            if (members.size() > 1 && mode == ResidualMode.INNER_ONLY) {
                continue;
            }
            List<String> convs = new ArrayList<>(members);
            if (!convs.stream().allMatch(c -> LayerSpec.CONV.equals(spec.layers().get(spec.indexOf(c)).type()))) {
                continue;
            }
            int width = spec.layers().get(spec.indexOf(convs.get(0))).out();
            out.add(new FilterGroup(convs.get(0), convs, convs.stream().map(c -> carrier(spec, c)).toList(), width));
        }
        return List.copyOf(out);
    }

    /** The batchnorm that reads this conv directly, or the conv itself. */
    static String carrier(ModelSpec spec, String conv) {
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            if (LayerSpec.BATCHNORM.equals(l.type()) && spec.inputsOf(i).equals(List.of(conv))) {
                return l.name();
            }
        }
        return conv;
    }
}
