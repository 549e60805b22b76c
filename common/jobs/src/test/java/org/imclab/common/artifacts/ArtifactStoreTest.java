package org.imclab.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class ArtifactStoreTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.freshDataSource();
        SharedSchemas.migrate(ds);
    }

    /** An InputStream of n pseudo-random bytes that never exists in memory as a whole. */
    static InputStream generated(long n, long seed) {
        Random r = new Random(seed);
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                if (left-- <= 0) {
                    return -1;
                }
                return r.nextInt(256);
            }
        };
    }

    static String sha(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void storesInChunksAndReadsBackThroughAColdCache(@TempDir Path cacheA, @TempDir Path cacheB) throws Exception {
        ArtifactStore writer = new ArtifactStore(ds, cacheA, 64 * 1024);
        long size = 300_000;
        ArtifactInfo info = writer.put(generated(size, 7), "application/octet-stream");
        assertThat(info.sha256()).isEqualTo(sha(generated(size, 7)));
        assertThat(info.sizeBytes()).isEqualTo(size);
        assertThat(info.chunkCount()).isEqualTo(5);
        assertThat(JdbcClient.create(ds).sql("select count(*) from tracking.artifact_chunk where sha256 = ?")
                .param(info.sha256()).query(Long.class).single()).isEqualTo(5);

        // A different replica with an empty cache streams it from PostgreSQL and caches it.
        ArtifactStore reader = new ArtifactStore(ds, cacheB, 64 * 1024);
        assertThat(Files.exists(cacheB.resolve(info.sha256()))).isFalse();
        try (InputStream in = reader.open(info.sha256())) {
            assertThat(sha(in)).isEqualTo(info.sha256());
        }
        assertThat(Files.size(cacheB.resolve(info.sha256()))).isEqualTo(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.writeTo(info.sha256(), out);
        assertThat(out.size()).isEqualTo((int) size);
    }

    @Test
    void sameContentIsStoredOnce(@TempDir Path cache) {
        ArtifactStore store = new ArtifactStore(ds, cache, 1024);
        ArtifactInfo a = store.putBytes("hello artifacts".getBytes(), "text/plain");
        ArtifactInfo b = store.putBytes("hello artifacts".getBytes(), "text/plain");
        assertThat(b.sha256()).isEqualTo(a.sha256());
        assertThat(JdbcClient.create(ds).sql("select count(*) from tracking.artifact where sha256 = ?")
                .param(a.sha256()).query(Long.class).single()).isEqualTo(1);
        assertThat(store.putBytes(new byte[0], "application/octet-stream").chunkCount()).isEqualTo(1);
    }

    @Test
    void unknownHashIsNotFoundAndMalformedHashIsRejected(@TempDir Path cache) {
        ArtifactStore store = new ArtifactStore(ds, cache, 1024);
        assertThatThrownBy(() -> store.open("0".repeat(64))).isInstanceOf(ArtifactNotFoundException.class);
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
