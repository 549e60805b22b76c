package org.imclab.pruning.pruning;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.data.SplitPolicy;
import org.imclab.common.data.TrainTestImages;
import org.imclab.common.nn.InvalidSpecException;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecValidator;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryModel;
import org.imclab.common.registry.TrainingRegistryClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The model and data a pruning job works on, from training-service's registry (metadata over HTTP) and the
 * shared artifact store (bytes). Failures name the request field they concern.
 */
@Component
class PruningInputs {

    /** A registered model with its parsed spec. */
    record Model(RegistryModel record, ModelSpec spec) {
    }

    /** Normalised training and test images. */
    record Data(NormalizedImages train, NormalizedImages test, double[] mean, double[] std) {
    }

    private final TrainingRegistryClient registry;
    private final ArtifactStore artifacts;

    PruningInputs(TrainingRegistryClient registry, ArtifactStore artifacts) {
        this.registry = registry;
        this.artifacts = artifacts;
    }

    Model model(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw new PruningDefaults.FieldException("modelId", "is required");
        }
        RegistryModel m = registry.findModel(modelId).orElseThrow(
                () -> new PruningDefaults.FieldException("modelId", "no model '" + modelId + "' in the registry"));
        if (m.spec() == null || m.weightsSha() == null) {
            throw new PruningDefaults.FieldException("modelId", "model '" + modelId + "' has no spec or weights");
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(m.spec().toString());
            SpecValidator.validate(spec);
        } catch (InvalidSpecException | tools.jackson.core.JacksonException e) {
            throw new PruningDefaults.FieldException("modelId", "model '" + modelId + "' has an invalid spec: "
                    + e.getMessage());
        }
        if (spec.input() == null || spec.input().length != 3) {
            throw new PruningDefaults.FieldException("modelId", "filter pruning needs an image model ([C,H,W] input)");
        }
        return new Model(m, spec);
    }

    /** The data set record, checked against the model's classes and input shape. */
    RegistryDataset dataset(String datasetId, ModelSpec spec) {
        if (datasetId == null || datasetId.isBlank()) {
            throw new PruningDefaults.FieldException("datasetId", "is required");
        }
        RegistryDataset d = registry.findDataset(datasetId).orElseThrow(
                () -> new PruningDefaults.FieldException("datasetId", "no data set '" + datasetId + "' in the registry"));
        if (d.classes() != null && d.classes() != spec.classes()) {
            throw new PruningDefaults.FieldException("datasetId", "data set '" + datasetId + "' has " + d.classes()
                    + " classes but the model has " + spec.classes());
        }
        if (d.shape() != null && !Arrays.equals(d.shape(), spec.input())) {
            throw new PruningDefaults.FieldException("datasetId", "data set '" + datasetId + "' has samples of shape "
                    + Arrays.toString(d.shape()) + " but the model takes " + Arrays.toString(spec.input()));
        }
        if (d.artifactSha() == null) {
            throw new PruningDefaults.FieldException("datasetId", "data set '" + datasetId + "' has no stored data");
        }
        return d;
    }

    byte[] weights(Model m) {
        return artifacts.readAllBytes(m.record().weightsSha());
    }

    /**
     * Train and test images under common's {@link SplitPolicy} (the archive's recorded split, else a separate
     * test artifact, else the default cut), read by {@link DatasetArchive}. Normalisation: the model's (top level
     * or {@code lineage.normalization}), else the data set's, else the training split's own statistics.
     */
    Data data(RegistryDataset d, Model m) throws IOException {
        DatasetArchive.Content archive = DatasetArchive.readAny(
                new ByteArrayInputStream(artifacts.readAllBytes(d.artifactSha())));
        ImageDataset separateTest = d.testSha() == null ? null : NpzDataset.read(artifacts.open(d.testSha()));
        TrainTestImages parts = TrainTestImages.of(archive, separateTest);
        ImageDataset all = archive.images();
        if (all.classNames().size() != m.spec().classes()) {
            throw new PruningDefaults.FieldException("datasetId", "data set has " + all.classNames().size()
                    + " classes but the model has " + m.spec().classes());
        }
        ImageDataset train = parts.train();
        ImageDataset test = parts.test();
        double[] mean = first(m.record().mean(), lineageStats(m, "mean"), d.mean(), rawStats(d.raw(), "mean"));
        double[] std = first(m.record().std(), lineageStats(m, "std"), d.std(), rawStats(d.raw(), "std"));
        if (mean == null || std == null || mean.length != all.channels() || std.length != all.channels()) {
            ChannelStats stats = ChannelStats.of(train);
            mean = stats.mean();
            std = stats.std();
        }
        return new Data(new NormalizedImages(train, mean, std), new NormalizedImages(test, mean, std), mean, std);
    }

    private static double[] first(double[]... options) {
        for (double[] o : options) {
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /** training-service keeps a model's input normalisation under {@code lineage.normalization}. */
    private static double[] lineageStats(Model m, String key) {
        JsonNode raw = m.record().raw();
        return raw == null ? null : rawStats(raw.path("lineage").path("normalization"), key);
    }

    /** A numeric array field ({@code mean} or {@code std}) of a JSON object, or null. */
    private static double[] rawStats(JsonNode node, String key) {
        JsonNode a = node == null ? null : node.get(key);
        if (a == null || !a.isArray() || a.isEmpty()) {
            return null;
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                return null;
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
