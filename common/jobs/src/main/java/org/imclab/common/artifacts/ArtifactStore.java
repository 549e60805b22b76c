package org.imclab.common.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Content-addressed blob store in PostgreSQL. Blobs are split into fixed-size chunks that are
 * written and read one at a time, so neither direction ever holds a whole blob in memory. A local
 * disk cache, keyed by hash, sits in front: content-addressing makes cached files immutable.
 */
public class ArtifactStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Path cacheDir;
    private final int chunkSize;

    public ArtifactStore(DataSource dataSource, Path cacheDir, int chunkSize) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.cacheDir = cacheDir;
        this.chunkSize = chunkSize;
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create artifact cache " + cacheDir, e);
        }
    }

    /** Stores the stream's content (idempotent: the same bytes give the same hash and one copy). */
    public ArtifactInfo put(InputStream content, String contentType) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(cacheDir, "upload-", ".part");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream in = new DigestInputStream(content, md)) {
                size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            storeChunks(sha, size, contentType, tmp);
            Path cached = cacheDir.resolve(sha);
            if (!Files.exists(cached)) {
                Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                tmp = null;
            }
            return info(sha).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to store artifact", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    public ArtifactInfo putBytes(byte[] content, String contentType) {
        return put(new java.io.ByteArrayInputStream(content), contentType);
    }

    public ArtifactInfo putFile(Path file, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            return put(in, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + file, e);
        }
    }

    private void storeChunks(String sha, long size, String contentType, Path file) throws IOException {
        int chunks = (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
        try (InputStream in = Files.newInputStream(file)) {
            tx.executeWithoutResult(status -> {
                // Row and chunks commit together: a reader never sees a half-written blob.
                int inserted = jdbc.sql("""
                        insert into tracking.artifact(sha256, size_bytes, chunk_count, content_type)
                        values (?, ?, ?, ?) on conflict (sha256) do nothing""")
                        .params(sha, size, chunks, contentType).update();
                if (inserted == 0) {
                    return;
                }
                byte[] buf = new byte[chunkSize];
                try {
                    for (int i = 0; i < chunks; i++) {
                        int n = in.readNBytes(buf, 0, chunkSize);
                        byte[] data = n == chunkSize ? buf : java.util.Arrays.copyOf(buf, n);
                        jdbc.sql("insert into tracking.artifact_chunk(sha256, idx, data) values (?, ?, ?)")
                                .params(sha, i, data).update();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public Optional<ArtifactInfo> info(String sha) {
        return jdbc.sql("select sha256, size_bytes, chunk_count, content_type, created_at from tracking.artifact where sha256 = ?")
                .param(sha)
                .query((rs, i) -> new ArtifactInfo(rs.getString(1).trim(), rs.getLong(2), rs.getInt(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    public boolean exists(String sha) {
        return info(sha).isPresent();
    }

    /** Opens the blob, filling the disk cache first chunk by chunk when it is not there yet. */
    public InputStream open(String sha) {
        return openFile(localCopy(sha));
    }

    /** The cached local file of a blob, downloaded on first use. */
    public Path localCopy(String sha) {
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("Not a SHA-256 hex digest: " + sha);
        }
        Path cached = cacheDir.resolve(sha);
        if (Files.exists(cached)) {
            return cached;
        }
        ArtifactInfo info = info(sha).orElseThrow(() -> new ArtifactNotFoundException(sha));
        Path tmp = null;
        try {
            tmp = Files.createTempFile(cacheDir, "download-", ".part");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (int i = 0; i < info.chunkCount(); i++) {
                    byte[] data = jdbc.sql("select data from tracking.artifact_chunk where sha256 = ? and idx = ?")
                            .params(sha, i).query(byte[].class).single();
                    out.write(data);
                }
            }
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to fetch artifact " + sha, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Streams the blob to {@code out}, e.g. an HTTP response. */
    public void writeTo(String sha, OutputStream out) {
        try (InputStream in = open(sha)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to stream artifact " + sha, e);
        }
    }

    public byte[] readAllBytes(String sha) {
        try {
            return Files.readAllBytes(localCopy(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream openFile(Path p) {
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file in the cache directory is harmless
            }
        }
    }
}
