package org.imclab.training.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.training.support.GeneratedCifar;
import org.imclab.training.support.MnistSubset;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** Data set upload, split, statistics, download and built-in import over HTTP on a real database. */
class DatasetApiTest extends ServiceTest {

    static MockMultipartFile part(String name, byte[] content) {
        return new MockMultipartFile(name, name + ".bin", MediaType.APPLICATION_OCTET_STREAM_VALUE, content);
    }

    static byte[] gunzip(byte[] gz) throws Exception {
        return new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    }

    @Test
    void idxUploadWithOfficialTestSetKeepsItAndCarvesValidationFromTraining() throws Exception {
        MvcResult r = mvc.perform(multipart("/api/v1/datasets")
                        .file(part("file", MnistSubset.bytes("train-images-idx3-ubyte.gz")))
                        .file(part("labelsFile", MnistSubset.bytes("train-labels-idx1-ubyte.gz")))
                        .file(part("testFile", gunzip(MnistSubset.bytes("t10k-images-idx3-ubyte.gz"))))
                        .file(part("testLabelsFile", MnistSubset.bytes("t10k-labels-idx1-ubyte.gz")))
                        .param("name", "mnist-subset-ds").param("format", "idx").param("splitSeed", "5")
                        .param("valFraction", "0.1"))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.kind").value("image"))
                .andExpect(jsonPath("$.shape[0]").value(1))
                .andExpect(jsonPath("$.shape[1]").value(28))
                .andExpect(jsonPath("$.numClasses").value(10))
                .andExpect(jsonPath("$.trainSize").value(2700))
                .andExpect(jsonPath("$.valSize").value(300))
                .andExpect(jsonPath("$.testSize").value(1000))
                .andExpect(jsonPath("$.officialTest").value(true))
                .andExpect(jsonPath("$.version").value(1))
                .andReturn();
        JsonNode v = body(r);
        // The test split is exactly the official test file: class counts as in its labels.
        assertThat(v.get("counts").get("test").get("1").asInt()).isEqualTo(126);
        int trainOnes = v.get("counts").get("train").get("1").asInt() + v.get("counts").get("val").get("1").asInt();
        assertThat(trainOnes).isEqualTo(339);
        // MNIST's mean intensity is about 0.13 and its standard deviation about 0.31.
        assertThat(v.get("mean").get(0).asDouble()).isBetween(0.11, 0.15);
        assertThat(v.get("std").get(0).asDouble()).isBetween(0.28, 0.33);

        // The same upload again has the same split for the same seed, so the same content: version 1 is
        // returned (200), nothing is added. Another seed is other content: version 2.
        MvcResult again = mvc.perform(multipart("/api/v1/datasets")
                        .file(part("file", MnistSubset.bytes("train-images-idx3-ubyte.gz")))
                        .file(part("labelsFile", MnistSubset.bytes("train-labels-idx1-ubyte.gz")))
                        .file(part("testFile", MnistSubset.bytes("t10k-images-idx3-ubyte.gz")))
                        .file(part("testLabelsFile", MnistSubset.bytes("t10k-labels-idx1-ubyte.gz")))
                        .param("name", "mnist-subset-ds").param("format", "idx").param("splitSeed", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.id").value(v.get("id").asLong()))
                .andReturn();
        assertThat(body(again).get("artifactSha").asString()).isEqualTo(v.get("artifactSha").asString());
        MvcResult reseeded = mvc.perform(multipart("/api/v1/datasets")
                        .file(part("file", MnistSubset.bytes("train-images-idx3-ubyte.gz")))
                        .file(part("labelsFile", MnistSubset.bytes("train-labels-idx1-ubyte.gz")))
                        .file(part("testFile", MnistSubset.bytes("t10k-images-idx3-ubyte.gz")))
                        .file(part("testLabelsFile", MnistSubset.bytes("t10k-labels-idx1-ubyte.gz")))
                        .param("name", "mnist-subset-ds").param("format", "idx").param("splitSeed", "6"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.version").value(2))
                .andReturn();
        assertThat(body(reseeded).get("artifactSha").asString()).isNotEqualTo(v.get("artifactSha").asString());

        long id = v.get("id").asLong();
        mvc.perform(get("/api/v1/datasets/" + id)).andExpect(jsonPath("$.name").value("mnist-subset-ds"));
        mvc.perform(get("/api/v1/datasets").param("name", "mnist-subset-ds").param("page_size", "1"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].version").value(2))
                .andExpect(jsonPath("$.next_page_token").exists());

        MvcResult dl = mvc.perform(get("/api/v1/datasets/" + id + "/download")).andExpect(status().isOk()).andReturn();
        byte[] npz = dl.getResponse().getContentAsByteArray();
        DatasetArchive.Content content = DatasetArchive.read(new ByteArrayInputStream(npz));
        assertThat(content.size()).isEqualTo(4000);
        assertThat(content.indices(DatasetArchive.TEST)).hasSize(1000).startsWith(3000);
        ImageDataset viaCommon = NpzDataset.read(new ByteArrayInputStream(npz));
        ImageDataset train = MnistSubset.train();
        assertThat(Arrays.copyOf(viaCommon.images(), train.images().length)).isEqualTo(train.images());
        assertThat(viaCommon.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void badIdxFilesAreRejectedNamingThePart() throws Exception {
        byte[] images = gunzip(MnistSubset.bytes("train-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(MnistSubset.bytes("train-labels-idx1-ubyte.gz"));
        byte[] wrongMagic = images.clone();
        wrongMagic[3] = 0x01;
        mvc.perform(multipart("/api/v1/datasets").file(part("file", wrongMagic)).file(part("labelsFile", labels))
                        .param("name", "bad").param("format", "idx"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("magic")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", Arrays.copyOf(images, images.length - 500)))
                        .file(part("labelsFile", labels)).param("name", "bad").param("format", "idx"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("truncated")));
        byte[] fewerLabels = Arrays.copyOf(labels, labels.length - 10);
        fewerLabels[7] = (byte) ((3000 - 10) & 0xff);
        fewerLabels[6] = (byte) ((3000 - 10) >> 8);
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images)).file(part("labelsFile", fewerLabels))
                        .param("name", "bad").param("format", "idx"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labelsFile"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("2990")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images)).param("name", "bad").param("format", "idx"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labelsFile"));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images)).param("name", "bad").param("format", "tiff"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("format"));
        // Over the configured limit (3 MB in these tests).
        mvc.perform(multipart("/api/v1/datasets").file(part("file", new byte[3_100_000])).file(part("labelsFile", labels))
                        .param("name", "big").param("format", "idx"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.errors[0].field").value("file"));
    }

    @Test
    void cifar10BinaryBatchesWithATestBatch() throws Exception {
        mvc.perform(multipart("/api/v1/datasets")
                        .file(part("file", GeneratedCifar.batch(40, 1)))
                        .file(part("file", GeneratedCifar.batch(40, 2)))
                        .file(part("testFile", GeneratedCifar.batch(20, 3)))
                        .param("name", "cifar-gen").param("format", "cifar10").param("valFraction", "0.25"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.shape[0]").value(3))
                .andExpect(jsonPath("$.shape[2]").value(32))
                .andExpect(jsonPath("$.classNames[0]").value("airplane"))
                .andExpect(jsonPath("$.trainSize").value(60))
                .andExpect(jsonPath("$.valSize").value(20))
                .andExpect(jsonPath("$.testSize").value(20))
                .andExpect(jsonPath("$.mean.length()").value(3));
        byte[] truncated = Arrays.copyOf(GeneratedCifar.batch(3, 4), 3073 * 3 - 100);
        mvc.perform(multipart("/api/v1/datasets").file(part("file", GeneratedCifar.batch(5, 1)))
                        .file(part("file", truncated)).param("name", "cifar-bad").param("format", "cifar10"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("file[1]"));
    }

    @Test
    void csvWithALabelColumnIsSplitStratified() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,species\n");
        for (int i = 0; i < 60; i++) {
            String cls = i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z";
            csv.append(i * 0.5).append(',').append(i % 7).append(',').append(cls).append('\n');
        }
        MvcResult r = mvc.perform(multipart("/api/v1/datasets").file(part("file", csv.toString().getBytes()))
                        .param("name", "table").param("format", "csv").param("labelColumn", "species")
                        .param("valFraction", "0.2").param("testFraction", "0.2"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("tabular"))
                .andExpect(jsonPath("$.shape[0]").value(2))
                .andExpect(jsonPath("$.classNames[2]").value("z"))
                .andExpect(jsonPath("$.trainSize").value(36))
                .andExpect(jsonPath("$.valSize").value(12))
                .andExpect(jsonPath("$.testSize").value(12))
                .andReturn();
        JsonNode counts = body(r).get("counts");
        for (String c : new String[] {"x", "y", "z"}) {
            assertThat(counts.get("val").get(c).asInt()).isEqualTo(4);
        }
        mvc.perform(multipart("/api/v1/datasets").file(part("file", "a,b,label\n1,2,x\n3,oops,y\n".getBytes()))
                        .param("name", "table-bad").param("format", "csv").param("labelColumn", "label"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("line 3")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", csv.toString().getBytes()))
                        .param("name", "table-bad").param("format", "csv").param("labelColumn", "colour"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labelColumn"));
    }

    @Test
    void imageFolderZipAndAnUnreadableImage() throws Exception {
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            for (String cls : new String[] {"cat", "dog"}) {
                for (int i = 0; i < 6; i++) {
                    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    img.setRGB(i, i, cls.equals("cat") ? 0xff0000 : 0x00ff00);
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(img, "png", png);
                    zip.putNextEntry(new ZipEntry(cls + "/" + i + ".png"));
                    zip.write(png.toByteArray());
                    zip.closeEntry();
                }
            }
        }
        mvc.perform(multipart("/api/v1/datasets").file(part("file", zipBytes.toByteArray()))
                        .param("name", "pets").param("format", "imagefolder").param("valFraction", "0")
                        .param("testFraction", "0.5"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.shape[0]").value(3))
                .andExpect(jsonPath("$.shape[1]").value(8))
                .andExpect(jsonPath("$.classNames[0]").value("cat"))
                .andExpect(jsonPath("$.trainSize").value(6))
                .andExpect(jsonPath("$.testSize").value(6));
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(broken)) {
            zip.putNextEntry(new ZipEntry("cat/1.png"));
            zip.write("this is not a png".getBytes());
            zip.closeEntry();
        }
        mvc.perform(multipart("/api/v1/datasets").file(part("file", broken.toByteArray()))
                        .param("name", "pets-bad").param("format", "imagefolder"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("cat/1.png")));
    }

    @Test
    void builtinImportRunsAsAJobFromTheRawCache() throws Exception {
        Path cache = Files.createDirectories(HOME.resolve("datasets-raw/sklearn"));
        try (var in = getClass().getResourceAsStream("/sklearn/iris.csv")) {
            Files.copy(in, cache.resolve("iris.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        MvcResult r = mvc.perform(post("/api/v1/datasets/builtin").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"iris\",\"splitSeed\":3,\"valFraction\":0.2}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/dataset-imports/")))
                .andReturn();
        String location = r.getResponse().getHeader("Location");
        await().atMost(Duration.ofSeconds(60)).until(() -> body(mvc.perform(get(location)).andReturn())
                .get("state").asString().matches("SUCCEEDED|FAILED"));
        JsonNode job = body(mvc.perform(get(location)).andReturn());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("result").get("downloaded").asBoolean()).isFalse();
        long id = job.get("result").get("datasetId").asLong();
        mvc.perform(get("/api/v1/datasets/" + id))
                .andExpect(jsonPath("$.source").value("builtin:iris"))
                .andExpect(jsonPath("$.shape[0]").value(4))
                .andExpect(jsonPath("$.classNames[0]").value("setosa"))
                .andExpect(jsonPath("$.counts.val.setosa").value(10))
                .andExpect(jsonPath("$.trainSize").value(90));
    }

    @Test
    void builtinFetchWithoutItsToolIsA503SayingWhatToInstall() throws Exception {
        mvc.perform(post("/api/v1/datasets/builtin").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"mnist\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("npm")))
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(post("/api/v1/datasets/builtin").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"cifar10\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(get("/api/v1/datasets/999999")).andExpect(status().isNotFound());
    }
}
