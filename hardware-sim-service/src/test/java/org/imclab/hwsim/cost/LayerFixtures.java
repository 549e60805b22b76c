package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.LayerInfo;

/** LayerInfo records built by hand for tests and the benchmark. */
public final class LayerFixtures {

    private LayerFixtures() {
    }

    /** A square conv layer: kernel k, stride s, input side inH, output side outH. */
    public static LayerInfo conv(String name, int cin, int cout, int k, int s, int inH, int outH) {
        long params = (long) k * k * cin * cout;
        return new LayerInfo(name, "conv", List.of(), new int[] {cin, inH, inH}, new int[] {cout, outH, outH},
                cin, cout, k, s, 1, params, params * outH * outH);
    }

    /** A linear layer in -> out. */
    public static LayerInfo linear(String name, int in, int out) {
        return new LayerInfo(name, "linear", List.of(), new int[] {in}, new int[] {out}, in, out, 0, 0, 1,
                (long) in * out + out, (long) in * out);
    }

    /** A batch-norm layer (no crossbar weights). */
    public static LayerInfo batchNorm(String name, int c, int h) {
        return new LayerInfo(name, "batchnorm", List.of(), new int[] {c, h, h}, new int[] {c, h, h}, 0, 0, 0, 0, 1,
                2L * c, (long) c * h * h);
    }

    /**
     * ResNet-50 (torchvision v1.5: stride on the 3x3 conv) at 3x224x224 with 1000 classes: conv1, 16
     * bottlenecks of three convs, 4 downsample convs and the fc layer, 54 weight layers.
     */
    public static List<LayerInfo> resnet50() {
        List<LayerInfo> layers = new ArrayList<>();
        layers.add(conv("conv1", 3, 64, 7, 2, 224, 112));
        int h = 56; // after the 3x3/2 max pool
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        int[] blocks = {3, 4, 6, 3};
        for (int s = 0; s < 4; s++) {
            int w = widths[s];
            for (int b = 0; b < blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                int out = h / stride;
                String p = "layer" + (s + 1) + "." + b + ".";
                layers.add(conv(p + "conv1", in, w, 1, 1, h, h));
                layers.add(conv(p + "conv2", w, w, 3, stride, h, out));
                layers.add(conv(p + "conv3", w, 4 * w, 1, 1, out, out));
                if (b == 0) {
                    layers.add(conv(p + "downsample", in, 4 * w, 1, stride, h, out));
                }
                in = 4 * w;
                h = out;
            }
        }
        layers.add(linear("fc", 2048, 1000));
        return layers;
    }
}
