package org.imclab.training.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imclab.common.testsupport.SignedCallers.ADMIN;
import static org.imclab.common.testsupport.SignedCallers.ALICE;
import static org.imclab.common.testsupport.SignedCallers.BOB;
import static org.imclab.common.testsupport.SignedCallers.TEAMMATE;
import static org.imclab.common.testsupport.SignedCallers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.TabularDataset;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.common.testsupport.SignedCallers;
import org.imclab.common.web.Caller;
import org.imclab.training.TrainingServiceApplication;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.training.datasets.SplitOptions;
import org.imclab.training.models.LoadedModel;
import org.imclab.training.models.ModelLoader;
import org.imclab.training.models.ModelRegistry;
import org.imclab.training.models.ModelVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * Tenancy of training-service through gateway-signed callers: data sets, models and training jobs are
 * visible to their owner, the owner's project and admins, and a 404 to anyone else; a job, an evaluation
 * or a registration can reference only what its caller sees, and so can a worker acting for a job's owner.
 * The worker is off (jobs stay QUEUED) so this context never runs a gradient job beside another's.
 */
@SpringBootTest(classes = TrainingServiceApplication.class, properties = {
        "imclab.webhooks.enabled=false",
        "imclab.worker.enabled=false",
        "imclab.datasets.npm-command=/nonexistent/npm",
        SignedCallers.SECRET_PROPERTY})
class TrainingTenancyTest extends MockMvcDatabaseTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws Exception {
        String home = Files.createTempDirectory("imclab-training-tenancy").toString();
        r.add("imclab.home", () -> home);
    }

    @Autowired
    ArtifactStore artifacts;
    @Autowired
    ModelLoader loader;
    @Autowired
    DatasetService datasets;
    @Autowired
    ModelRegistry models;

    private final ModelSpec mlp = ModelZoo.mlp(new int[] {2}, new int[] {8}, 3);

    private static String csv() {
        StringBuilder csv = new StringBuilder("a,b,species\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i * 0.5).append(',').append(i % 7).append(',').append("xyz".charAt(i % 3)).append('\n');
        }
        return csv.toString();
    }

    private JsonNode upload(Caller caller, String name) throws Exception {
        return upload(caller, name, 1L);
    }

    /** Uploads the test table; another split seed is other content, so it makes a new version. */
    private JsonNode upload(Caller caller, String name, long splitSeed) throws Exception {
        var file = new MockMultipartFile("file", "t.csv", "text/csv", csv().getBytes());
        return body(mvc.perform(multipart("/api/v1/datasets").file(file).with(as(caller)).param("name", name)
                .param("format", "csv").param("labelColumn", "species").param("splitSeed", Long.toString(splitSeed)))
                .andExpect(status().isCreated()).andReturn());
    }

    private Map<String, Object> registration(String name, Map<String, Object> lineage) throws Exception {
        String sha;
        try (LoadedModel m = loader.fresh(mlp, ModelVersion.STANDARD, 3)) {
            sha = artifacts.putBytes(SpecWeights.toBytes(m.block()), "application/octet-stream").sha256();
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("spec", json.readTree(mlp.toJson()));
        b.put("weightsSha", sha);
        b.put("lineage", lineage);
        return b;
    }

    private MvcResult register(Caller caller, Map<String, Object> body) throws Exception {
        return mvc.perform(post("/api/v1/models").with(as(caller)).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))).andReturn();
    }

    private List<Long> ids(Caller caller, String path, String name) throws Exception {
        List<Long> out = new ArrayList<>();
        body(mvc.perform(get(path).with(as(caller)).param("name", name).param("page_size", "100"))
                .andExpect(status().isOk()).andReturn()).get("items").forEach(i -> out.add(i.get("id").asLong()));
        return out;
    }

    @Test
    void dataSetsAreSeenByTheirOwnerProjectAndAdminsOnlyAndVersionsCountPerOwner() throws Exception {
        JsonNode alices = upload(ALICE, "tenancy-table");
        long id = alices.get("id").asLong();
        assertThat(alices.get("owner").asString()).isEqualTo("key:1");
        assertThat(alices.get("project").asString()).isEqualTo("alpha");

        for (String path : List.of("/api/v1/datasets/" + id, "/api/v1/datasets/" + id + "/download")) {
            mvc.perform(get(path).with(as(BOB))).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
                mvc.perform(get(path).with(as(seer))).andExpect(status().isOk());
            }
        }
        assertThat(ids(BOB, "/api/v1/datasets", "tenancy-table")).isEmpty();
        assertThat(ids(TEAMMATE, "/api/v1/datasets", "tenancy-table")).containsExactly(id);

        // Bob's upload of the same name is his version 1: numbers never reveal another key's uploads.
        JsonNode bobs = upload(BOB, "tenancy-table");
        assertThat(bobs.get("version").asInt()).isEqualTo(1);
        assertThat(upload(ALICE, "tenancy-table", 2L).get("version").asInt()).isEqualTo(2);
        assertThat(ids(BOB, "/api/v1/datasets", "tenancy-table")).containsExactly(bobs.get("id").asLong());
        assertThat(ids(ADMIN, "/api/v1/datasets", "tenancy-table")).hasSize(3);
    }

    @Test
    void aTrainingJobMayReferenceOnlyDataSetsAndModelsItsCallerSees() throws Exception {
        long data = upload(ALICE, "tenancy-train").get("id").asLong();
        long model = body(register(ALICE, registration("tenancy-parent", Map.of()))).get("id").asLong();

        String byId = "{\"datasetId\": " + data + ", \"model\": {\"name\": \"mlp\"}, \"epochs\": 1, \"batchSize\": 8}";
        mvc.perform(post("/api/v1/training-jobs").with(as(BOB)).contentType(MediaType.APPLICATION_JSON).content(byId))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("datasetId"));
        mvc.perform(post("/api/v1/training-jobs").with(as(BOB)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetName\": \"tenancy-train\", \"model\": {\"name\": \"mlp\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("datasetName"));
        long bobsData = upload(BOB, "tenancy-bob-train").get("id").asLong();
        mvc.perform(post("/api/v1/training-jobs").with(as(BOB)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": " + bobsData + ", \"parentModelId\": " + model + "}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("parentModelId"));

        String job = body(mvc.perform(post("/api/v1/training-jobs").with(as(TEAMMATE))
                .contentType(MediaType.APPLICATION_JSON).content(byId)).andExpect(status().isAccepted()).andReturn())
                .get("id").asString();
        mvc.perform(get("/api/v1/training-jobs/" + job).with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/training-jobs/" + job + "/events").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/training-jobs/" + job + "/cancel").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/runs/" + job).with(as(BOB))).andExpect(status().isNotFound());
        assertThat(body(mvc.perform(get("/api/v1/training-jobs").with(as(BOB))).andReturn()).get("items").size())
                .isZero();
        mvc.perform(get("/api/v1/training-jobs/" + job).with(as(ALICE))).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("QUEUED")).andExpect(jsonPath("$.owner").value("key:2"));
        mvc.perform(get("/api/v1/training-jobs/" + job + "/events").with(as(ADMIN))).andExpect(request().asyncStarted());
        mvc.perform(post("/api/v1/training-jobs/" + job + "/cancel").with(as(ALICE))).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
    }

    @Test
    void theSameIdempotencyKeyFromTwoKeysStartsTwoTrainingJobs() throws Exception {
        long alices = upload(ALICE, "tenancy-idem-a").get("id").asLong();
        long bobs = upload(BOB, "tenancy-idem-b").get("id").asLong();
        String a = submit(ALICE, alices, "same-key");
        String b = submit(BOB, bobs, "same-key");
        assertThat(b).isNotEqualTo(a);
        assertThat(submit(ALICE, alices, "same-key")).isEqualTo(a);
    }

    private String submit(Caller caller, long dataset, String key) throws Exception {
        return body(mvc.perform(post("/api/v1/training-jobs").with(as(caller)).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\": " + dataset + ", \"model\": {\"name\": \"mlp\"}, \"epochs\": 1, \"batchSize\": 8}"))
                .andReturn()).get("id").asString();
    }

    @Test
    void modelsAreSeenDownloadedEvaluatedAndUsedOnlyByTheirOwnerProjectAndAdmins() throws Exception {
        long data = upload(ALICE, "tenancy-eval").get("id").asLong();
        JsonNode model = body(register(ALICE, registration("tenancy-model", Map.of("jobId", "job-7"))));
        long id = model.get("id").asLong();
        assertThat(model.get("owner").asString()).isEqualTo("key:1");
        String evaluate = "{\"datasetId\": " + data + "}";
        String predict = "{\"inputs\": [[1, 2]]}";

        mvc.perform(get("/api/v1/models/" + id).with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/models/" + id + "/weights").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/models/" + id + "/evaluate").with(as(BOB)).contentType(MediaType.APPLICATION_JSON)
                .content(evaluate)).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/models/" + id + "/predict").with(as(BOB)).contentType(MediaType.APPLICATION_JSON)
                .content(predict)).andExpect(status().isNotFound());
        assertThat(ids(BOB, "/api/v1/models", "tenancy-model")).isEmpty();
        for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
            mvc.perform(get("/api/v1/models/" + id).with(as(seer))).andExpect(status().isOk());
            mvc.perform(get("/api/v1/models/" + id + "/weights").with(as(seer))).andExpect(status().isOk());
            assertThat(ids(seer, "/api/v1/models", "tenancy-model")).containsExactly(id);
        }
        mvc.perform(post("/api/v1/models/" + id + "/evaluate").with(as(TEAMMATE))
                .contentType(MediaType.APPLICATION_JSON).content(evaluate)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/models/" + id + "/predict").with(as(ADMIN))
                .contentType(MediaType.APPLICATION_JSON).content(predict)).andExpect(status().isOk());

        // Bob's own model cannot be evaluated on Alice's data set, nor descend from her model.
        long bobsModel = body(register(BOB, registration("tenancy-bob-model", Map.of()))).get("id").asLong();
        mvc.perform(post("/api/v1/models/" + bobsModel + "/evaluate").with(as(BOB))
                        .contentType(MediaType.APPLICATION_JSON).content(evaluate))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("datasetId"));
        mvc.perform(post("/api/v1/models").with(as(BOB)).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(registration("tenancy-child", Map.of("parentModelId", id)))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lineage.parentModelId"));

        // Registration is idempotent per job for its owner only: Bob naming Alice's job id gets his own model.
        MvcResult again = register(ALICE, registration("tenancy-model", Map.of("jobId", "job-7")));
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(again).get("id").asLong()).isEqualTo(id);
        MvcResult bobs = register(BOB, registration("tenancy-model", Map.of("jobId", "job-7")));
        assertThat(bobs.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(bobs).get("id").asLong()).isNotEqualTo(id);
        assertThat(body(bobs).get("version").asInt()).isEqualTo(1);
    }

    /** What a worker does: it binds the job's owner, and resolves references as that owner. */
    @Test
    void aWorkerActingForAJobsOwnerResolvesOnlyWhatThatOwnerSees() throws Exception {
        DatasetVersion stored;
        try (Caller.Binding job = Caller.bind(ALICE)) {
            // A built-in import runs in a job: what it stores belongs to the job's owner.
            stored = datasets.importTable("tenancy-builtin", "builtin:test", new TabularDataset(
                    new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, new int[] {0, 1, 0, 1, 0, 1},
                    List.of("f0", "f1"), List.of("no", "yes")), SplitOptions.of(1L, null, null)).version();
        }
        assertThat(stored.owner()).isEqualTo("key:1");
        assertThat(stored.project()).isEqualTo("alpha");
        long modelId;
        try (Caller.Binding job = Caller.bind(ALICE)) {
            modelId = models.register("tenancy-worker-model", ModelVersion.STANDARD, mlp, weights(), Map.of(),
                    Map.of("jobId", "job-w")).id();
        }
        try (Caller.Binding job = Caller.bind(new Caller("key:3", Caller.Scope.SUBMIT, null))) {
            assertThat(datasets.find(stored.id())).isEmpty();
            assertThat(datasets.find("tenancy-builtin", null)).isEmpty();
            assertThat(models.find(modelId)).isEmpty();
        }
        try (Caller.Binding job = Caller.bind(TEAMMATE)) {
            assertThat(datasets.find(stored.id())).isPresent();
            assertThat(models.find(modelId)).get().extracting(ModelVersion::owner).isEqualTo("key:1");
        }
    }

    private byte[] weights() throws Exception {
        try (LoadedModel m = loader.fresh(mlp, ModelVersion.STANDARD, 5)) {
            return SpecWeights.toBytes(m.block());
        }
    }
}
