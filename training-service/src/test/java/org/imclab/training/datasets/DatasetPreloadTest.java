package org.imclab.training.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.training.support.ServiceTest;
import org.imclab.training.support.WideRangeTable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Start-up preloading of the most recently trained data sets, and the shared read behind it: a fresh
 * {@link DatasetService} (an empty cache, as after a restart) over the test service's database.
 */
class DatasetPreloadTest extends ServiceTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    DatasetService service;

    /** Counts the archive reads that reach the store. */
    private final AtomicInteger opens = new AtomicInteger();

    @Test
    void theDataSetOfTheLastTrainingJobIsReadIntoTheCacheAndReadsAreShared() throws Exception {
        long older = importTable("preload-older", 21);
        long newer = importTable("preload-newer", 22);
        train(older);
        train(newer);

        DatasetService fresh = freshService();
        DatasetPreload preload = new DatasetPreload(fresh, dataSource, "training", new DatasetPreload.Settings(1));
        assertThat(preload.recentlyTrained()).as("newest first, at most 'recent'").containsExactly(newer);
        DatasetVersion version = service.get(newer);
        assertThat(fresh.isCached(version)).isFalse();
        assertThat(preload.run()).extracting(DatasetVersion::id).containsExactly(newer);
        assertThat(fresh.isCached(version)).isTrue();
        assertThat(fresh.isCached(service.get(older))).isFalse();
        assertThat(new DatasetPreload(fresh, dataSource, "training", new DatasetPreload.Settings(2)).recentlyTrained())
                .containsExactly(newer, older);
        assertThat(new DatasetPreload(fresh, dataSource, "hwsim", new DatasetPreload.Settings(2)).recentlyTrained())
                .as("only this service's runs").isEmpty();

        // Eight threads asking a cold cache for one archive at once: it is read from the store once.
        DatasetService cold = freshService();
        opens.set(0);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DatasetData>> loads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                loads.add(pool.submit(() -> {
                    go.await();
                    return cold.load(version);
                }));
            }
            go.countDown();
            for (Future<DatasetData> f : loads) {
                assertThat(f.get().content().table().size()).isEqualTo(600 + 300);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(opens.get()).isEqualTo(1);
    }

    private DatasetService freshService() throws Exception {
        ArtifactStore store = new ArtifactStore(dataSource, Files.createTempDirectory("preload-cache"), 1 << 20) {
            @Override
            public InputStream open(String sha) {
                opens.incrementAndGet();
                return super.open(sha);
            }
        };
        return DatasetService.standalone(dataSource, store, JsonMapper.builder().build());
    }

    private long importTable(String name, long seed) throws Exception {
        return body(mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "train.csv", "text/csv", WideRangeTable.csv(600, seed)))
                        .file(new MockMultipartFile("testFile", "test.csv", "text/csv", WideRangeTable.csv(300, seed + 100)))
                        .param("name", name).param("format", "csv"))
                .andExpect(status().isCreated()).andReturn()).get("id").asLong();
    }

    private void train(long dataset) throws Exception {
        String id = body(mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"datasetId": %d, "model": {"name": "mlp", "options": {"hidden": [8]}}, "epochs": 1,
                         "batchSize": 64, "threads": 1}""".formatted(dataset)))
                .andExpect(status().isAccepted()).andReturn()).get("id").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> body(
                mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn()).get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
    }
}
