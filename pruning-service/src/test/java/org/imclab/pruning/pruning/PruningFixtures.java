package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;

/** Small models and synthetic class-structured images shared by the pruning tests. */
final class PruningFixtures {

    static final int CLASSES = 4;

    private PruningFixtures() {
    }

    /** VGG with BN after every conv on 1×12×12 inputs. */
    static ModelSpec smallVgg() {
        return ModelZoo.vgg("8,M,16,M", new int[] {1, 12, 12}, CLASSES, true);
    }

    /** ResNet-20 (CIFAR layout, coupled residual channels) on 3×8×8 inputs. */
    static ModelSpec resnet20() {
        return ModelZoo.resnet(20, new int[] {3, 8, 8}, CLASSES, false);
    }

    /** Stores {@link #randomBlock} weights of {@code spec} as an artifact, as the registry holds a model's; its sha256. */
    static String storeRandomWeights(ArtifactStore artifacts, ModelSpec spec, long seed) throws IOException {
        byte[] weights;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            weights = SpecWeights.toBytes(randomBlock(spec, m, seed));
        }
        return artifacts.putBytes(weights, "application/octet-stream").sha256();
    }

    /** Stores {@code data} as an .npz artifact, as the registry holds a data set's; its sha256. */
    static String storeNpz(ArtifactStore artifacts, ImageDataset data) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        NpzDataset.write(data, npz);
        return artifacts.putBytes(npz.toByteArray(), "application/octet-stream").sha256();
    }

    /** An initialised block with random weights and non-trivial batchnorm statistics. */
    static SpecBlock randomBlock(ModelSpec spec, NDManager manager, long seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        SpecBlock block = new DjlModelBuilder().build(spec);
        int[] in = spec.input();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
        Random r = new Random(seed);
        for (var p : block.getParameters()) {
            String key = p.getKey();
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            if (key.endsWith("runningVar")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + r.nextFloat();
                }
            } else if (key.endsWith("runningMean") || key.endsWith("beta") || key.endsWith("bias")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.2 * r.nextGaussian());
                }
            } else if (key.endsWith("gamma")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + r.nextFloat();
                }
            } else {
                continue;
            }
            a.set(FloatBuffer.wrap(v));
        }
        return block;
    }

    /**
     * Sets the removed channels to zero in the original block: conv rows and bias of every member, and the
     * gamma and beta of their batchnorms, so those channels output exactly 0.
     */
    static void zeroChannels(SpecBlock block, List<FilterGroup> groups, Map<String, int[]> removed) {
        for (FilterGroup g : groups) {
            int[] r = removed.get(g.name());
            if (r == null) {
                continue;
            }
            for (int m = 0; m < g.convs().size(); m++) {
                zeroRows(block.layer(g.convs().get(m)).getParameters().get("weight"), r);
                if (block.layer(g.convs().get(m)).getParameters().contains("bias")) {
                    zeroRows(block.layer(g.convs().get(m)).getParameters().get("bias"), r);
                }
                String carrier = g.carriers().get(m);
                if (!carrier.equals(g.convs().get(m))) {
                    zeroRows(block.layer(carrier).getParameters().get("gamma"), r);
                    zeroRows(block.layer(carrier).getParameters().get("beta"), r);
                }
            }
        }
    }

    private static void zeroRows(Parameter p, int[] rows) {
        NDArray a = p.getArray();
        float[] v = a.toFloatArray();
        int per = v.length / (int) a.getShape().get(0);
        for (int row : rows) {
            java.util.Arrays.fill(v, row * per, (row + 1) * per, 0f);
        }
        a.set(FloatBuffer.wrap(v));
    }

    /**
     * Images whose class decides which quadrant holds a bright blob, plus noise: learnable by a small conv
     * net in a few steps, so importance and fine-tuning see real class structure.
     */
    static ImageDataset quadrants(int perClass, int channels, int side, long seed) {
        Random r = new Random(seed);
        int n = perClass * CLASSES;
        byte[] px = new byte[n * channels * side * side];
        int[] labels = new int[n];
        int half = side / 2;
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            labels[i] = c;
            int y0 = (c / 2) * half;
            int x0 = (c % 2) * half;
            for (int ch = 0; ch < channels; ch++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        boolean in = y >= y0 && y < y0 + half && x >= x0 && x < x0 + half;
                        int v = (in ? 170 : 40) + (int) (r.nextGaussian() * 30);
                        px[((i * channels + ch) * side + y) * side + x] = (byte) Math.max(0, Math.min(255, v));
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            names.add("q" + c);
        }
        return new ImageDataset(px, labels, channels, side, side, names);
    }

    static NormalizedImages normalized(ImageDataset d) {
        double[] mean = new double[d.channels()];
        double[] std = new double[d.channels()];
        java.util.Arrays.fill(mean, 0.4);
        java.util.Arrays.fill(std, 0.3);
        return new NormalizedImages(d, mean, std);
    }
}
