package org.imclab.pruning.activelearning.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.TrainingRegistryClient;
import org.imclab.common.data.DataSplit;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.Npy;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.data.TabularDataset;
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

    static PoolData read(String id, RegistryDataset m, Path file) throws IOException {
        Map<String, Npy.Array> arrays;
        try (InputStream in = Files.newInputStream(file)) {
            arrays = Npy.readNpz(in, java.util.Set.of("features.npy", "labels.npy", "split.npy"));
        }
        FeatureData data;
        if (arrays.containsKey("features.npy")) {
            Npy.Array f = arrays.get("features.npy");
            int[] labels = arrays.get("labels.npy").ints();
            int width = (int) f.shape()[1];
            List<String> names = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                names.add("feature_" + j);
            }
            List<String> classes = m.classNames().isEmpty() ? defaultClasses(labels) : m.classNames();
            data = FeatureData.fromTable(new TabularDataset(f.floats(), labels, names, classes), null);
        } else {
            ImageDataset images;
            try (InputStream in = Files.newInputStream(file)) {
                images = NpzDataset.read(in);
            }
            if (!m.classNames().isEmpty() && m.classNames().size() == images.classNames().size()) {
                images = new ImageDataset(images.images(), images.labels(), images.channels(), images.height(),
                        images.width(), m.classNames());
            }
            data = FeatureData.fromImages(images);
        }
        String name = m.name() == null ? id : m.name() + (m.version() == null ? "" : " v" + m.version());
        Npy.Array split = arrays.get("split.npy");
        if (split == null) {
            DataSplit s = DataSplit.stratified(data.y(), 0.75, 0, 0);
            return new PoolData(id, name, data, s.train(), s.test());
        }
        byte[] parts = split.data();
        List<Integer> pool = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            (parts[i] == 2 ? test : pool).add(i);
        }
        return new PoolData(id, name, data, pool.stream().mapToInt(Integer::intValue).toArray(),
                test.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<String> defaultClasses(int[] labels) {
        int max = java.util.Arrays.stream(labels).max().orElse(-1);
        List<String> out = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            out.add(String.valueOf(c));
        }
        return out;
    }
}
