package org.imclab.hwsim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** A misspelt or unknown field, at the top or nested, is a 400 naming it, never silently dropped. */
@SpringBootTest(classes = HardwareSimServiceApplication.class,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false"})
class UnknownFieldsTest extends MockMvcDatabaseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"COST\",\"model\":{\"zoo\":\"lenet5\",\"input\":[1,28,28],\"classes\":10},\"crossbarBudgett\":64}|crossbarBudgett",
        "{\"type\":\"COST\",\"model\":{\"zoo\":\"lenet5\",\"input\":[1,28,28],\"classes\":10,\"clases\":10}}|model.clases",
        "{\"type\":\"COST\",\"model\":{\"zoo\":\"lenet5\",\"input\":[1,28,28],\"classes\":10},\"basisN\":{\"basisSize\":64,\"bits\":4}}|basisN.bits",
        "{\"type\":\"NOISY_ACCURACY\",\"model\":{\"zoo\":\"lenet5\",\"input\":[1,28,28],\"classes\":10},\"noise\":{\"sigmas\":[0.1],\"sigma\":1}}|noise.sigma",
        "{\"type\":\"COST\",\"model\":{\"spec\":{\"name\":\"m\",\"input\":[4],\"classes\":2,\"layers\":"
                + "[{\"name\":\"fc\",\"type\":\"linear\",\"out\":2,\"outs\":3}]}}}|model.spec.layers[0].outs"})
    void unknownFieldIs400NamingIt(String body, String field) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/simulations").contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(400);
        JsonNode problem = json.readTree(r.getResponse().getContentAsString());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).contains(field);
    }
}
