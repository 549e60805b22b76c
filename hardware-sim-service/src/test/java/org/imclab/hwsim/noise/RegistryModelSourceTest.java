package org.imclab.hwsim.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withResourceNotFound;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.data.SplitPolicy;
import org.imclab.common.data.TrainTestImages;
import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.registry.RegistryException;
import org.imclab.common.registry.TrainingRegistryClient;
import org.imclab.common.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/**
 * The registry model source against training-service's record shapes (ModelVersion, DatasetVersion) served
 * by a mock HTTP registry, with weights and the data set archive in a real artifact store.
 */
class RegistryModelSourceTest {

    private MockRestServiceServer server;
    private RegistryModelSource source;
    private ArtifactStore artifacts;

    @BeforeEach
    void setUp() throws IOException {
        DataSource db = TestDatabase.freshDataSource();
        SharedSchemas.migrate(db);
        artifacts = new ArtifactStore(db, Files.createTempDirectory("hwsim-artifacts"), 1 << 16);
        RestClient.Builder builder = RestClient.builder().baseUrl("http://training.test");
        server = MockRestServiceServer.bindTo(builder).build();
        TrainingRegistryClient client = new TrainingRegistryClient(builder.build(), "http://training.test");
        source = new RegistryModelSource(client, artifacts,
                new DefaultListableBeanFactory().getBeanProvider(LayerBlockFactory.class));
    }

    @Test
    void loadsSpecWeightsTestSplitAndNormalisationOfARegisteredModel() throws IOException {
        EvaluableModel lenet = LocalModels.untrainedLeNet(1);
        String weightsSha = artifacts.putBytes(lenet.weights(), "application/octet-stream").sha256();
        ImageDataset data = LocalModels.mnist("t10k");
        byte[] split = new byte[data.size()];
        Arrays.fill(split, 0, 800, (byte) 0);
        Arrays.fill(split, 800, 900, (byte) 1);
        Arrays.fill(split, 900, 1000, (byte) 2);
        String dataSha = artifacts.putBytes(withSplit(NpzDataset.toBytes(data), split), "application/zip").sha256();

        String model = """
                {"id": 7, "name": "lenet5-mnist", "version": 1, "kind": "standard", "spec": %s,
                 "weightsSha": "%s", "metrics": {"test_acc": 0.98},
                 "lineage": {"jobId": "j", "datasetId": 3, "normalization": {"kind": "image", "mean": [0.13], "std": [0.31]}},
                 "createdAt": "2026-01-01T00:00:00Z"}""".formatted(lenet.spec().toJson(), weightsSha);
        String dataset = """
                {"id": 3, "name": "mnist", "version": 1, "kind": "image", "shape": [1, 28, 28], "numClasses": 10,
                 "splitSeed": 42, "trainSize": 800, "valSize": 100, "testSize": 100,
                 "mean": [0.2], "std": [0.3], "artifactSha": "%s"}""".formatted(dataSha);
        server.expect(requestTo("http://training.test/api/v1/models/7")).andRespond(withSuccess(model, MediaType.APPLICATION_JSON));
        server.expect(requestTo("http://training.test/api/v1/datasets/3")).andRespond(withSuccess(dataset, MediaType.APPLICATION_JSON));

        EvaluableModel loaded = source.load("7");

        assertThat(loaded.id()).isEqualTo("7");
        assertThat(loaded.spec()).isEqualTo(lenet.spec());
        assertThat(loaded.weights()).isEqualTo(lenet.weights());
        assertThat(loaded.basisFactory()).isNull();
        TestSet test = loaded.testSet();
        assertThat(test.data().size()).isEqualTo(100);
        assertThat(test.data().labels()).containsExactly(Arrays.copyOfRange(data.labels(), 900, 1000));
        assertThat(test.mean()).containsExactly(0.13);
        assertThat(test.std()).containsExactly(0.31);
        assertThat(test.description()).contains("test split (100 samples)");
        server.verify();
    }

    @Test
    void describeReadsTheBasisNUsageAndAnUnknownModelIsAbsent() {
        String model = """
                {"id": 9, "kind": "basisn", "spec": %s, "weightsSha": "x",
                 "metrics": {"basisN": {"basisSize": 32, "coeffBits": 4, "rows": 128, "groups": 2,
                   "perLayer": {"conv1": {"groupsUsed": 1, "nonzeroCoefficients": 60}}}},
                 "lineage": {"datasetId": 3}}""".formatted(LocalModels.untrainedLeNet(1).spec().toJson());
        server.expect(requestTo("http://training.test/api/v1/models/9")).andRespond(withSuccess(model, MediaType.APPLICATION_JSON));
        server.expect(requestTo("http://training.test/api/v1/models/404")).andRespond(withResourceNotFound());
        server.expect(requestTo("http://training.test/api/v1/models/500")).andRespond(withServerError());

        ModelSource.ModelDescription d = source.describe("9").orElseThrow();
        assertThat(d.kind()).isEqualTo("basisn");
        assertThat(d.basisN().get("perLayer").get("conv1").get("groupsUsed").asInt()).isEqualTo(1);
        assertThat(source.describe("404")).isEmpty();
        assertThatThrownBy(() -> source.describe("500")).isInstanceOf(RegistryException.class).hasMessageContaining("500");
    }

    /** The archive training-service writes: common's .npz plus split.npy (uint8: 0 train, 1 val, 2 test). */
    private static byte[] withSplit(byte[] npz, byte[] split) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(npz)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(in.readAllBytes());
                zip.closeEntry();
            }
            String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + split.length + ",), }";
            int total = 10 + dict.length() + 1;
            String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            npy.write(header.length() & 0xff);
            npy.write(header.length() >> 8);
            npy.write(header.getBytes(StandardCharsets.ISO_8859_1));
            npy.write(split);
            zip.putNextEntry(new ZipEntry("split.npy"));
            zip.write(npy.toByteArray());
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void anArchiveWithoutSplitIsCutByThePlatformsSplitPolicy() {
        ImageDataset mnist = LocalModels.mnist("t10k");
        TrainTestImages parts = TrainTestImages.of(
                DatasetArchive.readAny(new ByteArrayInputStream(NpzDataset.toBytes(mnist))), null);
        byte[] cut = SplitPolicy.defaultCut(mnist.labels());
        assertThat(parts.test().labels()).containsExactly(
                mnist.subset(SplitPolicy.indices(cut, SplitPolicy.TEST)).labels());
        assertThat(parts.train().size()).isEqualTo(SplitPolicy.indices(cut, SplitPolicy.TRAIN).length);
        assertThat(parts.description()).contains("default cut");
    }
}
