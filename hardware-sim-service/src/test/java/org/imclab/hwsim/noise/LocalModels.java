package org.imclab.hwsim.noise;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;

/** Models and data the noise tests build locally: the committed MNIST subset and a LeNet-5 trained on it. */
public final class LocalModels {

    private LocalModels() {
    }

    /** "train" (3,000 images) or "t10k" (1,000 images) from src/test/resources/mnist-subset. */
    public static ImageDataset mnist(String split) {
        try (InputStream images = resource("/mnist-subset/" + split + "-images-idx3-ubyte.gz");
                InputStream labels = resource("/mnist-subset/" + split + "-labels-idx1-ubyte.gz")) {
            return IdxReader.read(images, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = LocalModels.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }

    /** LeNet-5 with its (untrained, seeded) initial weights and the MNIST test subset. */
    public static EvaluableModel untrainedLeNet(long seed) {
        ImageDataset train = mnist("train");
        ModelSpec spec = ModelZoo.lenet5(train.shape(), 10);
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            SpecBlock block = new DjlModelBuilder().build(spec);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            return new EvaluableModel("lenet5-untrained", spec, SpecWeights.toBytes(block), null, testSet(train));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * LeNet-5 trained with Adam (lr 3e-3, batch 64) on the 3,000-image MNIST subset for {@code epochs}
     * epochs through DJL's trainer (one gradient collector at a time).
     */
    public static EvaluableModel trainedLeNet(int epochs, long seed) {
        ImageDataset train = mnist("train");
        ChannelStats stats = ChannelStats.of(train);
        ModelSpec spec = ModelZoo.lenet5(train.shape(), 10);
        Engine.getInstance().setRandomSeed((int) seed);
        SpecBlock block = new DjlModelBuilder().build(spec);
        try (Model model = Model.newInstance("lenet5", Device.cpu())) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                NDManager m = trainer.getManager();
                float[] x = new float[train.size() * train.imageBytes()];
                TestSet normalised = new TestSet("train", train, stats.mean(), stats.std());
                for (int i = 0; i < train.size(); i++) {
                    normalised.features(i, x, i * train.imageBytes());
                }
                NDArray features = m.create(x, new Shape(train.size(), 1, 28, 28));
                float[] y = new float[train.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = train.labels()[i];
                }
                NDArray labels = m.create(y);
                ArrayDataset data = new ArrayDataset.Builder().setData(features).optLabels(labels)
                        .setSampling(64, true).build();
                for (int e = 0; e < epochs; e++) {
                    EasyTrain.fit(trainer, 1, data, null);
                }
            }
            return new EvaluableModel("lenet5-mnist-subset", spec, SpecWeights.toBytes(block), null, testSet(train));
        } catch (Exception e) {
            throw new IllegalStateException("training LeNet-5 failed", e);
        }
    }

    private static TestSet testSet(ImageDataset train) {
        ChannelStats stats = ChannelStats.of(train);
        return new TestSet("mnist-subset t10k (1,000 samples)", mnist("t10k"), stats.mean(), stats.std());
    }
}
