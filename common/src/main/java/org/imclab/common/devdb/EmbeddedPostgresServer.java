package org.imclab.common.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * The local launcher's database: a real PostgreSQL server (zonky's embedded binaries) whose data
 * directory persists under {@code ~/.imclab/pgdata}, so experiments survive {@code imclab down}.
 * It runs until the process is terminated. Not used when IMCLAB_DB_URL names a server.
 *
 * <p>Usage: {@code EmbeddedPostgresServer <dataDir> <port>}; creates role and database
 * {@code imclab} (password {@code imclab}) on first start.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : System.getProperty("user.home") + "/.imclab/pgdata");
        int port = Integer.parseInt(args.length > 1 ? args[1] : "5433");
        Files.createDirectories(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                // zonky's default is off: a killed postmaster would then lose commits it had acknowledged
                // (a 202 for a job, a job's SUCCEEDED), which the queue's exactly-once story cannot survive.
                .setServerConfig("synchronous_commit", "on")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            ResultSet role = st.executeQuery("select 1 from pg_roles where rolname = 'imclab'");
            if (!role.next()) {
                st.execute("create role imclab login password 'imclab'");
            }
            ResultSet db = st.executeQuery("select 1 from pg_database where datname = 'imclab'");
            if (!db.next()) {
                st.execute("create database imclab owner imclab");
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stop.countDown();
        }));
        System.out.println("IMCLAB_DB_READY jdbc:postgresql://localhost:" + port + "/imclab");
        stop.await();
    }
}
