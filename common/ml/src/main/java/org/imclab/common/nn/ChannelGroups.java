package org.imclab.common.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channel dependencies that structured pruning must respect, derived from the spec alone (what
 * Torch-Pruning's DepGraph finds by tracing). Output channels are created only by conv and linear layers
 * (and the model input); batchnorm, relu, dropout and pooling pass them through; {@code add} couples the
 * channels of its inputs position by position, so their producers must be pruned together (union-find);
 * {@code concat} places its inputs' channels side by side at offsets; flatten turns each channel into a
 * run of H·W features.
 */
public final class ChannelGroups {

    /**
     * A run of a layer's output (axis 0, after the batch) that comes from one producer.
     *
     * @param source   producing conv/linear layer, or {@link ModelSpec#INPUT}
     * @param offset   first element of the run in this layer's output axis
     * @param channels number of the producer's channels in the run
     * @param width    elements per producer channel (1, or H·W after a flatten)
     */
    public record Segment(String source, int offset, int channels, int width) {
        int end() {
            return offset + channels * width;
        }
    }

    /** One input of a concat and where its channels land in the concat's output. */
    public record ConcatPart(String input, int offset, int channels) {
    }

    private final ModelSpec spec;
    private final Map<String, List<Segment>> segments = new HashMap<>();
    private final Map<String, String> parent = new LinkedHashMap<>();
    private final Map<String, List<ConcatPart>> concats = new LinkedHashMap<>();

    private ChannelGroups(ModelSpec spec) {
        this.spec = spec;
    }

    /** Groups for a spec (validated structurally and by shape on the way). */
    public static ChannelGroups of(ModelSpec spec) {
        ModelAnalysis analysis = SpecAnalysis.analyze(spec);
        ChannelGroups g = new ChannelGroups(spec);
        g.build(analysis);
        return g;
    }

    private void build(ModelAnalysis analysis) {
        int[] in = spec.input();
        parent.put(ModelSpec.INPUT, ModelSpec.INPUT);
        segments.put(ModelSpec.INPUT, List.of(new Segment(ModelSpec.INPUT, 0, in[0], 1)));
        Map<String, Integer> widths = new HashMap<>();
        widths.put(ModelSpec.INPUT, in[0]);
        for (LayerInfo info : analysis.layers()) {
            String name = info.name();
            widths.put(name, info.outShape()[0]);
            List<Segment> first = segments.get(info.inputs().get(0));
            List<Segment> out;
            switch (info.type()) {
                case LayerSpec.CONV, LayerSpec.LINEAR -> {
                    parent.put(name, name);
                    out = List.of(new Segment(name, 0, info.outChannels(), 1));
                }
                case LayerSpec.FLATTEN -> {
                    int[] s = info.inShape();
                    int spatial = s.length == 3 ? s[1] * s[2] : 1;
                    out = first.stream().map(g -> new Segment(g.source(), g.offset() * spatial, g.channels(),
                            g.width() * spatial)).toList();
                }
                case LayerSpec.ADD -> {
                    for (int k = 1; k < info.inputs().size(); k++) {
                        couple(first, segments.get(info.inputs().get(k)));
                    }
                    out = first;
                }
                case LayerSpec.CONCAT -> {
                    List<Segment> joined = new ArrayList<>();
                    List<ConcatPart> parts = new ArrayList<>();
                    int offset = 0;
                    for (String input : info.inputs()) {
                        int size = widths.get(input);
                        parts.add(new ConcatPart(input, offset, size));
                        for (Segment g : segments.get(input)) {
                            joined.add(new Segment(g.source(), g.offset() + offset, g.channels(), g.width()));
                        }
                        offset += size;
                    }
                    concats.put(name, List.copyOf(parts));
                    out = List.copyOf(joined);
                }
                // batchnorm, relu, dropout, pooling and global pooling keep channel positions.
                default -> out = first;
            }
            segments.put(name, out);
        }
    }

    /** Unions the producers of every pair of runs that overlap position by position. */
    private void couple(List<Segment> a, List<Segment> b) {
        for (Segment x : a) {
            for (Segment y : b) {
                if (x.offset() < y.end() && y.offset() < x.end()) {
                    union(x.source(), y.source());
                }
            }
        }
    }

    private String find(String x) {
        String root = x;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(x, root);
        return root;
    }

    private void union(String a, String b) {
        String ra = find(a);
        String rb = find(b);
        if (!ra.equals(rb)) {
            // Keep the earlier producer as root so group order follows the spec.
            parent.put(rb, ra);
        }
    }

    /**
     * Every producer grouped with the producers its output channels are tied to, in spec order; a layer
     * with no ties forms a group of one. A group containing {@link ModelSpec#INPUT} cannot be pruned.
     */
    public List<Set<String>> groups() {
        Map<String, Set<String>> byRoot = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        order.add(ModelSpec.INPUT);
        spec.layers().stream().filter(LayerSpec::isWeightLayer).forEach(l -> order.add(l.name()));
        for (String p : order) {
            byRoot.computeIfAbsent(find(p), r -> new LinkedHashSet<>()).add(p);
        }
        return byRoot.values().stream().map(Set::copyOf).map(s -> orderLike(order, s)).toList();
    }

    /** Only the groups with more than one member: conv/linear layers that must keep equal widths. */
    public List<Set<String>> coupledConvs() {
        return groups().stream().filter(s -> s.size() > 1).toList();
    }

    /** The group of a conv/linear layer (or of the input). */
    public Set<String> groupOf(String producer) {
        if (!parent.containsKey(producer)) {
            throw new IllegalArgumentException("'" + producer + "' is not a conv or linear layer of " + spec.name());
        }
        String root = find(producer);
        return groups().stream().filter(s -> s.contains(root)).findFirst().orElseThrow();
    }

    /** Where each layer's output channels come from (concat outputs have one run per joined producer). */
    public List<Segment> channelSources(String layer) {
        List<Segment> s = segments.get(layer);
        if (s == null) {
            throw new IllegalArgumentException("no layer '" + layer + "' in " + spec.name());
        }
        return s;
    }

    /** For each concat layer, its inputs with their channel offsets in the output. */
    public Map<String, List<ConcatPart>> concatOffsets() {
        return java.util.Collections.unmodifiableMap(concats);
    }

    private static Set<String> orderLike(List<String> order, Set<String> members) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String o : order) {
            if (members.contains(o)) {
                ordered.add(o);
            }
        }
        return java.util.Collections.unmodifiableSet(ordered);
    }
}
