package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.ChannelGroups;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * Removes conv output channels physically: a new spec with fewer filters and a new block whose weights
 * are slices of the old ones. Per layer:
 * <ul>
 * <li>conv: output rows (weight axis 0, bias) of its own kept filters, input columns (axis 1) of the kept
 * channels it reads;</li>
 * <li>batchnorm: gamma, beta, running mean and variance of the kept channels it reads;</li>
 * <li>linear: input columns of the kept channels, each channel being a run of H·W features after a
 * flatten ({@link ChannelGroups#channelSources}).</li>
 * </ul>
 * Which channels a layer reads comes from {@link ChannelGroups}, so concat offsets and flatten widths are
 * handled the same way as plain chains. The pruned model computes exactly what the original computes with
 * the removed channels zeroed (conv rows, bias, and BN gamma/beta set to 0).
 */
public final class StructuredSurgery {

    private StructuredSurgery() {
    }

    /**
     * @param block initialised block of the model to prune
     * @param kept  for each pruned conv, the output channels to keep (ascending); convs not named keep all.
     *              Coupled convs must be given the same list.
     */
    public static PrunedModel apply(SpecBlock block, Map<String, int[]> kept, NDManager manager) {
        ModelSpec spec = block.spec();
        for (Map.Entry<String, int[]> e : kept.entrySet()) {
            int i = spec.indexOf(e.getKey());
            if (i < 0 || !LayerSpec.CONV.equals(spec.layers().get(i).type())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a conv of " + spec.name());
            }
            checkIndices(e.getKey(), e.getValue(), spec.layers().get(i).out());
        }
        ChannelGroups channels = ChannelGroups.of(spec);
        for (var group : channels.coupledConvs()) {
            int[] first = null;
            for (String member : group) {
                int[] k = kept.get(member);
                if (first == null) {
                    first = k;
                } else if (!java.util.Arrays.equals(first, k)) {
                    throw new IllegalArgumentException("coupled convs " + group + " must keep the same channels");
                }
            }
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            int[] k = kept.get(l.name());
            layers.add(k == null ? l : l.withOut(k.length));
        }
        ModelSpec smaller = spec.withLayers(layers);
        SpecBlock out = new DjlModelBuilder().build(smaller);
        int[] in = smaller.input();
        long[] dims = new long[in.length + 1];
        dims[0] = 1;
        for (int d = 0; d < in.length; d++) {
            dims[d + 1] = in[d];
        }
        out.initialize(manager, DataType.FLOAT32, new Shape(dims));
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            Block from = block.layer(l.name());
            if (from == null || from.getParameters().isEmpty()) {
                continue;
            }
            Block to = out.layer(l.name());
            int[] inIdx = readIndices(channels, spec.inputsOf(i).get(0), kept);
            int[] outIdx = kept.get(l.name());
            if (LayerSpec.CONV.equals(l.type()) && l.groups() != 1 && inIdx != null) {
                throw new IllegalArgumentException("grouped conv '" + l.name() + "' cannot lose input channels");
            }
            Map<String, Parameter> target = new HashMap<>();
            for (Pair<String, Parameter> p : to.getParameters()) {
                target.put(p.getKey(), p.getValue());
            }
            for (Pair<String, Parameter> p : from.getParameters()) {
                NDArray src = p.getValue().getArray();
                String name = p.getKey();
                int[] axis0;
                int[] axis1 = null;
                switch (l.type()) {
                    case LayerSpec.CONV -> {
                        axis0 = outIdx;
                        axis1 = "weight".equals(name) ? inIdx : null;
                    }
                    case LayerSpec.LINEAR -> {
                        axis0 = null;
                        axis1 = "weight".equals(name) ? inIdx : null;
                    }
                    case LayerSpec.BATCHNORM -> axis0 = inIdx;
                    default -> axis0 = null;
                }
                float[] sliced = slice(src.toFloatArray(), src.getShape().getShape(), axis0, axis1);
                NDArray dst = target.get(name).getArray();
                if (dst.size() != sliced.length) {
                    throw new IllegalStateException("surgery produced " + sliced.length + " values for " + l.name()
                            + "." + name + " of shape " + dst.getShape());
                }
                dst.set(FloatBuffer.wrap(sliced));
            }
        }
        return new PrunedModel(smaller, out);
    }

    /**
     * The element indices of {@code layer}'s output (axis 0 without batch) that survive, or null if all do.
     */
    static int[] readIndices(ChannelGroups channels, String layer, Map<String, int[]> kept) {
        boolean any = false;
        List<Integer> idx = new ArrayList<>();
        for (ChannelGroups.Segment s : channels.channelSources(layer)) {
            int[] k = kept.get(s.source());
            any |= k != null;
            int n = k == null ? s.channels() : k.length;
            for (int j = 0; j < n; j++) {
                int ch = k == null ? j : k[j];
                int base = s.offset() + ch * s.width();
                for (int w = 0; w < s.width(); w++) {
                    idx.add(base + w);
                }
            }
        }
        return any ? idx.stream().mapToInt(Integer::intValue).toArray() : null;
    }

    /** Keeps the given indices along axis 0 and/or axis 1 (null keeps the axis whole) of a row-major array. */
    static float[] slice(float[] data, long[] shape, int[] axis0, int[] axis1) {
        int d0 = (int) shape[0];
        int d1 = shape.length > 1 ? (int) shape[1] : 1;
        int inner = 1;
        for (int d = 2; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        if (shape.length < 2 && axis1 != null) {
            throw new IllegalArgumentException("cannot slice axis 1 of a vector");
        }
        int[] rows = axis0 == null ? range(d0) : axis0;
        int[] cols = axis1 == null ? range(d1) : axis1;
        float[] out = new float[rows.length * cols.length * inner];
        int o = 0;
        for (int r : rows) {
            for (int c : cols) {
                System.arraycopy(data, (r * d1 + c) * inner, out, o, inner);
                o += inner;
            }
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static void checkIndices(String conv, int[] keep, int channels) {
        if (keep.length == 0) {
            throw new IllegalArgumentException("conv '" + conv + "' must keep at least one channel");
        }
        for (int j = 0; j < keep.length; j++) {
            if (keep[j] < 0 || keep[j] >= channels || j > 0 && keep[j] <= keep[j - 1]) {
                throw new IllegalArgumentException("kept channels of '" + conv + "' must be ascending indices below "
                        + channels);
            }
        }
    }
}
