package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imclab.common.testsupport.SignedCallers.ADMIN;
import static org.imclab.common.testsupport.SignedCallers.ALICE;
import static org.imclab.common.testsupport.SignedCallers.BOB;
import static org.imclab.common.testsupport.SignedCallers.TEAMMATE;
import static org.imclab.common.testsupport.SignedCallers.as;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.registry.RegistryDataset;
import org.imclab.common.registry.RegistryModel;
import org.imclab.common.registry.TrainingRegistryClient;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.common.testsupport.SignedCallers;
import org.imclab.common.web.Caller;
import org.imclab.pruning.PruningServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * Tenancy of pruning-service through gateway-signed callers: pruning jobs and active-learning sessions are
 * a 404 to other keys (reads, events, cancel, batches, samples, labels), visible to their owner's project
 * and admins, and may reference only registry models, data sets and jobs their caller sees. The registry
 * stand-in answers as training-service's does: for the caller the request acts for. The worker is off, so
 * jobs stay QUEUED and no gradient job runs beside another test context's.
 */
@SpringBootTest(classes = PruningServiceApplication.class, properties = {"imclab.webhooks.enabled=false",
        "imclab.worker.enabled=false", SignedCallers.SECRET_PROPERTY})
class PruningServiceTenancyTest extends MockMvcDatabaseTest {

    @Autowired
    ArtifactStore artifacts;
    @MockitoBean
    TrainingRegistryClient registry;

    private final ModelSpec spec = PruningFixtures.smallVgg();

    /** Alice's model and data set (project alpha) and Bob's own pair, each shown only to who may see it. */
    @BeforeEach
    void registryWithTwoOwners() throws Exception {
        String weightsSha = PruningFixtures.storeRandomWeights(artifacts, spec, 21);
        String dataSha = PruningFixtures.storeNpz(artifacts, PruningFixtures.quadrants(20, 1, 12, 7));
        JsonNode specJson = json.readTree(spec.toJson());
        Map<String, Caller> owners = Map.of("alice-vgg", ALICE, "alice-data", ALICE, "bob-vgg", BOB, "bob-data", BOB);
        when(registry.findModel(anyString())).thenAnswer(call -> {
            String id = call.getArgument(0);
            return visible(owners.get(id)) ? Optional.of(new RegistryModel(id, specJson, weightsSha, "standard",
                    id.replace("vgg", "data"), null, null, null, null, specJson)) : Optional.empty();
        });
        when(registry.findDataset(anyString())).thenAnswer(call -> {
            String id = call.getArgument(0);
            return visible(owners.get(id)) ? Optional.of(new RegistryDataset(id, dataSha, null, new int[] {1, 12, 12},
                    PruningFixtures.CLASSES, null, null, null, null)) : Optional.empty();
        });
    }

    private static boolean visible(Caller owner) {
        return owner != null && Caller.currentOrSystem().canSee(owner.owner(), owner.project());
    }

    private MvcResult prune(Caller caller, String model, String data, String extra, String key) throws Exception {
        var req = post("/api/v1/pruning-jobs").with(as(caller)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"modelId\":\"" + model + "\",\"datasetId\":\"" + data + "\"" + extra + "}");
        return mvc.perform(key == null ? req : req.header("Idempotency-Key", key)).andReturn();
    }

    private static final String TARGET = ",\"targetMacReduction\":0.3";

    @Test
    void aPruningJobNamesOnlyModelsDataSetsAndJobsItsSubmitterSees() throws Exception {
        MvcResult r = prune(BOB, "alice-vgg", "bob-data", TARGET, null);
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("modelId");
        r = prune(BOB, "bob-vgg", "alice-data", TARGET, null);
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("datasetId");

        String alices = body(prune(ALICE, "alice-vgg", "alice-data", TARGET, null)).get("id").asString();
        r = prune(BOB, "bob-vgg", "bob-data", ",\"criterion\":\"RANDOM\",\"matchJobId\":\"" + alices + "\"", null);
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("matchJobId");
        assertThat(body(r).get("detail").asString()).contains("no pruning job");
        // The teammate sees Alice's job: it is refused only because it has not finished yet.
        r = prune(TEAMMATE, "alice-vgg", "alice-data", ",\"criterion\":\"RANDOM\",\"matchJobId\":\"" + alices + "\"",
                null);
        assertThat(body(r).get("detail").asString()).contains("has not finished");
        assertThat(prune(TEAMMATE, "alice-vgg", "alice-data", TARGET, null).getResponse().getStatus()).isEqualTo(202);
    }

    @Test
    void anotherKeysPruningJobIsNotFoundUnlistedAndNotCancellable() throws Exception {
        String job = body(prune(ALICE, "alice-vgg", "alice-data", TARGET, null)).get("id").asString();
        String base = "/api/v1/pruning-jobs/" + job;
        for (String path : List.of(base, base + "/iterations", base + "/events")) {
            mvc.perform(get(path).with(as(BOB))).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(post(base + "/cancel").with(as(BOB))).andExpect(status().isNotFound());
        assertThat(listed(BOB)).doesNotContain(job);
        for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
            mvc.perform(get(base).with(as(seer))).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("QUEUED"));
            mvc.perform(get(base + "/iterations").with(as(seer))).andExpect(status().isOk());
            assertThat(listed(seer)).contains(job);
        }
        mvc.perform(get(base + "/events").with(as(TEAMMATE))).andExpect(request().asyncStarted());
        mvc.perform(post(base + "/cancel").with(as(TEAMMATE))).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
    }

    private List<String> listed(Caller caller) throws Exception {
        List<String> ids = new ArrayList<>();
        body(mvc.perform(get("/api/v1/pruning-jobs").with(as(caller)).param("page_size", "100")).andReturn())
                .get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    @Test
    void theSameIdempotencyKeyFromTwoKeysMakesTwoPruningJobs() throws Exception {
        MvcResult alices = prune(ALICE, "alice-vgg", "alice-data", TARGET, "prune-key");
        MvcResult teammates = prune(TEAMMATE, "alice-vgg", "alice-data", TARGET, "prune-key");
        assertThat(teammates.getResponse().getStatus()).isEqualTo(202);
        assertThat(body(teammates).get("id")).isNotEqualTo(body(alices).get("id"));
        MvcResult again = prune(ALICE, "alice-vgg", "alice-data", TARGET, "prune-key");
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(again).get("id")).isEqualTo(body(alices).get("id"));
    }

    private MvcResult createSession(Caller caller, String dataset) throws Exception {
        return mvc.perform(post("/api/v1/active-learning/sessions").with(as(caller))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\":\"" + dataset + "\",\"classifier\":{\"type\":\"knn\",\"k\":1},"
                        + "\"strategy\":\"random\",\"batchSize\":2,\"initialCount\":8,\"seed\":3}")).andReturn();
    }

    @Test
    void anotherKeysActiveLearningSessionCannotBeReadOrLabelled() throws Exception {
        MvcResult created = createSession(ALICE, "builtin:digits");
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        JsonNode session = body(created);
        assertThat(session.get("owner").asString()).isEqualTo("key:1");
        String base = "/api/v1/active-learning/sessions/" + session.get("id").asString();
        int pending = session.get("pending").get(0).asInt();
        String label = "{\"labels\":[{\"id\":" + pending + ",\"label\":0}]}";

        for (String path : List.of(base, base + "/next-batch", base + "/samples/" + pending + ".png")) {
            mvc.perform(get(path).with(as(BOB))).andExpect(status().isNotFound());
        }
        mvc.perform(post(base + "/labels").with(as(BOB)).contentType(MediaType.APPLICATION_JSON).content(label))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get(base).with(as(ALICE))).andExpect(jsonPath("$.labelled").value(8));

        for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
            mvc.perform(get(base).with(as(seer))).andExpect(status().isOk());
            mvc.perform(get(base + "/next-batch").with(as(seer))).andExpect(status().isOk());
        }
        mvc.perform(post(base + "/labels").with(as(TEAMMATE)).contentType(MediaType.APPLICATION_JSON).content(label))
                .andExpect(status().isOk()).andExpect(jsonPath("$.labelled").value(9));
    }

    @Test
    void aSessionMayUseOnlyARegisteredDataSetItsCallerSeesEvenOnceItIsCached() throws Exception {
        assertThat(createSession(ALICE, "alice-data").getResponse().getStatus()).isEqualTo(201);
        // Alice's data set is now in the service's cache; Bob still may not use it.
        MvcResult bobs = createSession(BOB, "alice-data");
        assertThat(bobs.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bobs).get("errors").get(0).get("field").asString()).isEqualTo("datasetId");
        assertThat(createSession(TEAMMATE, "alice-data").getResponse().getStatus()).isEqualTo(201);
        assertThat(createSession(ADMIN, "alice-data").getResponse().getStatus()).isEqualTo(201);
    }
}
