package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DjlModelBuilderTest {

    private static long gradientParams(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private static void assertForward(ModelSpec spec, int batch) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = new DjlModelBuilder().build(spec);
            Shape in = new Shape(batch, spec.input()[0], spec.input()[1], spec.input()[2]);
            block.initialize(manager, DataType.FLOAT32, in);
            assertThat(gradientParams(block)).isEqualTo(SpecAnalysis.analyze(spec).totalParams());
            assertThat(block.getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(batch, spec.classes()));
            NDArray x = manager.randomNormal(in);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray eval = block.forward(store, new NDList(x), false).head();
            assertThat(eval.getShape()).isEqualTo(new Shape(batch, spec.classes()));
            assertThat(x.isReleased()).isFalse();
            NDArray train = block.forward(store, new NDList(x), true).head();
            assertThat(train.getShape()).isEqualTo(new Shape(batch, spec.classes()));
            assertThat(eval.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void lenet5ForwardAndParameterCount() {
        assertForward(ModelZoo.lenet5(new int[] {1, 28, 28}, 10), 4);
    }

    @Test
    void resnet20ForwardAndParameterCount() {
        assertForward(ModelZoo.resnet(20, 10, false), 2);
    }

    @Test
    void densenetAndGroupedConvForward() {
        assertForward(ModelZoo.densenet(40, 12, 0.5, true, 10, false), 2);
        ModelSpec grouped = new ModelSpec("g", new int[] {4, 8, 8}, 3, List.of(
                LayerSpec.conv("dw", 8, 3, 1, 1, true).withGroups(4),
                LayerSpec.batchnorm("bn"), LayerSpec.relu("r"), LayerSpec.maxpool("p", 3, 2, 1),
                LayerSpec.dropout("d", 0.2), LayerSpec.flatten("f"), LayerSpec.linear("fc", 3)));
        assertForward(grouped, 3);
    }

    @Test
    void inputGradientsFlowThroughAnEvalModeForward() {
        // Adversarial examples need d(loss)/d(input) with the model in eval mode; freeing intermediate
        // arrays at inference must not break that.
        ModelSpec spec = ModelZoo.densenet(40, 12, 0.5, true, new int[] {3, 16, 16}, 10, false);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = new DjlModelBuilder().build(spec);
            Shape in = new Shape(2, 3, 16, 16);
            block.initialize(manager, DataType.FLOAT32, in);
            NDArray x = manager.randomNormal(in);
            x.setRequiresGradient(true);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), false).head();
                gc.backward(out.get(":, 3").sum());
            }
            NDArray grad = x.getGradient();
            assertThat(grad.getShape()).isEqualTo(in);
            assertThat(grad.abs().sum().getFloat()).isGreaterThan(0f);
        }
    }

    @Test
    void parameterNamesFollowLayerNames() {
        SpecBlock block = new DjlModelBuilder().build(ModelZoo.resnet(20, 10, false));
        List<String> children = new ArrayList<>(block.getChildren().keys());
        assertThat(children.get(0)).endsWith("conv1");
        assertThat(children).anyMatch(n -> n.endsWith("s2b1.short"));
        assertThat(block.layer("s2b1.short")).isNotNull();
        assertThat(block.layer("s1b1.add")).isNull();
    }

    @Test
    void trainingStepsReduceTheLossOnAFixedBatch() {
        ModelSpec spec = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
        try (Model model = Model.newInstance("lenet5", "PyTorch")) {
            model.setBlock(new DjlModelBuilder().build(spec));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                int batch = 16;
                trainer.initialize(new Shape(batch, 1, 28, 28));
                NDManager m = trainer.getManager();
                m.getEngine().setRandomSeed(7);
                NDArray x = m.randomUniform(0, 1, new Shape(batch, 1, 28, 28));
                NDArray y = m.arange(batch).toType(DataType.INT64, false).mod(10);
                float first = 0;
                float last = 0;
                for (int step = 0; step < 20; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).head();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (step == 0) {
                            first = last;
                        }
                    }
                    trainer.step();
                }
                assertThat(last).isLessThan(first * 0.5f);
            }
        }
    }

    @Test
    void weightsRoundTripThroughAStream() throws IOException {
        ModelSpec spec = ModelZoo.resnet(8, new int[] {3, 16, 16}, 4, false);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape in = new Shape(2, 3, 16, 16);
            SpecBlock a = new DjlModelBuilder().build(spec);
            a.initialize(manager, DataType.FLOAT32, in);
            NDArray x = manager.randomNormal(in);
            ParameterStore store = new ParameterStore(manager, false);
            // One training pass moves the BN running statistics away from their initial values.
            a.forward(store, new NDList(x), true);
            NDArray expected = a.forward(store, new NDList(x), false).head();
            byte[] bytes = SpecWeights.toBytes(a);

            SpecBlock b = new DjlModelBuilder().build(spec);
            b.initialize(manager, DataType.FLOAT32, in);
            assertThat(b.forward(store, new NDList(x), false).head().allClose(expected)).isFalse();
            SpecWeights.fromBytes(b, manager, bytes);
            // A ParameterStore caches the arrays it has handed out, so read the loaded ones with a new store.
            ParameterStore fresh = new ParameterStore(manager, false);
            assertThat(b.forward(fresh, new NDList(x), false).head().allClose(expected, 1e-5, 1e-6, false)).isTrue();

            SpecBlock other = new DjlModelBuilder().build(ModelZoo.resnet(8, new int[] {3, 16, 16}, 5, false));
            other.initialize(manager, DataType.FLOAT32, in);
            assertThatThrownBy(() -> SpecWeights.fromBytes(other, manager, bytes)).isInstanceOf(IOException.class)
                    .hasMessageContaining("fc");
        }
    }

    @Test
    void basisLayersGoToTheFactoryWhichCanShareAParameter() {
        ModelSpec spec = new ModelSpec("b", new int[] {6}, 3, List.of(
                LayerSpec.linear("fc1", 5).withBasis("B"), LayerSpec.relu("r"),
                LayerSpec.linear("fc2", 3)), new BasisConfig(6, 2, 4, 1));
        AtomicInteger calls = new AtomicInteger();
        LayerBlockFactory factory = (layer, info, owner) -> {
            calls.incrementAndGet();
            assertThat(info.inChannels()).isEqualTo(6);
            if (owner.sharedParameter("basis") == null) {
                owner.addSharedParameter(Parameter.builder().setName("basis").setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(6, 2)).build());
            }
            return Linear.builder().setUnits(layer.out()).build();
        };
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = new DjlModelBuilder(factory).build(spec);
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 6));
            assertThat(calls).hasValue(1);
            assertThat(block.sharedParameter("basis").getArray().getShape()).isEqualTo(new Shape(6, 2));
            assertThat(gradientParams(block)).isEqualTo(SpecAnalysis.analyze(spec).totalParams() + 12);
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2, 6))),
                    false).head();
            assertThat(out.getShape()).isEqualTo(new Shape(2, 3));
        }
    }
}
