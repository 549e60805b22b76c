package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.imclab.common.artifacts.ArtifactInfo;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.NpzDataset;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.db.SharedSchemas;
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.data.RegistryDatasetSource;
import org.imclab.common.registry.TrainingRegistryClient;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/** A registered data set is read from the shared artifact store by its hash, keeping its split. */
class RegistryDatasetSourceTest {

    @Test
    void imageVersionWithSplitBecomesPoolAndTestIds() throws Exception {
        javax.sql.DataSource ds = TestDatabase.freshDataSource();
        SharedSchemas.migrate(ds);
        ArtifactStore store = new ArtifactStore(ds, Files.createTempDirectory("al-art"), 1 << 16);
        byte[] images = new byte[6 * 4];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (i * 10);
        }
        ImageDataset d = new ImageDataset(images, new int[] {0, 1, 0, 1, 0, 1}, 1, 2, 2, List.of("cat", "dog"));
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        // NpzDataset's arrays plus training-service's split.npy (0 train, 1 val, 2 test).
        try (ZipOutputStream zip = new ZipOutputStream(npz)) {
            java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                    new java.io.ByteArrayInputStream(NpzDataset.toBytes(d)));
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("split.npy"));
            writeNpyU1(zip, new byte[] {0, 0, 1, 2, 0, 2});
            zip.closeEntry();
        }
        ArtifactInfo info = store.putBytes(npz.toByteArray(), "application/x-npz");

        RestClient.Builder builder = RestClient.builder().baseUrl("http://training");
        MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
        server.expect(requestTo("http://training/api/v1/datasets/12")).andRespond(withSuccess(
                "{\"id\":12,\"name\":\"pets\",\"version\":1,\"kind\":\"image\",\"shape\":[1,2,2],"
                        + "\"classNames\":[\"cat\",\"dog\"],\"artifactSha\":\"" + info.sha256() + "\"}",
                MediaType.APPLICATION_JSON));
        RegistryDatasetSource source = new RegistryDatasetSource(new TrainingRegistryClient(builder.build(), "http://training"),
                store);
        PoolData p = source.load("12").orElseThrow();
        assertThat(p.name()).isEqualTo("pets v1");
        assertThat(p.poolIds()).containsExactly(0, 1, 2, 4);
        assertThat(p.testIds()).containsExactly(3, 5);
        assertThat(p.data().imageShape()).containsExactly(1, 2, 2);
        assertThat(p.data().classNames()).containsExactly("cat", "dog");
        assertThat(p.data().x()[1][0]).isEqualTo(40 / 255f);
    }

    private static void writeNpyU1(OutputStream out, byte[] data) throws Exception {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + data.length + ",), }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (10 + header.length() + 1 < total) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length());
        out.write(b.array());
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(data);
    }

    @Test
    void metadataWithoutArtifactIsNotFound() {
        RestClient.Builder builder = RestClient.builder().baseUrl("http://training");
        MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
        server.expect(requestTo("http://training/api/v1/datasets/3")).andRespond(withSuccess("{\"id\":3}",
                MediaType.APPLICATION_JSON));
        RegistryDatasetSource source = new RegistryDatasetSource(new TrainingRegistryClient(builder.build(), "http://training"),
                null);
        assertThat(source.load("3")).isEmpty();
    }
}
