package org.imclab.training.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.imclab.common.artifacts.ArtifactInfo;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.DataSplit;
import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.SplitPolicy;
import org.imclab.common.data.TabularDataset;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.IdKeyset;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.imclab.training.persistence.StandaloneRepositories;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates data set versions (split, statistics, .npz artifact, row) and loads them back for training and
 * evaluation. Loaded versions are kept in a small cache keyed by artifact hash, since they are immutable.
 */
@Service
public class DatasetService {

    public static final String NPZ = "application/x-npz";
    private static final int CACHE_ENTRIES = 2;

    private final DatasetRepository repository;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final Map<String, DatasetArchive.Content> cache = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DatasetArchive.Content> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /** Archives being read, by hash: see {@link #load(DatasetVersion)}. */
    private final Map<String, CompletableFuture<DatasetArchive.Content>> reading = new ConcurrentHashMap<>();

    DatasetService(DatasetRepository repository, ArtifactStore artifacts, JsonMapper json) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.json = json;
    }

    /** Wiring without the Spring Boot application, for worker processes and tests. */
    public static DatasetService standalone(javax.sql.DataSource dataSource, ArtifactStore artifacts, JsonMapper json) {
        return new DatasetService(StandaloneRepositories.of(dataSource, DatasetRepository.class), artifacts, json);
    }

    /**
     * Imports images. With {@code officialTest}, it becomes the test split and the validation split is
     * carved at random from {@code train}; without it, the set is cut stratified by class.
     */
    public Imported importImages(String name, String source, ImageDataset train, ImageDataset officialTest,
            SplitOptions options) {
        ImageDataset all = train;
        byte[] split;
        if (officialTest != null) {
            all = concat(train, officialTest);
            split = new byte[all.size()];
            DataSplit cut = DataSplit.random(train.size(), 1 - options.valFraction(), options.valFraction(),
                    options.seed());
            for (int i : cut.val()) {
                split[i] = DatasetArchive.VAL;
            }
            Arrays.fill(split, train.size(), all.size(), DatasetArchive.TEST);
        } else {
            split = SplitPolicy.stratified(all.labels(), options.valFraction(), options.testFraction(),
                    options.seed());
        }
        DatasetArchive.Content content = new DatasetArchive.Content(all, null, split);
        ChannelStats stats = ChannelStats.of(all.subset(content.indices(DatasetArchive.TRAIN)));
        return store(name, source, DatasetVersion.IMAGE, all.shape(), all.classNames(), all.labels(), content,
                options, officialTest != null, toFloats(stats.mean()), toFloats(stats.std()));
    }

    /** Imports a table, cut stratified by class; features are standardised with training-split statistics. */
    public Imported importTable(String name, String source, TabularDataset table, SplitOptions options) {
        return importTable(name, source, table, null, options);
    }

    /**
     * Imports a table. With {@code officialTest} (the user's own test file) that file is the test split and
     * the validation split is carved stratified from {@code train}; without it, the table is cut stratified
     * into train/val/test. Mean and std per feature come from the training split only.
     */
    public Imported importTable(String name, String source, TabularDataset train, TabularDataset officialTest,
            SplitOptions options) {
        TabularDataset table = train;
        byte[] split;
        if (officialTest != null) {
            table = concat(train, officialTest);
            split = new byte[table.size()];
            DataSplit cut = DataSplit.stratified(train.labels(), 1 - options.valFraction(), options.valFraction(),
                    options.seed());
            for (int i : cut.val()) {
                split[i] = DatasetArchive.VAL;
            }
            Arrays.fill(split, train.size(), table.size(), DatasetArchive.TEST);
        } else {
            split = SplitPolicy.stratified(table.labels(), options.valFraction(), options.testFraction(),
                    options.seed());
        }
        DatasetArchive.Content content = new DatasetArchive.Content(null, table, split);
        int f = table.numFeatures();
        double[] sum = new double[f];
        double[] sumSq = new double[f];
        int[] trainRows = content.indices(DatasetArchive.TRAIN);
        for (int i : trainRows) {
            for (int j = 0; j < f; j++) {
                double v = table.features()[i * f + j];
                sum[j] += v;
                sumSq[j] += v * v;
            }
        }
        float[] mean = new float[f];
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            double m = sum[j] / trainRows.length;
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(Math.max(0, sumSq[j] / trainRows.length - m * m));
        }
        return store(name, source, DatasetVersion.TABULAR, new int[] {f}, table.classNames(), table.labels(), content,
                options, officialTest != null, mean, std);
    }

    /**
     * What an import did: stored a new version, or found that this name already has a version with exactly
     * this content (same rows, labels, classes and split: the archive's SHA-256), which it returns instead.
     */
    public record Imported(DatasetVersion version, boolean created) {
    }

    private Imported store(String name, String source, String kind, int[] shape, List<String> classes,
            int[] labels, DatasetArchive.Content content, SplitOptions options, boolean official, float[] mean,
            float[] std) {
        int[] train = content.indices(DatasetArchive.TRAIN);
        if (train.length < 2) {
            throw ApiException.badRequest("file", "the data set leaves " + train.length
                    + " training samples after the split; it needs at least 2");
        }
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        String[] parts = {DatasetData.TRAIN, DatasetData.VAL, DatasetData.TEST};
        for (int p = 0; p < parts.length; p++) {
            Map<String, Integer> perClass = new LinkedHashMap<>();
            classes.forEach(c -> perClass.put(c, 0));
            for (int i : content.indices((byte) p)) {
                perClass.merge(classes.get(labels[i]), 1, Integer::sum);
            }
            counts.put(parts[p], perClass);
        }
        ArtifactInfo info = writeArchive(content);
        // Re-importing the same data (a built-in twice, the same upload twice) must not add a version.
        Optional<DatasetVersion> same = repository.findByContent(name, info.sha256(), Caller.currentOrSystem());
        if (same.isPresent()) {
            return new Imported(same.get(), false);
        }
        DatasetVersion row = new DatasetVersion(0, name, 0, source, kind, shape, classes.size(), classes, counts,
                options.seed(), options.valFraction(), official ? 0 : options.testFraction(), official, train.length,
                content.indices(DatasetArchive.VAL).length, content.indices(DatasetArchive.TEST).length, mean, std,
                info.sha256(), info.sizeBytes(), null, null, null);
        // The creator owns it: the uploading key, or the key whose import job is running.
        DatasetVersion saved = repository.insertNextVersion(row, Caller.currentOrSystem(), json);
        synchronized (cache) {
            cache.put(saved.artifactSha(), content);
        }
        return new Imported(saved, true);
    }

    private ArtifactInfo writeArchive(DatasetArchive.Content content) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("dataset-", ".npz");
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                DatasetArchive.write(content, out);
            }
            return artifacts.putFile(tmp, NPZ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write data set archive", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** The version if the current caller may see it; otherwise 404, as if it did not exist. */
    public DatasetVersion get(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    /**
     * The data set a job request names: by {@code datasetId}, or by {@code datasetName} and an optional
     * {@code datasetVersion} (default the latest), among those the current caller may see (the job's owner,
     * when a worker resolves it). Errors name the request field.
     */
    public DatasetVersion resolve(Long datasetId, String datasetName, Integer datasetVersion) {
        if (datasetId != null) {
            return find(datasetId).orElseThrow(() -> ApiException.badRequest("datasetId",
                    "data set " + datasetId + " does not exist"));
        }
        if (datasetName != null) {
            return find(datasetName, datasetVersion).orElseThrow(() -> ApiException.badRequest("datasetName",
                    "no data set '" + datasetName + "'" + (datasetVersion == null ? "" : " version " + datasetVersion)));
        }
        throw ApiException.badRequest("datasetId", "give datasetId, or datasetName (and optionally datasetVersion)");
    }

    /** The version if the current caller may see it. */
    public Optional<DatasetVersion> find(long id) {
        return repository.find(id, Caller.currentOrSystem());
    }

    /** A version by name that the current caller may see; {@code version} null means the latest. */
    public Optional<DatasetVersion> find(String name, Integer version) {
        return repository.find(name, version, Caller.currentOrSystem());
    }

    public Page<DatasetVersion> list(String name, Integer pageSize, String pageToken) {
        return IdKeyset.page(repository.scroll(name, IdKeyset.position(pageToken), PageToken.pageSize(pageSize),
                Caller.currentOrSystem()).map(DatasetEntity::toDatasetVersion), DatasetVersion::id);
    }

    /**
     * The version's content, from the cache or the artifact store. A caller that asks for an archive another
     * thread is reading (a job starting while {@link DatasetPreload} reads it) waits for that read instead of
     * reading it a second time.
     */
    public DatasetData load(DatasetVersion version) {
        String sha = version.artifactSha();
        synchronized (cache) {
            DatasetArchive.Content c = cache.get(sha);
            if (c != null) {
                return new DatasetData(version, c);
            }
        }
        CompletableFuture<DatasetArchive.Content> mine = new CompletableFuture<>();
        CompletableFuture<DatasetArchive.Content> running = reading.putIfAbsent(sha, mine);
        if (running != null) {
            try {
                return new DatasetData(version, running.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try (InputStream in = new java.io.BufferedInputStream(artifacts.open(sha), 1 << 16)) {
            DatasetArchive.Content content = DatasetArchive.read(in);
            synchronized (cache) {
                cache.put(sha, content);
            }
            mine.complete(content);
            return new DatasetData(version, content);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot read data set " + version.id(), e);
            mine.completeExceptionally(failure);
            throw failure;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            reading.remove(sha, mine);
        }
    }

    /** Whether the version's content is in the cache (no read needed). */
    boolean isCached(DatasetVersion version) {
        synchronized (cache) {
            return cache.containsKey(version.artifactSha());
        }
    }

    public DatasetData load(long id) {
        return load(get(id));
    }

    /** Streams the .npz artifact. */
    public void download(DatasetVersion version, java.io.OutputStream out) {
        artifacts.writeTo(version.artifactSha(), out);
    }

    /**
     * Training and test rows in one table: the columns must match, and test labels are mapped to the training
     * file's classes by name (a class only the test file has cannot be learned, so it is a 400).
     */
    static TabularDataset concat(TabularDataset train, TabularDataset test) {
        if (!train.featureNames().equals(test.featureNames())) {
            throw ApiException.badRequest("testFile", "test columns " + test.featureNames()
                    + " do not match training columns " + train.featureNames());
        }
        int[] map = new int[test.classNames().size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = train.classNames().indexOf(test.classNames().get(c));
            if (map[c] < 0) {
                throw ApiException.badRequest("testFile", "class '" + test.classNames().get(c)
                        + "' does not occur in the training file (classes " + train.classNames() + ")");
            }
        }
        float[] x = Arrays.copyOf(train.features(), train.features().length + test.features().length);
        System.arraycopy(test.features(), 0, x, train.features().length, test.features().length);
        int[] y = Arrays.copyOf(train.labels(), train.size() + test.size());
        for (int i = 0; i < test.size(); i++) {
            y[train.size() + i] = map[test.labels()[i]];
        }
        return new TabularDataset(x, y, train.featureNames(), train.classNames());
    }

    /** Training and official test images in one set; class names must agree (one may extend the other). */
    static ImageDataset concat(ImageDataset a, ImageDataset b) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
            throw ApiException.badRequest("testFile", "test images are " + b.channels() + "x" + b.height() + "x"
                    + b.width() + " but training images are " + a.channels() + "x" + a.height() + "x" + a.width());
        }
        List<String> longer = a.classNames().size() >= b.classNames().size() ? a.classNames() : b.classNames();
        List<String> shorter = longer == a.classNames() ? b.classNames() : a.classNames();
        if (!longer.subList(0, shorter.size()).equals(shorter)) {
            throw ApiException.badRequest("testFile", "test class names " + b.classNames()
                    + " do not match training class names " + a.classNames());
        }
        byte[] images = Arrays.copyOf(a.images(), a.images().length + b.images().length);
        System.arraycopy(b.images(), 0, images, a.images().length, b.images().length);
        int[] labels = Arrays.copyOf(a.labels(), a.size() + b.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new ImageDataset(images, labels, a.channels(), a.height(), a.width(), longer);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
