package org.imclab.common.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import org.postgresql.PGConnection;

/**
 * A zonky embedded PostgreSQL made fit to keep data in: password (SCRAM) authentication for every
 * connection, TCP on loopback only, a generated superuser password, and a separate non-superuser
 * role {@code imclab} that owns database {@code imclab} and is all the services use.
 *
 * <p>zonky runs {@code initdb -A trust} and then connects as {@code postgres}; so a new cluster is
 * initialised with the superuser password from a file ({@code --pwfile}) and SCRAM, pg_hba.conf is
 * rewritten before every start, and zonky connects with that password. A cluster whose superuser
 * has no password yet (made by an older launcher, with trust and password 'imclab') is re-keyed on
 * its next start: the superuser may log in once from loopback, gets a password, and the
 * password-only pg_hba.conf is reloaded before anything else connects.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String APP_ROLE = "imclab";
    public static final String APP_DATABASE = "imclab";

    private final EmbeddedPostgres pg;
    private final Path dataDirectory;

    private LocalPostgres(EmbeddedPostgres pg, Path dataDirectory) {
        this.pg = pg;
        this.dataDirectory = dataDirectory;
    }

    /** Where the superuser's password is kept: beside the data directory, mode 600, read only by this class. */
    public static Path superuserPasswordFile(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().resolveSibling(dataDirectory.getFileName() + ".superuser.password");
    }

    /**
     * Starts (initialising if needed) the cluster in {@code dataDirectory} on {@code port} (0: any
     * free port) and makes role {@code imclab} log in with {@code appPassword} only.
     */
    public static LocalPostgres start(Path dataDirectory, int port, String appPassword) throws IOException, SQLException {
        if (appPassword == null || appPassword.isBlank()) {
            throw new IllegalArgumentException("The password of role imclab is empty; ./imclab generates one in "
                    + "$IMCLAB_HOME/db.password and passes it as IMCLAB_DB_PASSWORD");
        }
        Files.createDirectories(dataDirectory);
        Path superuserFile = superuserPasswordFile(dataDirectory);
        boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        boolean rekey = !fresh && !Files.exists(superuserFile);
        String superuserPassword;
        if (fresh && Files.exists(superuserFile)) {
            superuserPassword = SecretFile.read(superuserFile);
        } else if (fresh) {
            superuserPassword = SecretFile.newSecret();
            SecretFile.write(superuserFile, superuserPassword);
        } else if (rekey) {
            // Saved only once the cluster has it, so an interrupted re-key is simply done again.
            superuserPassword = SecretFile.newSecret();
        } else {
            superuserPassword = SecretFile.read(superuserFile);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "200")
                // zonky's default is off: a killed postmaster would then lose commits it had acknowledged
                // (a 202 for a job, a job's SUCCEEDED), which the queue's exactly-once story cannot survive.
                .setServerConfig("synchronous_commit", "on")
                .setConnectConfig("password", superuserPassword)
                .setDataDirectoryCustomizer(dir -> ClientAuthentication.write(dir.toPath(),
                        rekey ? ClientAuthentication.SUPERUSER_REKEY : ClientAuthentication.PASSWORDS_ONLY));
        if (port > 0) {
            builder.setPort(port);
        }
        if (fresh) {
            // zonky passes these to initdb after its own "-A trust", so they win: no trust line is ever written.
            builder.setLocaleConfig("pwfile", superuserFile.toString())
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256");
        }
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } catch (IOException e) {
            throw new IOException("PostgreSQL in " + dataDirectory + " did not start or refused the superuser password in "
                    + superuserFile + " (" + e.getMessage() + "). If that file was replaced, restore it; deleting it makes "
                    + "the next start issue a new one.", e);
        }
        LocalPostgres server = new LocalPostgres(pg, dataDirectory);
        try {
            server.secure(superuserPassword, appPassword, rekey ? superuserFile : null);
        } catch (SQLException | IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void secure(String superuserPassword, String appPassword, Path saveSuperuserPasswordTo)
            throws SQLException, IOException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            PGConnection pgc = c.unwrap(PGConnection.class);
            if (saveSuperuserPasswordTo != null) {
                pgc.alterUserPassword("postgres", superuserPassword.toCharArray(), "scram-sha-256");
                SecretFile.write(saveSuperuserPasswordTo, superuserPassword);
            }
            if (!exists(st, "select 1 from pg_roles where rolname = '" + APP_ROLE + "'")) {
                st.execute("create role " + APP_ROLE + " login");
            }
            // Whatever an older version or a hand edit granted: the services' role runs no programs and reads no server files.
            st.execute("alter role " + APP_ROLE + " with login nosuperuser nocreaterole nocreatedb noreplication nobypassrls");
            st.execute("revoke pg_execute_server_program, pg_read_server_files, pg_write_server_files from " + APP_ROLE);
            // The verifier is computed here, so the password itself never reaches the server or its log.
            pgc.alterUserPassword(APP_ROLE, appPassword.toCharArray(), "scram-sha-256");
            if (!exists(st, "select 1 from pg_database where datname = '" + APP_DATABASE + "'")) {
                st.execute("create database " + APP_DATABASE + " owner " + APP_ROLE);
            }
            ClientAuthentication.write(dataDirectory, ClientAuthentication.PASSWORDS_ONLY);
            st.execute("select pg_reload_conf()");
            try (ResultSet rs = st.executeQuery(
                    "select count(*) from pg_hba_file_rules where auth_method not in ('scram-sha-256') or error is not null")) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new IllegalStateException("pg_hba.conf in " + dataDirectory + " still admits connections without "
                            + "a SCRAM password; refusing to run");
                }
            }
        }
    }

    private static boolean exists(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            return rs.next();
        }
    }

    Path dataDirectoryForTest() {
        return dataDirectory;
    }

    public int port() {
        return pg.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + APP_DATABASE;
    }

    /** The postmaster's pid from postmaster.pid, for watching it. */
    public OptionalLong postmasterPid() {
        try {
            String first = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip();
            return OptionalLong.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
