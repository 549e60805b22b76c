package org.imclab.common.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape inference, parameter and MAC counting over a spec. MACs count conv and linear only, as published
 * model tables do; pooling uses floor mode (PyTorch's default); batchnorm has 2·C parameters (running
 * statistics are buffers, not parameters).
 */
public final class SpecAnalysis {

    private SpecAnalysis() {
    }

    /** Analysis at the spec's own input size. */
    public static ModelAnalysis analyze(ModelSpec spec) {
        SpecValidator.checkStructure(spec);
        return infer(spec, spec.input());
    }

    /**
     * Analysis at another input size (e.g. a 224 px model run at 160 px). The rank and the channel count
     * (features for vectors) must match the spec, because the first layer's weights depend on them.
     */
    public static ModelAnalysis analyze(ModelSpec spec, int[] inputShape) {
        SpecValidator.checkStructure(spec);
        int[] declared = spec.input();
        if (inputShape == null || inputShape.length != declared.length || inputShape[0] != declared[0]) {
            throw new InvalidSpecException("input", null, "input shape " + Arrays.toString(inputShape)
                    + " is incompatible with the spec's " + Arrays.toString(declared));
        }
        for (int d : inputShape) {
            if (d <= 0) {
                throw new InvalidSpecException("input", null, "dimensions must be positive");
            }
        }
        return infer(spec, inputShape);
    }

    private static ModelAnalysis infer(ModelSpec spec, int[] inputShape) {
        Map<String, int[]> shapes = new HashMap<>();
        shapes.put(ModelSpec.INPUT, inputShape.clone());
        List<LayerInfo> infos = new ArrayList<>(spec.layers().size());
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            List<String> inputs = spec.inputsOf(i);
            List<int[]> in = inputs.stream().map(shapes::get).toList();
            LayerInfo info = layer(l, "layers[" + i + "]", inputs, in);
            shapes.put(l.name(), info.outShape());
            infos.add(info);
        }
        return ModelAnalysis.of(infos, infos.get(infos.size() - 1).outShape());
    }

    private static LayerInfo layer(LayerSpec l, String at, List<String> inputs, List<int[]> in) {
        int[] x = in.get(0);
        switch (l.type()) {
            case LayerSpec.CONV -> {
                needImage(l, at, inputs.get(0), x);
                int cin = x[0];
                if (cin % l.groups() != 0) {
                    throw new InvalidSpecException(at + ".groups", l.name(),
                            "input channels " + cin + " are not divisible by groups " + l.groups());
                }
                int h = window(l, at, x[1]);
                int w = window(l, at, x[2]);
                long perOutput = (long) l.kernel() * l.kernel() * (cin / l.groups());
                long params = perOutput * l.out() + (l.hasBias() ? l.out() : 0);
                long macs = (long) h * w * l.out() * perOutput;
                return info(l, inputs, x, new int[] {l.out(), h, w}, cin, l.out(), l.kernel(), l.stride(),
                        l.groups(), params, macs);
            }
            case LayerSpec.LINEAR -> {
                if (x.length != 1) {
                    throw new InvalidSpecException(at + ".inputs", l.name(), "linear needs a flat input but '"
                            + inputs.get(0) + "' gives " + Arrays.toString(x) + "; add a flatten or globalavgpool layer");
                }
                long params = (long) x[0] * l.out() + (l.hasBias() ? l.out() : 0);
                return info(l, inputs, x, new int[] {l.out()}, x[0], l.out(), 0, 0, 1, params, (long) x[0] * l.out());
            }
            case LayerSpec.BATCHNORM -> {
                return info(l, inputs, x, x, 0, 0, 0, 0, 0, 2L * x[0], 0);
            }
            case LayerSpec.RELU, LayerSpec.DROPOUT -> {
                return info(l, inputs, x, x, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.MAXPOOL, LayerSpec.AVGPOOL -> {
                needImage(l, at, inputs.get(0), x);
                int[] out = {x[0], window(l, at, x[1]), window(l, at, x[2])};
                return info(l, inputs, x, out, 0, 0, l.kernel(), l.stride(), 0, 0, 0);
            }
            case LayerSpec.GLOBALAVGPOOL -> {
                needImage(l, at, inputs.get(0), x);
                return info(l, inputs, x, new int[] {x[0]}, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.FLATTEN -> {
                long n = 1;
                for (int d : x) {
                    n *= d;
                }
                return info(l, inputs, x, new int[] {Math.toIntExact(n)}, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.ADD -> {
                for (int k = 1; k < in.size(); k++) {
                    if (!Arrays.equals(x, in.get(k))) {
                        throw new InvalidSpecException(at + ".inputs[" + k + "]", l.name(), "add needs equal shapes but '"
                                + inputs.get(0) + "' gives " + Arrays.toString(x) + " and '" + inputs.get(k)
                                + "' gives " + Arrays.toString(in.get(k)));
                    }
                }
                return info(l, inputs, x, x, 0, 0, 0, 0, 0, 0, 0);
            }
            case LayerSpec.CONCAT -> {
                int[] out = x.clone();
                for (int k = 1; k < in.size(); k++) {
                    int[] y = in.get(k);
                    if (y.length != x.length || !Arrays.equals(Arrays.copyOfRange(x, 1, x.length),
                            Arrays.copyOfRange(y, 1, y.length))) {
                        throw new InvalidSpecException(at + ".inputs[" + k + "]", l.name(),
                                "concat joins channels and needs equal other dimensions but '" + inputs.get(0)
                                        + "' gives " + Arrays.toString(x) + " and '" + inputs.get(k) + "' gives "
                                        + Arrays.toString(y));
                    }
                    out[0] += y[0];
                }
                return info(l, inputs, x, out, 0, 0, 0, 0, 0, 0, 0);
            }
            default -> throw new InvalidSpecException(at + ".type", l.name(), "unknown type '" + l.type() + "'");
        }
    }

    private static void needImage(LayerSpec l, String at, String from, int[] x) {
        if (x.length != 3) {
            throw new InvalidSpecException(at + ".inputs", l.name(), l.type() + " needs a [C,H,W] input but '"
                    + from + "' gives " + Arrays.toString(x));
        }
    }

    /** Output side of a sliding window in floor mode. */
    private static int window(LayerSpec l, String at, int side) {
        int span = side + 2 * l.padding() - l.kernel();
        if (span < 0) {
            throw new InvalidSpecException(at + ".kernel", l.name(), "kernel " + l.kernel()
                    + " is larger than the padded input side " + (side + 2 * l.padding()));
        }
        return span / l.stride() + 1;
    }

    private static LayerInfo info(LayerSpec l, List<String> inputs, int[] in, int[] out, int cin, int cout,
            int kernel, int stride, int groups, long params, long macs) {
        return new LayerInfo(l.name(), l.type(), List.copyOf(inputs), in.clone(), out.clone(), cin, cout, kernel,
                stride, groups, params, macs);
    }
}
