package org.imclab.training.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.training.TrainingLoop;
import org.imclab.training.support.GeneratedCifar;
import org.imclab.training.support.MnistSubset;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * Training through the HTTP API on the committed MNIST subset: accuracy, tracking, checkpoints, the
 * registered model, evaluation and prediction; ResNet-20 on a generated CIFAR-layout file; validation.
 */
class TrainingApiTest extends ServiceTest {

    private static Long mnistId;

    private long mnist() throws Exception {
        if (mnistId == null) {
            MvcResult r = mvc.perform(multipart("/api/v1/datasets")
                            .file(part("file", MnistSubset.bytes("train-images-idx3-ubyte.gz")))
                            .file(part("labelsFile", MnistSubset.bytes("train-labels-idx1-ubyte.gz")))
                            .file(part("testFile", MnistSubset.bytes("t10k-images-idx3-ubyte.gz")))
                            .file(part("testLabelsFile", MnistSubset.bytes("t10k-labels-idx1-ubyte.gz")))
                            .param("name", "mnist-ci").param("format", "idx"))
                    .andExpect(status().isCreated()).andReturn();
            mnistId = body(r).get("id").asLong();
        }
        return mnistId;
    }

    private static MockMultipartFile part(String name, byte[] content) {
        return new MockMultipartFile(name, name, MediaType.APPLICATION_OCTET_STREAM_VALUE, content);
    }

    private JsonNode submitAndWait(String request, Duration limit) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content(request))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andReturn();
        String id = body(r).get("id").asString();
        await().atMost(limit).pollInterval(Duration.ofMillis(500)).until(() -> body(
                mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn()).get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode job = body(mvc.perform(get("/api/v1/training-jobs/" + id)).andReturn());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    @Test
    void lenet5OnTheMnistSubsetReachesNinetyPercentInBatchSlicesAndIsRegistered() throws Exception {
        long data = mnist();
        JsonNode job = submitAndWait("""
                {"datasetId": %d, "model": {"name": "lenet5"}, "optimizer": "adam", "learningRate": 0.002,
                 "epochs": 4, "batchSize": 32, "seed": 1, "threads": 2, "experiment": "ci-mnist",
                 "modelName": "lenet5-mnist-ci"}""".formatted(data), Duration.ofMinutes(5));
        JsonNode result = job.get("result");
        assertThat(result.get("testAccuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
        assertThat(result.get("testSamples").asInt()).isEqualTo(1000);
        assertThat(result.get("epochs").asInt()).isEqualTo(4);
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        String runId = job.get("id").asString();

        // One tracked value per epoch and metric, with step = epoch.
        for (String key : List.of("train_loss", "train_acc", "val_loss", "val_acc", "lr", "samples_per_sec")) {
            JsonNode history = body(mvc.perform(get("/api/v1/runs/" + runId + "/metrics/" + key)).andReturn());
            assertThat(history).as(key).hasSize(4);
            for (int e = 0; e < 4; e++) {
                assertThat(history.get(e).get("step").asLong()).isEqualTo(e + 1);
            }
        }
        mvc.perform(get("/api/v1/runs/" + runId))
                .andExpect(jsonPath("$.params.optimizer").value("adam"))
                .andExpect(jsonPath("$.params.batchSize").value("32"))
                .andExpect(jsonPath("$.tags.seed").value("1"))
                .andExpect(jsonPath("$.tags.threads").value("2"))
                // LeNet-5's forward pass is per sample, so each batch of 32 trained as 2 slices of 16 on 2 threads.
                .andExpect(jsonPath("$.tags['engine.batchSlices']").value("2"))
                .andExpect(jsonPath("$.metrics.test_acc").value(result.get("testAccuracy").asDouble()));
        mvc.perform(get("/api/v1/training-jobs/" + runId)).andExpect(jsonPath("$.attempts").value(1));

        long modelId = result.get("modelId").asLong();
        MvcResult m = mvc.perform(get("/api/v1/models/" + modelId))
                .andExpect(jsonPath("$.name").value("lenet5-mnist-ci"))
                .andExpect(jsonPath("$.kind").value("standard"))
                .andExpect(jsonPath("$.spec.name").value("lenet5"))
                .andExpect(jsonPath("$.lineage.datasetId").value(data))
                .andExpect(jsonPath("$.lineage.jobId").value(runId))
                .andExpect(jsonPath("$.metrics.test_acc").value(result.get("testAccuracy").asDouble()))
                .andReturn();
        assertThat(body(m).get("weightsSha").asString()).hasSize(64);

        // Evaluation: the confusion matrix covers exactly the test split.
        MvcResult ev = mvc.perform(post("/api/v1/models/" + modelId + "/evaluate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": " + data + ", \"split\": \"test\"}"))
                .andExpect(status().isOk()).andReturn();
        JsonNode eval = body(ev);
        long total = 0;
        long diagonal = 0;
        JsonNode cm = eval.get("confusionMatrix");
        assertThat(cm).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(cm.get(i)).hasSize(10);
            for (int j = 0; j < 10; j++) {
                total += cm.get(i).get(j).asLong();
                diagonal += i == j ? cm.get(i).get(j).asLong() : 0;
            }
        }
        assertThat(total).isEqualTo(1000);
        assertThat(eval.get("accuracy").asDouble()).isEqualTo(diagonal / 1000.0)
                .isEqualTo(result.get("testAccuracy").asDouble());
        assertThat(eval.get("perClassAccuracy").get("1").asDouble()).isGreaterThan(0.8);

        // Prediction from raw pixels (base64 uint8 and number arrays) agrees with the label for most images.
        ImageDataset test = MnistSubset.test();
        StringBuilder inputs = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            inputs.append(i == 0 ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(test.image(i)))
                    .append('"');
        }
        StringBuilder numbers = new StringBuilder("[");
        byte[] first = test.image(0);
        for (int k = 0; k < first.length; k++) {
            numbers.append(k == 0 ? "" : ",").append(first[k] & 0xff);
        }
        inputs.append(',').append(numbers).append("]]");
        JsonNode pred = body(mvc.perform(post("/api/v1/models/" + modelId + "/predict")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"inputs\": " + inputs + "}"))
                .andExpect(status().isOk()).andReturn());
        int right = 0;
        for (int i = 0; i < 20; i++) {
            JsonNode p = pred.get("predictions").get(i);
            double sum = 0;
            for (JsonNode v : p.get("probabilities")) {
                sum += v.asDouble();
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            right += p.get("predictedClass").asInt() == test.labels()[i] ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(17);
        assertThat(pred.get("predictions").get(20).get("probabilities"))
                .isEqualTo(pred.get("predictions").get(0).get("probabilities"));

        // Inputs are checked against the spec's input shape, naming the offending one.
        mvc.perform(post("/api/v1/models/" + modelId + "/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [\"" + Base64.getEncoder().encodeToString(test.image(0)) + "\", [1, 2, 3]]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inputs[1]"));
        mvc.perform(post("/api/v1/models/" + modelId + "/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [\"AAEC\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inputs[0]"));
        mvc.perform(post("/api/v1/models/" + modelId + "/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inputs"));

        // The downloaded weights load into a block built from the spec.
        byte[] weights = mvc.perform(get("/api/v1/models/" + modelId + "/weights")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (NDManager manager = NDManager.newBaseManager()) {
            SpecBlock block = new DjlModelBuilder().build(ModelZoo.lenet5(new int[] {1, 28, 28}, 10));
            TrainingLoop.initialize(block, manager, new int[] {1, 28, 28}, 0);
            SpecWeights.load(block, manager, new java.io.BufferedInputStream(new ByteArrayInputStream(weights)));
        }
        mvc.perform(get("/api/v1/models").param("name", "lenet5-mnist-ci"))
                .andExpect(jsonPath("$.items[0].id").value(modelId));
    }

    @Test
    void resnet20TrainsOnAGeneratedCifarLayoutFile() throws Exception {
        MvcResult up = mvc.perform(multipart("/api/v1/datasets").file(part("file", GeneratedCifar.batch(64, 11)))
                        .param("name", "cifar-layout-64").param("format", "cifar10").param("valFraction", "0.125")
                        .param("testFraction", "0.125"))
                .andExpect(status().isCreated()).andReturn();
        long data = body(up).get("id").asLong();
        JsonNode job = submitAndWait("""
                {"datasetId": %d, "model": {"name": "resnet20"}, "optimizer": "nesterov", "learningRate": 0.05,
                 "weightDecay": 0.0005, "schedule": "cosine", "epochs": 1, "batchSize": 16, "augment": true,
                 "seed": 3, "threads": 1}""".formatted(data), Duration.ofMinutes(5));
        String runId = job.get("id").asString();
        JsonNode loss = body(mvc.perform(get("/api/v1/runs/" + runId + "/metrics/train_loss")).andReturn());
        assertThat(loss).hasSize(1);
        assertThat(loss.get(0).get("value").asDouble()).isFinite().isPositive();
        assertThat(job.get("result").get("testSamples").asInt()).isEqualTo(body(up).get("testSize").asInt())
                .isPositive();
        mvc.perform(get("/api/v1/models/" + job.get("result").get("modelId").asLong()))
                .andExpect(jsonPath("$.spec.name").value("resnet20"))
                .andExpect(jsonPath("$.spec.input[0]").value(3));
    }

    @Test
    void badRequestsAreRejectedNamingTheField() throws Exception {
        long data = mnist();
        expect400("{\"datasetId\": 987654, \"model\": {\"name\": \"lenet5\"}}", "datasetId");
        expect400("{\"datasetName\": \"nope\", \"model\": {\"name\": \"lenet5\"}}", "datasetName");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"alexnet\"}}", "model.name");
        expect400("{\"datasetId\": " + data + "}", "model");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"lenet5\"}, \"learningRate\": 0}", "learningRate");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"lenet5\"}, \"learningRate\": -0.1}",
                "learningRate");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"lenet5\"}, \"epochs\": 0}", "epochs");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"lenet5\"}, \"epochs\": 5000}", "epochs");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"lenet5\"}, \"optimizer\": \"lbfgs\"}", "optimizer");
        expect400("{\"datasetId\": " + data + ", \"model\": {\"name\": \"lenet5\"}, \"augment\": true}", "augment");
        String cifarSpec = ModelZoo.lenet5(new int[] {3, 32, 32}, 10).toJson();
        expect400("{\"datasetId\": " + data + ", \"model\": {\"spec\": " + cifarSpec + "}}", "model");
        String fiveClasses = ModelZoo.lenet5(new int[] {1, 28, 28}, 5).toJson();
        expect400("{\"datasetId\": " + data + ", \"model\": {\"spec\": " + fiveClasses + "}}", "model");
        String broken = ModelZoo.lenet5(new int[] {1, 28, 28}, 10).toJson().replace("\"kernel\":5", "\"kernel\":0");
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"datasetId\": " + data + ", \"model\": {\"spec\": " + broken + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(org.hamcrest.Matchers.startsWith("model.spec.layers[")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("conv1")));
    }

    private void expect400(String body, String field) throws Exception {
        mvc.perform(post("/api/v1/training-jobs").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    @Test
    void analyzeAndZoo() throws Exception {
        mvc.perform(get("/api/v1/models/zoo")).andExpect(jsonPath("$.names").value(
                org.hamcrest.Matchers.hasItems("lenet5", "resnet20", "densenet121")));
        // LeNet-5 on 28x28 with padding 2: the classic 61,706 parameters.
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"name\": \"lenet5\"}, \"input\": [1, 28, 28], \"classes\": 10}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalParams").value(61706))
                .andExpect(jsonPath("$.layers[0].name").value("conv1"))
                .andExpect(jsonPath("$.layers[0].outShape[1]").value(28));
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"name\": \"resnet18\"}, \"input\": [3, 224, 224], \"classes\": 1000}"))
                .andExpect(jsonPath("$.totalParams").value(11_689_512))
                .andExpect(jsonPath("$.totalMacs").value(1_814_073_344L))
                .andExpect(jsonPath("$.totalOps").value(1_822_177_768L));
        String broken = ModelZoo.lenet5(new int[] {1, 28, 28}, 10).toJson().replace("\"out\":16", "\"out\":-16");
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"spec\": " + broken + "}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(org.hamcrest.Matchers.startsWith("model.spec.layers[3]")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("conv2")));
        mvc.perform(post("/api/v1/models/analyze").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": {\"name\": \"mlp\", \"options\": {\"hidden\": [0]}}, \"input\": [4]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.options.hidden"));
        mvc.perform(get("/api/v1/models/424242")).andExpect(status().isNotFound());
    }
}
