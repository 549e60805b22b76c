package org.imclab.training.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.imclab.training.support.ServiceTest;
import org.imclab.training.support.WideRangeTable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * Upload parts are never dropped silently: a CSV's testFile becomes the test split, a garbage one is a 400,
 * parts a format does not use are 400s naming them; re-imports of the same content return the version
 * that holds it instead of adding one.
 */
class UploadPartsApiTest extends ServiceTest {

    private static MockMultipartFile part(String name, byte[] content) {
        return new MockMultipartFile(name, name + ".csv", "text/csv", content);
    }

    private MvcResult uploadCsv(String name, byte[] train, byte[] test, String... params) throws Exception {
        var request = multipart("/api/v1/datasets").file(part("file", train));
        if (test != null) {
            request.file(part("testFile", test));
        }
        request.param("name", name).param("format", "csv");
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request).andReturn();
    }

    private void expect400(MvcResult r, String field) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(400);
        JsonNode problem = body(r);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).contains(field);
    }

    @Test
    void csvTestFileBecomesTheTestSplitAndValidationComesFromTheTrainingFile() throws Exception {
        MvcResult r = uploadCsv("own-split", WideRangeTable.csv(90, 1), WideRangeTable.csv(30, 2),
                "valFraction", "0.2");
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        JsonNode v = body(r);
        assertThat(v.get("testSize").asInt()).isEqualTo(30);
        assertThat(v.get("officialTest").asBoolean()).isTrue();
        assertThat(v.get("testFraction").asDouble()).isZero();
        assertThat(v.get("trainSize").asInt() + v.get("valSize").asInt()).isEqualTo(90);
        assertThat(v.get("valSize").asInt()).isEqualTo(18);
        assertThat(v.get("counts").get("test").get("eel").asInt()).isEqualTo(10);

        // A test file with only some of the classes maps them by name.
        byte[] onlyDogs = "a,b,n1,n2,n3,label\n3,0,1,2,3,dog\n3.1,0.2,4,5,6,dog\n".getBytes();
        JsonNode dogs = body(uploadCsv("own-split-dogs", WideRangeTable.csv(90, 1), onlyDogs));
        assertThat(dogs.get("counts").get("test").get("dog").asInt()).isEqualTo(2);
        assertThat(dogs.get("counts").get("test").get("cat").asInt()).isZero();
    }

    @Test
    void aTestFileThatIsNotTheSameTableIsRejectedNamingIt() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(5).nextBytes(garbage);
        expect400(uploadCsv("garbage-test", WideRangeTable.csv(60, 1), garbage), "testFile");
        expect400(uploadCsv("other-columns", WideRangeTable.csv(60, 1), "x,y,label\n1,2,cat\n3,4,dog\n".getBytes()),
                "testFile");
        expect400(uploadCsv("new-class", WideRangeTable.csv(60, 1), "a,b,n1,n2,n3,label\n1,2,3,4,5,fox\n".getBytes()),
                "testFile");
    }

    @Test
    void partsTheFormatDoesNotReadAreRejectedNamingThem() throws Exception {
        byte[] csv = WideRangeTable.csv(60, 1);
        expect400(uploadCsv("unused", csv, null, "coarse", "true"), "coarse");
        expect400(uploadCsv("unused", csv, null, "labelColum", "label"), "labelColum");
        expect400(uploadCsv("unused", csv, WideRangeTable.csv(30, 2), "testFraction", "0.3"), "testFraction");
        MvcResult extraFile = mvc.perform(multipart("/api/v1/datasets").file(part("file", csv))
                .file(part("labelsFile", csv)).param("name", "unused").param("format", "csv")).andReturn();
        expect400(extraFile, "labelsFile");
        mvc.perform(get("/api/v1/datasets").param("name", "unused"))
                .andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void uploadingTheSameContentTwiceReturnsTheExistingVersion() throws Exception {
        byte[] csv = WideRangeTable.csv(60, 3);
        MvcResult first = uploadCsv("twice", csv, null);
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        MvcResult second = uploadCsv("twice", csv, null);
        assertThat(second.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(second).get("id").asLong()).isEqualTo(body(first).get("id").asLong());
        assertThat(body(second).get("version").asInt()).isEqualTo(1);
        // Another split of the same rows is other content: a new version.
        MvcResult reseeded = uploadCsv("twice", csv, null, "splitSeed", "7");
        assertThat(reseeded.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(reseeded).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void importingABuiltinTwiceKeepsOneVersion() throws Exception {
        // scikit-learn's digits, the same file pruning-service ships: placed in the raw cache, no fetch needed.
        Path digits = Path.of("../pruning-service/src/main/resources/activelearning/digits.csv.gz");
        Assumptions.assumeTrue(Files.isRegularFile(digits), "digits.csv.gz is not in this checkout");
        Path cache = Files.createDirectories(HOME.resolve("datasets-raw").resolve("sklearn"));
        Files.copy(digits, cache.resolve("digits.csv.gz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonNode first = importBuiltin("digits");
        JsonNode second = importBuiltin("digits");
        assertThat(first.get("created").asBoolean()).isTrue();
        assertThat(second.get("created").asBoolean()).isFalse();
        assertThat(second.get("datasetId").asLong()).isEqualTo(first.get("datasetId").asLong());
        mvc.perform(get("/api/v1/datasets").param("name", "digits")).andExpect(jsonPath("$.items.length()").value(1));
    }

    private JsonNode importBuiltin(String name) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/datasets/builtin").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\"}")).andExpect(status().isAccepted()).andReturn();
        String location = r.getResponse().getHeader("Location");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> body(
                mvc.perform(get(location)).andReturn()).get("state").asString().matches("SUCCEEDED|FAILED"));
        JsonNode job = body(mvc.perform(get(location)).andReturn());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job.get("result");
    }
}
