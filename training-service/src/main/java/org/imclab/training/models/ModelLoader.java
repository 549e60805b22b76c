package org.imclab.training.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.initializer.Initializer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.training.GradMode;
import org.imclab.common.nn.training.TrainingLoop;
import org.springframework.stereotype.Component;

/**
 * Turns a spec and its weights into a usable DJL block: builds it with the builder of the model's kind,
 * initialises it for the spec's input and loads the weights. Training, evaluation, BasisN and pruning all
 * load models through here.
 */
@Component
public class ModelLoader {

    private final ArtifactStore artifacts;
    private final Map<String, DjlModelBuilder> builders = new HashMap<>();

    public ModelLoader(ArtifactStore artifacts, List<ModelBuilderForKind> extraKinds) {
        this.artifacts = artifacts;
        builders.put(ModelVersion.STANDARD, new DjlModelBuilder());
        for (ModelBuilderForKind k : extraKinds) {
            builders.put(k.kind(), k.builder());
        }
    }

    /** Whether models of this kind can be built. */
    public boolean knows(String kind) {
        return builders.containsKey(kind);
    }

    /** The kinds this service can build, sorted. */
    public java.util.SortedSet<String> kinds() {
        return new java.util.TreeSet<>(builders.keySet());
    }

    /** The builder for a kind; unknown kinds are built as standard (dense) layers. */
    public DjlModelBuilder builder(String kind) {
        return builders.getOrDefault(kind, builders.get(ModelVersion.STANDARD));
    }

    /** An initialised block (weights from the seed) in a new manager, e.g. to start training. */
    public LoadedModel fresh(ModelSpec spec, String kind, long seed) {
        NDManager manager = NDManager.newBaseManager();
        try {
            SpecBlock block = builder(kind).build(spec);
            TrainingLoop.initialize(block, manager, spec.input(), seed);
            return new LoadedModel(spec, block, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A block with these weights (SpecWeights format). */
    public LoadedModel load(ModelSpec spec, String kind, InputStream weights) throws IOException {
        NDManager manager = NDManager.newBaseManager();
        try {
            SpecBlock block = builder(kind).build(spec);
            // Zeros, not random values: loading must not draw from the engine's global generator, which a
            // training job in the same JVM relies on for reproducible dropout.
            GradMode.off();
            block.setInitializer(Initializer.ZEROS, p -> true);
            block.initialize(manager, DataType.FLOAT32, TrainingLoop.inputShape(1, spec.input()));
            SpecWeights.load(block, manager, weights instanceof BufferedInputStream ? weights
                    : new BufferedInputStream(weights, 1 << 16));
            return new LoadedModel(spec, block, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A registered model version with its stored weights. */
    public LoadedModel load(ModelVersion model) throws IOException {
        try (InputStream in = artifacts.open(model.weightsSha())) {
            return load(model.spec(), model.kind(), in);
        }
    }
}
