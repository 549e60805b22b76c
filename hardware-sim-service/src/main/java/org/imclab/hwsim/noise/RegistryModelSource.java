package org.imclab.hwsim.noise;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.data.TrainTestImages;
import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryModel;
import org.imclab.common.registry.TrainingRegistryClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Models from training-service's registry: the spec and metadata over HTTP, the weights and the data set
 * from the shared artifact store by SHA-256.
 *
 * <p>The test split follows common's {@link org.imclab.common.data.SplitPolicy} (the archive's recorded split,
 * else a separate test artifact, else the default cut), read by {@link DatasetArchive}; the result's test-set
 * description says which. Normalisation comes from the model's
 * lineage, else the data set record, else the training split's channel statistics. BasisN models are
 * built with a {@link LayerBlockFactory} bean if the service defines one, else common.nn's
 * {@link BasisNBlockFactory}.
 */
@Component
class RegistryModelSource implements ModelSource {

    private final TrainingRegistryClient registry;
    private final ArtifactStore artifacts;
    private final ObjectProvider<LayerBlockFactory> basisFactory;

    RegistryModelSource(TrainingRegistryClient registry, ArtifactStore artifacts,
            ObjectProvider<LayerBlockFactory> basisFactory) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.basisFactory = basisFactory;
    }

    @Override
    public Optional<ModelDescription> describe(String modelId) {
        return registry.findModel(modelId).map(m -> new ModelDescription(m.id(), spec(m), m.kind(), m.basisN()));
    }

    @Override
    public EvaluableModel load(String modelId) {
        RegistryModel m = registry.findModel(modelId)
                .orElseThrow(() -> new IllegalArgumentException("model '" + modelId + "' is not in the registry"));
        ModelSpec spec = spec(m);
        if (m.weightsSha() == null) {
            throw new IllegalArgumentException("model '" + modelId + "' has no weights artifact");
        }
        byte[] weights = artifacts.readAllBytes(m.weightsSha());
        LayerBlockFactory factory = null;
        if (spec.basis() != null) {
            factory = basisFactory.getIfAvailable(BasisNBlockFactory::new);
        }
        if (m.datasetId() == null) {
            throw new IllegalArgumentException("model '" + modelId + "' names no data set to test on");
        }
        RegistryDataset d = registry.findDataset(m.datasetId())
                .orElseThrow(() -> new IllegalArgumentException("data set '" + m.datasetId() + "' of model '" + modelId
                        + "' is not in the registry"));
        return new EvaluableModel(m.id(), spec, weights, factory, testSet(m, d));
    }

    private static ModelSpec spec(RegistryModel m) {
        if (m.spec() == null) {
            throw new IllegalArgumentException("model '" + m.id() + "' has no spec in the registry");
        }
        return ModelSpec.fromJson(m.spec().toString());
    }

    private TestSet testSet(RegistryModel m, RegistryDataset d) {
        if (d.artifactSha() == null) {
            throw new IllegalArgumentException("data set '" + d.id() + "' has no artifact");
        }
        DatasetArchive.Content archive = DatasetArchive.readAny(
                new ByteArrayInputStream(artifacts.readAllBytes(d.artifactSha())));
        ImageDataset separateTest = d.testSha() == null ? null : NpzDataset.read(
                new ByteArrayInputStream(artifacts.readAllBytes(d.testSha())));
        TrainTestImages parts = TrainTestImages.of(archive, separateTest);
        double[] mean = m.mean() != null ? m.mean() : d.mean();
        double[] std = m.std() != null ? m.std() : d.std();
        if (mean == null || std == null || mean.length != parts.test().channels()
                || std.length != parts.test().channels()) {
            ChannelStats stats = ChannelStats.of(parts.train());
            mean = stats.mean();
            std = stats.std();
        }
        return new TestSet("data set " + d.id() + ", " + parts.description(), parts.test(), mean, std);
    }
}
