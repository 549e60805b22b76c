package org.imclab.common.devdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's PostgreSQL: passwords for everyone, and the services' role cannot run programs on the server. */
class LocalPostgresTest {

    @TempDir
    Path home;

    static Connection connect(int port, String user, String password, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void assertLockedDown(LocalPostgres pg, String appPassword) throws Exception {
        int port = pg.port();
        for (String user : new String[] {"imclab", "postgres"}) {
            assertThatThrownBy(() -> connect(port, user, null, "postgres").close()).as(user + " without a password")
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> connect(port, user, "imclab", "postgres").close()).as(user + " with the old default")
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
        String superuserPassword = Files.readString(LocalPostgres.superuserPasswordFile(pg.dataDirectoryForTest())).strip();
        try (Connection su = connect(port, "postgres", superuserPassword, "postgres")) {
            assertThat(one(su, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(one(su, "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'")).isEqualTo("0");
        }
        try (Connection app = connect(port, "imclab", appPassword, "imclab")) {
            assertThat(one(app, "select rolsuper from pg_roles where rolname = current_user")).isEqualTo("f");
            assertThat(one(app, "select pg_has_role(current_user, 'pg_execute_server_program', 'member')")).isEqualTo("f");
            assertThat(one(app, "select current_database()")).isEqualTo("imclab");
            Path marker = home.resolve("copy-to-program-ran");
            try (Statement st = app.createStatement()) {
                assertThatThrownBy(() -> st.execute("copy (select 1) to program 'touch " + marker + "'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("must be superuser or a member of the pg_execute_server_program");
            }
            assertThat(marker).doesNotExist();
        }
        assertThat(Files.readString(pg.dataDirectoryForTest().resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*trust");
    }

    @Test
    void aNewClusterAdmitsOnlyPasswordsAndTheAppRoleIsNotASuperuser() throws Exception {
        Path data = home.resolve("pgdata");
        try (LocalPostgres pg = LocalPostgres.start(data, 0, "first-app-password")) {
            assertLockedDown(pg, "first-app-password");
            Path superuserFile = LocalPostgres.superuserPasswordFile(data);
            assertThat(superuserFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(superuserFile))).isEqualTo("rw-------");
        }
        // A restart reads the kept superuser password; the app password is whatever the launcher passes now.
        try (LocalPostgres pg = LocalPostgres.start(data, 0, "rotated-app-password")) {
            assertLockedDown(pg, "rotated-app-password");
            assertThatThrownBy(() -> connect(pg.port(), "imclab", "first-app-password", "imclab").close())
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void aClusterFromTheTrustEraIsUpgradedOnItsNextStart() throws Exception {
        Path data = home.resolve("legacy");
        // What older launchers left: initdb with trust, role imclab with password 'imclab'; worst case, a granted COPY TO PROGRAM.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
                Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create role imclab login password 'imclab'");
            st.execute("create database imclab owner imclab");
            st.execute("grant pg_execute_server_program to imclab");
            st.execute("create table public.kept(x int)");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");
        try (LocalPostgres pg = LocalPostgres.start(data, 0, "upgraded-app-password")) {
            assertLockedDown(pg, "upgraded-app-password");
            String superuserPassword = Files.readString(LocalPostgres.superuserPasswordFile(data)).strip();
            try (Connection su = connect(pg.port(), "postgres", superuserPassword, "postgres")) {
                assertThat(one(su, "select count(*) from pg_class where relname = 'kept'")).as("data kept").isEqualTo("1");
            }
        }
    }

    @Test
    void anEmptyAppPasswordIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> LocalPostgres.start(home.resolve("none"), 0, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("db.password");
        assertThat(home.resolve("none")).doesNotExist();
    }
}
