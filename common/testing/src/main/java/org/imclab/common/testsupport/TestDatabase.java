package org.imclab.common.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one place every module's tests get a real PostgreSQL from. With a Docker engine (or
 * IMCLAB_TEST_DB=testcontainers) it starts a {@code postgres:17} Testcontainer; otherwise a zonky
 * embedded PostgreSQL, which also runs as root and without Docker. One server per test JVM; each
 * caller may ask for a fresh database on it so tests do not see each other's rows.
 */
public final class TestDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Server server;

    private TestDatabase() {
    }

    /** A JDBC URL, user and password of the running test server. */
    public record Server(String host, int port, String user, String password) {

        public String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public static synchronized Server server() {
        if (server == null) {
            server = useTestcontainers() ? startContainer() : startEmbedded();
        }
        return server;
    }

    /** Creates a new empty database on the shared server and returns its JDBC URL. */
    public static String freshDatabaseUrl() {
        Server s = server();
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = dataSource(s.url("postgres")).getConnection(); Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create test database", e);
        }
        return s.url(name);
    }

    public static DataSource freshDataSource() {
        return dataSource(freshDatabaseUrl());
    }

    public static DataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(server().user());
        ds.setPassword(server().password());
        return ds;
    }

    /** For {@code @DynamicPropertySource}: points Spring at a fresh database on the test server. */
    public static void register(DynamicPropertyRegistry registry) {
        String url = freshDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> server().user());
        registry.add("spring.datasource.password", () -> server().password());
    }

    /**
     * A server of the caller's own that it may crash and restart on the same data directory and port
     * (always zonky: a fault test needs the postmaster's process).
     */
    public static RestartableDatabase restartable() {
        return RestartableDatabase.start();
    }

    private static boolean useTestcontainers() {
        String choice = System.getenv("IMCLAB_TEST_DB");
        if (choice != null) {
            return choice.equalsIgnoreCase("testcontainers");
        }
        return Files.exists(Path.of("/var/run/docker.sock")) && dockerAnswers();
    }

    private static boolean dockerAnswers() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static Server startContainer() {
        var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17");
        pg.start();
        return new Server(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword());
    }

    private static Server startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
            return new Server("localhost", pg.getPort(), "postgres", "postgres");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
        }
    }
}
