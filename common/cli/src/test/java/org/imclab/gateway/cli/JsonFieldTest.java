package org.imclab.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonFieldTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String input, String... pointers) throws Exception {
        return JsonField.run(pointers, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsEachValueOnItsOwnLine() throws Exception {
        String job = """
                {"id": "j1", "state": "SUCCEEDED", "result": {"modelId": 12, "testAccuracy": 0.9873,
                 "ok": true, "perClass": [0.99, 0.98], "lineage": {"datasetId": 3}, "note": null}}""";
        assertThat(run(job, "/result/modelId", "/result/testAccuracy", "/state", "/result/ok",
                "/result/perClass", "/result/lineage", "/result/perClass/1", "/result/note")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).containsExactly("12", "0.9873", "SUCCEEDED",
                "true", "[0.99,0.98]", "{\"datasetId\":3}", "0.98", "null");
    }

    @Test
    void aMissingFieldOrBadInputFailsTheStep() throws Exception {
        assertThat(run("{\"result\": {}}", "/result/modelId")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing at /result/modelId");
        assertThat(run("imclab: job failed", "/id")).isEqualTo(1);
        assertThat(run("{}", "result.modelId")).isEqualTo(2);
        assertThat(run("{}")).isEqualTo(2);
    }
}
