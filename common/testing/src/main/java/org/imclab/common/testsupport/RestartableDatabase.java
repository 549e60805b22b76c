package org.imclab.common.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A zonky PostgreSQL of one test's own, which the test may crash ({@code kill -9} on the postmaster)
 * and start again on the same data directory and port, as an operator restarting a database would.
 * Not the shared {@link TestDatabase} server: other tests in the JVM keep theirs.
 */
public final class RestartableDatabase implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    private RestartableDatabase(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static RestartableDatabase start() {
        try {
            RestartableDatabase db = new RestartableDatabase(Files.createTempDirectory("imclab-pgdata"), freePort());
            db.startServer();
            return db;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a restartable PostgreSQL", e);
        }
    }

    public TestDatabase.Server server() {
        return new TestDatabase.Server("localhost", port, "postgres", "postgres");
    }

    public String url(String database) {
        return server().url(database);
    }

    /** Creates a new empty database on this server and returns its JDBC URL. */
    public String freshDatabaseUrl(String name) {
        try (var c = java.sql.DriverManager.getConnection(url("postgres"), "postgres", "postgres");
                var st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return url(name);
    }

    public boolean running() {
        return pg != null;
    }

    /** SIGKILL to the postmaster: no checkpoint, no goodbye to clients; the next start recovers. */
    public synchronized void crash() {
        if (pg == null) {
            return;
        }
        try {
            // zonky's process is pg_ctl; the postmaster's pid is the first line of postmaster.pid.
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
            postmaster.destroyForcibly();
            postmaster.onExit().get();
            // Releases zonky's lock on the data directory; its pg_ctl stop finds no server and says so.
            pg.close();
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot kill the postmaster in " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pg = null;
    }

    /** Starts the server again on the same data directory and port. */
    public synchronized void restart() {
        if (pg != null) {
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                startServer();
                return;
            } catch (IOException | RuntimeException e) {
                // Backends of the killed postmaster may still hold its shared memory for a moment.
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("PostgreSQL did not restart on " + dataDir, e);
                }
                sleep(500);
            }
        }
    }

    private void startServer() throws IOException {
        pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                // zonky defaults to synchronous_commit=off, which loses the last acknowledged commits when the
                // postmaster is killed; a crash test must see what a real server keeps. fsync stays off:
                // a killed process leaves its writes in the OS page cache.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "off")
                .start();
    }

    @Override
    public synchronized void close() {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the test is over
            }
            pg = null;
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
