package org.imclab.hwsim.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imclab.common.testsupport.SignedCallers.ADMIN;
import static org.imclab.common.testsupport.SignedCallers.ALICE;
import static org.imclab.common.testsupport.SignedCallers.BOB;
import static org.imclab.common.testsupport.SignedCallers.TEAMMATE;
import static org.imclab.common.testsupport.SignedCallers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.common.testsupport.SignedCallers;
import org.imclab.common.web.Caller;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.ModelSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Tenancy of simulation jobs through gateway-signed callers: another key's simulation is a 404 on get,
 * events and cancel and absent from the list; Idempotency-Keys are per key; and a simulation may name only
 * a registered model its submitter sees. The registry stand-in answers as training-service's registry
 * does: for the caller the request (or the job's worker) acts for. The worker is off, so jobs stay QUEUED.
 */
@SpringBootTest(classes = HardwareSimServiceApplication.class, properties = {"imclab.worker.enabled=false",
        "imclab.webhooks.enabled=false", SignedCallers.SECRET_PROPERTY})
@Import(SimulationTenancyTest.OwnedModels.class)
class SimulationTenancyTest extends MockMvcDatabaseTest {

    /** One registered model, Alice's in project alpha, shown only to callers who may see it. */
    @TestConfiguration
    static class OwnedModels {
        @Bean
        @Primary
        ModelSource ownedModels() {
            ModelSource.ModelDescription lenet = new ModelSource.ModelDescription("alice-lenet",
                    ModelZoo.byName("lenet5", new int[] {1, 28, 28}, 10), "standard", null);
            return new ModelSource() {
                @Override
                public Optional<ModelDescription> describe(String modelId) {
                    boolean visible = Caller.currentOrSystem().canSee(ALICE.owner(), ALICE.project());
                    return lenet.id().equals(modelId) && visible ? Optional.of(lenet) : Optional.empty();
                }

                @Override
                public EvaluableModel load(String modelId) {
                    throw new IllegalArgumentException("no weights in this test");
                }
            };
        }
    }

    private static final String COST = "{\"type\": \"COST\", \"model\": {\"modelId\": \"alice-lenet\"}}";

    private MvcResult submit(Caller caller, String body, String key) throws Exception {
        var req = post("/api/v1/simulations").with(as(caller)).contentType(MediaType.APPLICATION_JSON).content(body);
        return mvc.perform(key == null ? req : req.header("Idempotency-Key", key)).andReturn();
    }

    private List<String> listed(Caller caller) throws Exception {
        List<String> ids = new ArrayList<>();
        body(mvc.perform(get("/api/v1/simulations").with(as(caller)).param("page_size", "100")).andReturn())
                .get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    @Test
    void aSimulationNamesOnlyModelsItsSubmitterSees() throws Exception {
        mvc.perform(post("/api/v1/simulations").with(as(BOB)).contentType(MediaType.APPLICATION_JSON).content(COST))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("model.modelId"));
        for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
            assertThat(submit(seer, COST, null).getResponse().getStatus()).isEqualTo(202);
        }
    }

    @Test
    void anotherKeysSimulationIsNotFoundUnlistedAndNotCancellable() throws Exception {
        String job = body(submit(ALICE, COST, null)).get("id").asString();
        mvc.perform(get("/api/v1/simulations/" + job).with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/simulations/" + job + "/events").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/simulations/" + job + "/cancel").with(as(BOB))).andExpect(status().isNotFound());
        assertThat(listed(BOB)).doesNotContain(job);
        for (Caller seer : List.of(ALICE, TEAMMATE, ADMIN)) {
            mvc.perform(get("/api/v1/simulations/" + job).with(as(seer))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.state").value("QUEUED"));
            assertThat(listed(seer)).contains(job);
        }
        mvc.perform(get("/api/v1/simulations/" + job + "/events").with(as(TEAMMATE))).andExpect(request().asyncStarted());
        mvc.perform(post("/api/v1/simulations/" + job + "/cancel").with(as(ADMIN))).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
    }

    @Test
    void theSameIdempotencyKeyFromTwoKeysMakesTwoSimulations() throws Exception {
        String zoo = "{\"type\": \"COST\", \"model\": {\"zoo\": \"lenet5\", \"input\": [1, 28, 28], \"classes\": 10}}";
        String alices = body(submit(ALICE, zoo, "sim-key")).get("id").asString();
        MvcResult bobs = submit(BOB, zoo, "sim-key");
        assertThat(bobs.getResponse().getStatus()).isEqualTo(202);
        assertThat(body(bobs).get("id").asString()).isNotEqualTo(alices);
        MvcResult again = submit(ALICE, zoo, "sim-key");
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(again).get("id").asString()).isEqualTo(alices);
    }
}
