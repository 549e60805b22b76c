package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.pruning.PruningServiceApplication;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The active-learning REST API on the real service and a real database: sessions (validation, PNGs,
 * surviving a restart of the whole Spring context between batches) and study jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActiveLearningApiTest {

    private static final String DB = TestDatabase.freshDatabaseUrl();
    private static final PoolData DIGITS = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static ConfigurableApplicationContext context;
    private static MockMvc mvc;

    @BeforeAll
    static void start() throws Exception {
        boot();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * Keeps other modules' and features' test applications (@SpringBootConfiguration classes on the test
     * classpath under org.imclab) out of PruningServiceApplication's component scan, so the context is
     * exactly the production one.
     */
    static final class OtherTestApplications extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasMetaAnnotation(SpringBootConfiguration.class.getName())
                    || reader.getAnnotationMetadata().hasAnnotation(SpringBootConfiguration.class.getName())
                    ? !reader.getClassMetadata().getClassName().equals(PruningServiceApplication.class.getName())
                    : false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OtherTestApplications;
        }

        @Override
        public int hashCode() {
            return OtherTestApplications.class.hashCode();
        }
    }

    private static void boot() throws Exception {
        context = startService(DB, "--imclab.worker.poll=200ms");
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
    }

    /**
     * pruning-service on {@code database} without webhooks, with a cache of its own and no registry behind it
     * (port 9: built-in data sets only), plus {@code settings} (command-line arguments).
     */
    static ConfigurableApplicationContext startService(String database, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.server().user(),
                "--spring.datasource.password=" + TestDatabase.server().password(),
                "--server.port=0",
                "--imclab.webhooks.enabled=false",
                "--imclab.artifacts.cache-dir=" + Files.createTempDirectory("al-cache"),
                "--imclab.training.url=http://127.0.0.1:9"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(PruningServiceApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("activeLearningTestExcludes",
                        new OtherTestApplications()))
                .run(args.toArray(String[]::new));
    }

    /** Waits until study {@code job} succeeded (failing at once if it failed or was cancelled); its result. */
    private static JsonNode awaitResult(String job) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String state = body(mvc.perform(get("/api/v1/active-learning/studies/" + job)).andReturn()).get("state")
                    .asString();
            assertThat(state).isNotIn("FAILED", "CANCELLED");
            return state.equals("SUCCEEDED");
        });
        return body(mvc.perform(get("/api/v1/active-learning/studies/" + job)).andReturn()).get("result");
    }

    private static JsonNode body(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString());
    }

    private static String createKnnSession(String strategy) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/active-learning/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:digits\",\"classifier\":{\"type\":\"knn\",\"k\":1},"
                                + "\"strategy\":\"" + strategy + "\",\"batchSize\":5,\"initialCount\":20,\"seed\":3}"))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.labelled").value(20))
                .andExpect(jsonPath("$.pending.length()").value(5))
                .andExpect(jsonPath("$.images").value(true))
                .andReturn();
        return body(r).get("id").asString();
    }

    private static String labelsFor(List<Integer> ids) {
        List<String> items = new ArrayList<>();
        for (int id : ids) {
            items.add("{\"id\":" + id + ",\"label\":" + DIGITS.data().y()[id] + "}");
        }
        return "{\"labels\":[" + String.join(",", items) + "]}";
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    @Order(1)
    void invalidIdsAndLabelsAreRejectedNamingTheEntry() throws Exception {
        String id = createKnnSession("margin");
        JsonNode batch = body(mvc.perform(get("/api/v1/active-learning/sessions/" + id + "/next-batch")).andReturn());
        List<Integer> pending = ids(batch.get("ids"));
        int notPending = java.util.Arrays.stream(DIGITS.poolIds()).filter(p -> !pending.contains(p)).findFirst().getAsInt();
        int testId = DIGITS.testIds()[0];
        String url = "/api/v1/active-learning/sessions/" + id + "/labels";
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"labels\":[{\"id\":" + pending.get(0) + ",\"label\":1},{\"id\":" + notPending
                                + ",\"label\":2}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("labels[1].id"));
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"labels\":[{\"id\":" + testId + ",\"label\":1}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labels[0].id"))
                .andExpect(jsonPath("$.errors[0].message").value(testId + " is not in the pool"));
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"labels\":[{\"id\":" + pending.get(0) + ",\"label\":10}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labels[0].label"));
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"labels\":[{\"id\":" + pending.get(0) + ",\"label\":1},{\"id\":" + pending.get(0)
                                + ",\"label\":1}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labels[1].id"));
        // Nothing was stored by the rejected requests.
        mvc.perform(get("/api/v1/active-learning/sessions/" + id)).andExpect(jsonPath("$.labelled").value(20))
                .andExpect(jsonPath("$.round").value(0));
        mvc.perform(post("/api/v1/active-learning/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:digits\",\"classifier\":{\"type\":\"knn\"},"
                                + "\"strategy\":\"oracle\",\"batchSize\":5}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("strategy"));
        mvc.perform(post("/api/v1/active-learning/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:nope\",\"classifier\":{\"type\":\"knn\"},"
                                + "\"strategy\":\"random\",\"batchSize\":5}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("datasetId"));
        mvc.perform(get("/api/v1/active-learning/sessions/" + UUID.randomUUID())).andExpect(status().isNotFound());
    }

    @Test
    @Order(2)
    void studyJobProducesTrackedCurvesAndASummary() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/active-learning/studies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:digits\",\"classifier\":{\"type\":\"svm\",\"c\":10},"
                                + "\"strategies\":[\"random\",\"margin\",\"deepfool\"],\"seeds\":[1],"
                                + "\"initialLabelled\":20,\"batchSize\":20,\"budget\":60,\"targetAccuracy\":0.8,"
                                + "\"experiment\":\"al-test\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andReturn();
        String job = body(r).get("id").asString();
        JsonNode result = awaitResult(job);
        assertThat(result.get("curves").size()).isEqualTo(3);
        assertThat(result.get("summaries").get("deepfool").get("mean").size()).isEqualTo(3);
        assertThat(result.get("summaries").get("random").get("aulc").asDouble()).isBetween(0.3, 1.0);
        TrackingStore tracking = context.getBean(TrackingStore.class);
        List<MetricPoint> points = tracking.metricHistory(UUID.fromString(job), "acc/margin/seed1");
        assertThat(points).extracting(MetricPoint::step).containsExactly(20L, 40L, 60L);
        assertThat(tracking.getRun(UUID.fromString(job)).artifacts()).anyMatch(a -> a.name().equals("al-study.json"));
        mvc.perform(post("/api/v1/active-learning/studies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:digits\",\"classifier\":{\"type\":\"knn\"},"
                                + "\"strategies\":[\"random\",\"nope\"],\"seeds\":[1],"
                                + "\"initialLabelled\":20,\"batchSize\":20,\"budget\":60}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("strategies[1]"));
    }

    @Test
    @Order(2)
    void studyWithOnlyADataSetRunsWithPoolSizedDefaults() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/active-learning/studies").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\":\"builtin:digits\"}"))
                .andExpect(status().isAccepted())
                .andReturn();
        String job = body(r).get("id").asString();
        JsonNode result = awaitResult(job);
        int pool = DIGITS.poolIds().length;
        // 1 % of the pool (>= one per class), a fifth of the pool as budget, ten rounds, 1-NN, random vs deepfool.
        assertThat(result.get("initialLabelled").asInt()).isEqualTo((int) Math.ceil(0.01 * pool));
        assertThat(result.get("budget").asInt()).isEqualTo((int) Math.round(0.2 * pool));
        assertThat(result.get("batchSize").asInt()).isEqualTo((int) Math.ceil(
                (result.get("budget").asInt() - result.get("initialLabelled").asInt()) / 10.0));
        assertThat(result.get("classifier").get("type").asString()).isEqualTo("knn");
        assertThat(result.get("summaries").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("random", "deepfool");
        JsonNode randomMean = result.get("summaries").get("random").get("mean");
        assertThat(randomMean.size()).isEqualTo(11);
        assertThat(randomMean.get(10).asDouble()).isGreaterThan(0.9);
    }

    @Test
    @Order(2)
    void unknownFieldsInStudiesAndSessionsAreRejectedNamingThem() throws Exception {
        for (String[] c : new String[][] {
                {"/api/v1/active-learning/studies", "{\"datasetId\":\"builtin:digits\",\"budjet\":50}", "budjet"},
                {"/api/v1/active-learning/studies",
                        "{\"datasetId\":\"builtin:digits\",\"classifier\":{\"type\":\"knn\",\"neighbours\":3}}",
                        "classifier.neighbours"},
                {"/api/v1/active-learning/sessions", "{\"datasetId\":\"builtin:digits\",\"classifier\":"
                        + "{\"type\":\"knn\"},\"strategy\":\"margin\",\"batchSize\":5,\"seeed\":1}", "seeed"}}) {
            mvc.perform(post(c[0]).contentType(MediaType.APPLICATION_JSON).content(c[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value(c[2]))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(c[2])));
        }
    }

    @Test
    @Order(3)
    void sessionSurvivesARestartBetweenBatches() throws Exception {
        String id = createKnnSession("deepfool");
        String base = "/api/v1/active-learning/sessions/" + id;
        JsonNode batch = body(mvc.perform(get(base + "/next-batch").param("images", "true"))
                .andExpect(status().isOk()).andReturn());
        List<Integer> first = ids(batch.get("ids"));
        assertThat(batch.get("images").get(0).get("png").asString()).startsWith("data:image/png;base64,");
        byte[] png = mvc.perform(get(base + "/samples/" + first.get(0) + ".png"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        JsonNode labelled = body(mvc.perform(post(base + "/labels").contentType(MediaType.APPLICATION_JSON)
                        .content(labelsFor(first)))
                .andExpect(status().isOk()).andReturn());
        assertThat(labelled.get("labelled").asInt()).isEqualTo(25);
        assertThat(labelled.get("accuracy").asDouble()).isBetween(0.3, 1.0);
        List<Integer> second = ids(labelled.get("next").get("ids"));
        assertThat(second).hasSize(5).doesNotContainAnyElementsOf(first);

        context.close();
        boot();

        mvc.perform(get(base))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.labelled").value(25))
                .andExpect(jsonPath("$.round").value(1))
                .andExpect(jsonPath("$.history.length()").value(2))
                .andExpect(jsonPath("$.accuracy").value(labelled.get("accuracy").asDouble()));
        List<Integer> pendingAfterRestart = ids(body(mvc.perform(get(base + "/next-batch")).andReturn()).get("ids"));
        assertThat(pendingAfterRestart).containsExactlyElementsOf(second);
        JsonNode again = body(mvc.perform(post(base + "/labels").contentType(MediaType.APPLICATION_JSON)
                        .content(labelsFor(second)))
                .andExpect(status().isOk()).andReturn());
        assertThat(again.get("labelled").asInt()).isEqualTo(30);
        assertThat(again.get("round").asInt()).isEqualTo(2);
        // Labels already given are rejected after the restart as well.
        mvc.perform(post(base + "/labels").contentType(MediaType.APPLICATION_JSON).content(labelsFor(first.subList(0, 1))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labels[0].id"));
    }
}
