package org.imclab.common.devdb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local launcher's database: a real PostgreSQL server (zonky's embedded binaries) whose data
 * directory persists under {@code ~/.imclab/pgdata}, so experiments survive {@code imclab down}.
 * It runs until the process is terminated, and exits if the postmaster dies under it, so that
 * {@code ./imclab up} sees it gone and starts it again. Not used when IMCLAB_DB_URL names a server.
 *
 * <p>Usage: {@code IMCLAB_DB_PASSWORD=... EmbeddedPostgresServer <dataDir> <port>}; see
 * {@link LocalPostgres} for the roles and authentication. The password comes from the environment,
 * not the command line, which every local user can read.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : System.getProperty("user.home") + "/.imclab/pgdata");
        int port = Integer.parseInt(args.length > 1 ? args[1] : "5433");
        String appPassword = System.getenv("IMCLAB_DB_PASSWORD");
        if (appPassword == null || appPassword.isBlank()) {
            System.err.println("IMCLAB_DB_PASSWORD is not set: it is the password of role imclab, which the services use. "
                    + "./imclab generates one in $IMCLAB_HOME/db.password and passes it.");
            System.exit(2);
        }
        LocalPostgres pg = LocalPostgres.start(dataDir, port, appPassword);
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stop.countDown();
        }));
        pg.postmasterPid().stream().mapToObj(ProcessHandle::of).flatMap(java.util.Optional::stream).findFirst()
                .ifPresent(postmaster -> postmaster.onExit().thenRun(() -> {
                    if (!stopping.get()) {
                        System.err.println("IMCLAB_DB_DIED the postmaster (pid " + postmaster.pid() + ") exited; "
                                + "'./imclab up' starts the database again");
                        Runtime.getRuntime().halt(3);
                    }
                }));
        System.out.println("IMCLAB_DB_READY " + pg.jdbcUrl());
        stop.await();
    }
}
