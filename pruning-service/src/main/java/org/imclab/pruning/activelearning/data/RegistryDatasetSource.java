package org.imclab.pruning.activelearning.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.SplitPolicy;
import org.imclab.common.data.TabularDataset;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.TrainingRegistryClient;
import org.imclab.pruning.activelearning.FeatureData;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Data sets registered in training-service: the metadata over HTTP, the .npz from the shared artifact
 * store by hash (through its local cache). The version's own split is kept: its train and validation
 * rows form the pool, its test rows the held-out test set; an archive without split.npy is cut 75/25
 * stratified with seed 0.
 */
@Component
@Order(10)
public class RegistryDatasetSource implements DatasetSource {

    private final TrainingRegistryClient registry;
    private final ArtifactStore artifacts;

    public RegistryDatasetSource(TrainingRegistryClient registry, ArtifactStore artifacts) {
        this.registry = registry;
        this.artifacts = artifacts;
    }

    @Override
    public boolean handles(String datasetId) {
        return datasetId != null && !datasetId.startsWith(BuiltinDatasetSource.PREFIX);
    }

    /** Asks the registry as the current caller: it answers only for data sets that caller may see. */
    @Override
    public boolean visible(String datasetId) {
        return registry.findDataset(datasetId).isPresent();
    }

    @Override
    public Optional<PoolData> load(String datasetId) {
        Optional<RegistryDataset> meta = registry.findDataset(datasetId);
        if (meta.isEmpty() || meta.get().artifactSha() == null) {
            return Optional.empty();
        }
        RegistryDataset m = meta.get();
        Path file = artifacts.localCopy(m.artifactSha());
        try {
            return Optional.of(read(datasetId, m, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set " + datasetId + " (" + m.artifactSha() + ")", e);
        }
    }

    /**
     * The pool and test parts of a registry archive under common's {@link SplitPolicy}: the test part is the
     * archive's recorded test split (else the default cut's); every other sample is in the unlabelled pool, since
     * active learning selects no model on validation data. Class names from the registry record win when it
     * names as many classes as the archive has.
     */
    static PoolData read(String id, RegistryDataset m, Path file) throws IOException {
        DatasetArchive.Content archive;
        try (InputStream in = Files.newInputStream(file)) {
            archive = DatasetArchive.readAny(in);
        }
        FeatureData data;
        if (archive.table() != null) {
            TabularDataset t = archive.table();
            List<String> classes = names(m, t.classNames());
            data = FeatureData.fromTable(new TabularDataset(t.features(), t.labels(), t.featureNames(), classes), null);
        } else {
            ImageDataset images = archive.images();
            data = FeatureData.fromImages(new ImageDataset(images.images(), images.labels(), images.channels(),
                    images.height(), images.width(), names(m, images.classNames())));
        }
        String name = m.name() == null ? id : m.name() + (m.version() == null ? "" : " v" + m.version());
        return new PoolData(id, name, data, SplitPolicy.indicesExcept(archive.split(), SplitPolicy.TEST),
                SplitPolicy.indices(archive.split(), SplitPolicy.TEST));
    }

    private static List<String> names(RegistryDataset m, List<String> stored) {
        return !m.classNames().isEmpty() && m.classNames().size() == stored.size() ? m.classNames() : stored;
    }
}
