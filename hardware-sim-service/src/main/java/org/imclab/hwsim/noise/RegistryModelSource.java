package org.imclab.hwsim.noise;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryModel;
import org.imclab.common.registry.TrainingRegistryClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Models from training-service's registry: the spec and metadata over HTTP, the weights and the data set
 * from the shared artifact store by SHA-256.
 *
 * <p>The test split is taken, in this order, from: a separate test artifact; the archive's
 * {@code split.npy} (training-service: 2 = test); explicit test indices in the data set record; otherwise
 * every sample, which the result's test-set description then says. Normalisation comes from the model's
 * lineage, else the data set record, else the training split's channel statistics. BasisN models are
 * built with a {@link LayerBlockFactory} bean if the service defines one, else common.nn's
 * {@link BasisNBlockFactory}.
 */
@Component
class RegistryModelSource implements ModelSource {

    static final byte TRAIN_PART = 0;
    static final byte TEST_PART = 2;

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
        ImageDataset test;
        ImageDataset train = null;
        String description;
        if (d.testSha() != null) {
            test = NpzDataset.read(new ByteArrayInputStream(artifacts.readAllBytes(d.testSha())));
            description = "data set " + d.id() + ", test artifact " + d.testSha();
        } else {
            if (d.artifactSha() == null) {
                throw new IllegalArgumentException("data set '" + d.id() + "' has no artifact");
            }
            byte[] npz = artifacts.readAllBytes(d.artifactSha());
            ImageDataset all = NpzDataset.read(new ByteArrayInputStream(npz));
            int[] testIdx = null;
            int[] trainIdx = null;
            byte[] split = splitArray(npz);
            if (split != null && split.length == all.size()) {
                testIdx = where(split, TEST_PART);
                trainIdx = where(split, TRAIN_PART);
            } else {
                testIdx = indices(d.split(), "test");
                trainIdx = indices(d.split(), "train");
            }
            if (testIdx != null && testIdx.length > 0) {
                test = all.subset(testIdx);
                description = "data set " + d.id() + ", test split (" + testIdx.length + " samples)";
            } else {
                test = all;
                description = "data set " + d.id() + ", all " + all.size() + " samples (no test split recorded)";
            }
            train = trainIdx != null && trainIdx.length > 0 ? all.subset(trainIdx) : all;
        }
        double[] mean = m.mean() != null ? m.mean() : d.mean();
        double[] std = m.std() != null ? m.std() : d.std();
        if (mean == null || std == null || mean.length != test.channels() || std.length != test.channels()) {
            ChannelStats stats = ChannelStats.of(train != null ? train : test);
            mean = stats.mean();
            std = stats.std();
        }
        return new TestSet(description, test, mean, std);
    }

    /**
     * The {@code split.npy} array of a training-service data set archive (uint8 per sample: 0 train, 1
     * validation, 2 test), or null when the archive has none.
     */
    static byte[] splitArray(byte[] npz) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.getName().equals("split.npy")) {
                    continue;
                }
                byte[] npy = zip.readAllBytes();
                if (npy.length < 10 || npy[0] != (byte) 0x93 || npy[1] != 'N') {
                    return null;
                }
                int major = npy[6];
                int headerLength;
                int offset;
                if (major == 1) {
                    headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
                    offset = 10;
                } else {
                    headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8 | (npy[10] & 0xff) << 16 | (npy[11] & 0xff) << 24;
                    offset = 12;
                }
                String header = new String(npy, offset, headerLength, StandardCharsets.ISO_8859_1);
                if (!header.contains("'|u1'") && !header.contains("'u1'")) {
                    return null;
                }
                return Arrays.copyOfRange(npy, offset + headerLength, npy.length);
            }
            return null;
        } catch (IOException e) {
            throw new IllegalArgumentException("data set archive is not a readable .npz: " + e.getMessage(), e);
        }
    }

    private static int[] where(byte[] split, byte part) {
        return IntStream.range(0, split.length).filter(i -> split[i] == part).toArray();
    }

    private static int[] indices(JsonNode split, String name) {
        if (split == null || !split.isObject()) {
            return null;
        }
        JsonNode n = split.get(name);
        if (n == null || !n.isArray()) {
            return null;
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }
}
