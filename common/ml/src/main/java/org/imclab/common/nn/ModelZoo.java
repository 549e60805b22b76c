package org.imclab.common.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Generators for the standard models as specs. A pruned or converted model is then just another spec.
 * Architectures follow the papers / torchvision so that the published parameter and MAC counts come out
 * of {@link SpecAnalysis}; every conv followed by batchnorm has no bias.
 */
public final class ModelZoo {

    /** Names {@link #byName} resolves. */
    public static final List<String> NAMES = List.of("mlp", "lenet5", "vgg-small", "vgg11", "vgg16", "resnet20",
            "resnet32", "resnet56", "resnet18", "resnet50", "densenet40", "densenet100", "densenet121");

    static final String VGG_SMALL = "32,M,64,M,128,M";
    static final String VGG11 = "64,M,128,M,256,256,M,512,512,M,512,512,M";
    static final String VGG16 = "64,64,M,128,128,M,256,256,256,M,512,512,512,M,512,512,512,M";

    private ModelZoo() {
    }

    /**
     * The named model for this input and class count. ImageNet variants (resnet18/50, densenet121) use the
     * ImageNet stem; the others the CIFAR one. Unknown names and unusable inputs throw
     * {@link InvalidSpecException}.
     */
    public static ModelSpec byName(String name, int[] input, int classes) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        ModelSpec spec = switch (n) {
            case "mlp" -> mlp(input, new int[] {256, 128}, classes);
            case "lenet5" -> lenet5(input, classes);
            case "vgg-small", "vgg11", "vgg16" -> vgg(n, input, classes, true);
            case "resnet20", "resnet32", "resnet56" -> resnet(Integer.parseInt(n.substring(6)), input, classes, false);
            case "resnet18", "resnet50" -> resnet(Integer.parseInt(n.substring(6)), input, classes, true);
            case "densenet40", "densenet100" -> densenet(Integer.parseInt(n.substring(8)), 12, 0.5, true, input,
                    classes, false);
            case "densenet121" -> densenet(121, 32, 0.5, true, input, classes, true);
            default -> throw new InvalidSpecException("model", null, "unknown model '" + name + "'; expected one of "
                    + NAMES);
        };
        SpecValidator.validate(spec);
        return spec;
    }

    /** Flatten (for image inputs), then linear+relu per hidden width, then the classifier. */
    public static ModelSpec mlp(int[] input, int[] hidden, int classes) {
        Layers b = new Layers();
        if (input.length != 1) {
            b.add(LayerSpec.flatten("flatten"));
        }
        for (int i = 0; i < hidden.length; i++) {
            b.add(LayerSpec.linear("fc" + (i + 1), hidden[i]));
            b.add(LayerSpec.relu("relu" + (i + 1)));
        }
        b.add(LayerSpec.linear("fc" + (hidden.length + 1), classes));
        return new ModelSpec("mlp", input, classes, b.layers);
    }

    /** LeNet-5: padding 2 on the first conv brings 28 px inputs to the classic 32 px geometry. */
    public static ModelSpec lenet5(int[] input, int classes) {
        requireImage("lenet5", input);
        int pad = Math.max(0, (32 - input[1]) / 2);
        Layers b = new Layers();
        b.add(LayerSpec.conv("conv1", 6, 5, 1, pad, true));
        b.add(LayerSpec.relu("relu1"));
        b.add(LayerSpec.maxpool("pool1", 2, 2, 0));
        b.add(LayerSpec.conv("conv2", 16, 5, 1, 0, true));
        b.add(LayerSpec.relu("relu2"));
        b.add(LayerSpec.maxpool("pool2", 2, 2, 0));
        b.add(LayerSpec.flatten("flatten"));
        b.add(LayerSpec.linear("fc1", 120));
        b.add(LayerSpec.relu("relu3"));
        b.add(LayerSpec.linear("fc2", 84));
        b.add(LayerSpec.relu("relu4"));
        b.add(LayerSpec.linear("fc3", classes));
        return new ModelSpec("lenet5", input, classes, b.layers);
    }

    /**
     * CIFAR-style VGG: 3x3 convs (pad 1) and 2x2 max pools as the config says, then flatten and one linear
     * classifier. {@code config} is "vgg-small", "vgg11", "vgg16" or a list such as "32,M,64,M".
     */
    public static ModelSpec vgg(String config, int[] input, int classes, boolean batchnorm) {
        String cfg = switch (config.toLowerCase(Locale.ROOT)) {
            case "vgg-small" -> VGG_SMALL;
            case "vgg11" -> VGG11;
            case "vgg16" -> VGG16;
            default -> config;
        };
        String name = cfg.equals(config) ? "vgg" : config.toLowerCase(Locale.ROOT);
        return vgg(name, Arrays.stream(cfg.split(",")).map(String::trim).toList(), input, classes, batchnorm);
    }

    /** VGG from channel widths with "M" pool markers. */
    public static ModelSpec vgg(String name, List<String> config, int[] input, int classes, boolean batchnorm) {
        requireImage(name, input);
        Layers b = new Layers();
        int conv = 0;
        int pool = 0;
        for (String item : config) {
            if (item.equalsIgnoreCase("M")) {
                b.add(LayerSpec.maxpool("pool" + ++pool, 2, 2, 0));
                continue;
            }
            int width;
            try {
                width = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new InvalidSpecException("config", null, "'" + item + "' is neither a width nor M");
            }
            conv++;
            b.add(LayerSpec.conv("conv" + conv, width, 3, 1, 1, !batchnorm));
            if (batchnorm) {
                b.add(LayerSpec.batchnorm("bn" + conv));
            }
            b.add(LayerSpec.relu("relu" + conv));
        }
        b.add(LayerSpec.flatten("flatten"));
        b.add(LayerSpec.linear("fc", classes));
        return new ModelSpec(name, input, classes, b.layers);
    }

    /** ResNet at the default input: 3x32x32 for CIFAR, 3x224x224 for ImageNet. */
    public static ModelSpec resnet(int depth, int classes, boolean imagenet) {
        return resnet(depth, imagenet ? new int[] {3, 224, 224} : new int[] {3, 32, 32}, classes, imagenet);
    }

    /**
     * ResNet. CIFAR (He et al. 2016, §4.2): depth 6n+2, three stages of 16/32/64 channels, option-B
     * shortcuts (1x1 conv + BN) where the shape changes. ImageNet: 7x7/2 stem and 3x3/2 max pool, basic
     * blocks for 18/34, bottlenecks (expansion 4, stride on the 3x3 as in torchvision) for 50/101/152.
     */
    public static ModelSpec resnet(int depth, int[] input, int classes, boolean imagenet) {
        requireImage("resnet" + depth, input);
        Layers b = new Layers();
        String x;
        int channels;
        int[] blocks;
        int[] widths;
        boolean bottleneck = false;
        if (imagenet) {
            blocks = switch (depth) {
                case 18 -> new int[] {2, 2, 2, 2};
                case 34, 50 -> new int[] {3, 4, 6, 3};
                case 101 -> new int[] {3, 4, 23, 3};
                case 152 -> new int[] {3, 8, 36, 3};
                default -> throw new InvalidSpecException("depth", null,
                        "ImageNet ResNet depth must be 18, 34, 50, 101 or 152");
            };
            bottleneck = depth >= 50;
            widths = new int[] {64, 128, 256, 512};
            b.add(LayerSpec.conv("conv1", 64, 7, 2, 3, false));
            b.add(LayerSpec.batchnorm("bn1"));
            b.add(LayerSpec.relu("relu1"));
            x = b.add(LayerSpec.maxpool("pool1", 3, 2, 1));
            channels = 64;
        } else {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new InvalidSpecException("depth", null, "CIFAR ResNet depth must be 6n+2 (20, 32, 56, ...)");
            }
            int n = (depth - 2) / 6;
            blocks = new int[] {n, n, n};
            widths = new int[] {16, 32, 64};
            b.add(LayerSpec.conv("conv1", 16, 3, 1, 1, false));
            b.add(LayerSpec.batchnorm("bn1"));
            x = b.add(LayerSpec.relu("relu1"));
            channels = 16;
        }
        int expansion = bottleneck ? 4 : 1;
        for (int s = 0; s < blocks.length; s++) {
            for (int k = 0; k < blocks[s]; k++) {
                String p = "s" + (s + 1) + "b" + (k + 1) + ".";
                int stride = s > 0 && k == 0 ? 2 : 1;
                int width = widths[s];
                int out = width * expansion;
                String main = bottleneck ? bottleneck(b, p, x, width, out, stride) : basic(b, p, x, width, stride);
                String shortcut = x;
                if (stride != 1 || channels != out) {
                    b.add(LayerSpec.conv(p + "short", out, 1, stride, 0, false).withInputs(List.of(x)));
                    shortcut = b.add(LayerSpec.batchnorm(p + "shortbn"));
                }
                b.add(LayerSpec.add(p + "add", main, shortcut));
                x = b.add(LayerSpec.relu(p + "relu"));
                channels = out;
            }
        }
        b.add(LayerSpec.globalAvgPool("pool"));
        b.add(LayerSpec.linear("fc", classes));
        return new ModelSpec("resnet" + depth, input, classes, b.layers);
    }

    private static String basic(Layers b, String p, String x, int width, int stride) {
        b.add(LayerSpec.conv(p + "conv1", width, 3, stride, 1, false).withInputs(List.of(x)));
        b.add(LayerSpec.batchnorm(p + "bn1"));
        b.add(LayerSpec.relu(p + "relu1"));
        b.add(LayerSpec.conv(p + "conv2", width, 3, 1, 1, false));
        return b.add(LayerSpec.batchnorm(p + "bn2"));
    }

    private static String bottleneck(Layers b, String p, String x, int width, int out, int stride) {
        b.add(LayerSpec.conv(p + "conv1", width, 1, 1, 0, false).withInputs(List.of(x)));
        b.add(LayerSpec.batchnorm(p + "bn1"));
        b.add(LayerSpec.relu(p + "relu1"));
        b.add(LayerSpec.conv(p + "conv2", width, 3, stride, 1, false));
        b.add(LayerSpec.batchnorm(p + "bn2"));
        b.add(LayerSpec.relu(p + "relu2"));
        b.add(LayerSpec.conv(p + "conv3", out, 1, 1, 0, false));
        return b.add(LayerSpec.batchnorm(p + "bn3"));
    }

    /** DenseNet at the default input: 3x32x32 for CIFAR, 3x224x224 for ImageNet. */
    public static ModelSpec densenet(int depth, int growth, double compression, boolean bottleneck, int classes,
            boolean imagenet) {
        return densenet(depth, growth, compression, bottleneck,
                imagenet ? new int[] {3, 224, 224} : new int[] {3, 32, 32}, classes, imagenet);
    }

    /**
     * DenseNet (Huang et al. 2017) with pre-activation BN-ReLU-conv layers. Each dense layer is
     * [BN-ReLU-1x1 conv (4k)]-BN-ReLU-3x3 conv (k) and its output is concatenated to its input; transitions
     * are BN-ReLU-1x1 conv (floor(θ·C))-avgpool 2. CIFAR: three blocks of (depth-4)/6 bottleneck layers
     * ((depth-4)/3 plain ones) after a 3x3 stem of 2k channels (16 without bottleneck). ImageNet 121/169/201:
     * 7x7/2 stem of 2k channels, 3x3/2 max pool, blocks 6-12-24-16 (…-32-32, …-48-32).
     */
    public static ModelSpec densenet(int depth, int growth, double compression, boolean bottleneck, int[] input,
            int classes, boolean imagenet) {
        requireImage("densenet" + depth, input);
        if (growth <= 0) {
            throw new InvalidSpecException("growth", null, "must be positive");
        }
        if (compression <= 0 || compression > 1) {
            throw new InvalidSpecException("compression", null, "must be in (0, 1]");
        }
        Layers b = new Layers();
        int[] blocks;
        int channels = 2 * growth;
        if (imagenet) {
            blocks = switch (depth) {
                case 121 -> new int[] {6, 12, 24, 16};
                case 169 -> new int[] {6, 12, 32, 32};
                case 201 -> new int[] {6, 12, 48, 32};
                default -> throw new InvalidSpecException("depth", null, "ImageNet DenseNet depth must be 121, 169 or 201");
            };
            b.add(LayerSpec.conv("conv0", channels, 7, 2, 3, false));
            b.add(LayerSpec.batchnorm("bn0"));
            b.add(LayerSpec.relu("relu0"));
            b.add(LayerSpec.maxpool("pool0", 3, 2, 1));
        } else {
            int perLayer = bottleneck ? 6 : 3;
            if (depth < 4 + perLayer || (depth - 4) % perLayer != 0) {
                throw new InvalidSpecException("depth", null, "CIFAR DenseNet depth must be " + perLayer + "n+4");
            }
            int n = (depth - 4) / perLayer;
            blocks = new int[] {n, n, n};
            channels = bottleneck ? 2 * growth : 16;
            b.add(LayerSpec.conv("conv0", channels, 3, 1, 1, false));
        }
        String x = b.last();
        for (int d = 0; d < blocks.length; d++) {
            for (int k = 0; k < blocks[d]; k++) {
                String p = "d" + (d + 1) + "l" + (k + 1) + ".";
                b.add(LayerSpec.batchnorm(p + "bn1").withInputs(List.of(x)));
                b.add(LayerSpec.relu(p + "relu1"));
                if (bottleneck) {
                    b.add(LayerSpec.conv(p + "conv1", 4 * growth, 1, 1, 0, false));
                    b.add(LayerSpec.batchnorm(p + "bn2"));
                    b.add(LayerSpec.relu(p + "relu2"));
                }
                String fresh = b.add(LayerSpec.conv(p + "conv2", growth, 3, 1, 1, false));
                x = b.add(LayerSpec.concat(p + "cat", x, fresh));
                channels += growth;
            }
            if (d < blocks.length - 1) {
                String p = "t" + (d + 1) + ".";
                channels = (int) Math.floor(channels * compression);
                b.add(LayerSpec.batchnorm(p + "bn").withInputs(List.of(x)));
                b.add(LayerSpec.relu(p + "relu"));
                b.add(LayerSpec.conv(p + "conv", channels, 1, 1, 0, false));
                x = b.add(LayerSpec.avgpool(p + "pool", 2, 2, 0));
            }
        }
        b.add(LayerSpec.batchnorm("bn").withInputs(List.of(x)));
        b.add(LayerSpec.relu("relu"));
        b.add(LayerSpec.globalAvgPool("pool"));
        b.add(LayerSpec.linear("fc", classes));
        return new ModelSpec("densenet" + depth, input, classes, b.layers);
    }

    private static void requireImage(String model, int[] input) {
        if (input == null || input.length != 3) {
            throw new InvalidSpecException("input", null, model + " needs a [C,H,W] input, got "
                    + Arrays.toString(input));
        }
    }

    /** Accumulates layers and remembers the last name, so generators read like the architecture. */
    private static final class Layers {
        final List<LayerSpec> layers = new ArrayList<>();

        String add(LayerSpec l) {
            layers.add(l);
            return l.name();
        }

        String last() {
            return layers.get(layers.size() - 1).name();
        }
    }
}
