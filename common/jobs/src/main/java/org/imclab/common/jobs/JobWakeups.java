package org.imclab.common.jobs;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@link JobStore#WAKEUP_CHANNEL} over a connection of its own and wakes the worker when a
 * job of one of its kinds is queued. After an outage it reconnects (with backoff) and wakes the worker
 * once, since notifications sent meanwhile are lost; the worker's slower fallback poll covers the gap.
 */
class JobWakeups {

    private static final Logger log = LoggerFactory.getLogger(JobWakeups.class);
    /** How long one wait for notifications blocks before the connection is checked. */
    private static final int WAIT_MILLIS = 2_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Set<String> kinds;
    private final Runnable wake;
    private volatile boolean connected;
    private volatile boolean stopping;
    private Thread thread;

    JobWakeups(DataSource dataSource, Set<String> kinds, Runnable wake) {
        this.dataSource = dataSource;
        this.kinds = Set.copyOf(kinds);
        this.wake = wake;
    }

    boolean connected() {
        return connected;
    }

    synchronized void start() {
        stopping = false;
        thread = new Thread(this::listenLoop, "job-wakeups");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    private void listenLoop() {
        long backoff = 250;
        boolean warned = false;
        while (!stopping) {
            try (Connection c = open(); Statement st = c.createStatement()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                st.execute("listen " + JobStore.WAKEUP_CHANNEL);
                connected = true;
                backoff = 250;
                if (warned) {
                    log.info("Job wake-up listener reconnected");
                    warned = false;
                }
                // Anything queued while we were not listening would otherwise wait for the fallback poll.
                wake.run();
                while (!stopping) {
                    PGNotification[] batch = pg.getNotifications(WAIT_MILLIS);
                    if (batch == null || batch.length == 0) {
                        // A silent network can hide a dead server; a round trip proves the connection.
                        st.execute("select 1");
                        continue;
                    }
                    for (PGNotification n : batch) {
                        if (kinds.contains(n.getParameter())) {
                            wake.run();
                            break;
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (stopping) {
                    return;
                }
                if (!warned) {
                    log.warn("Job wake-up listener lost its connection ({}); falling back to polling until it is back",
                            e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
        connected = false;
    }

    /**
     * A connection outside the pool when the pool is Hikari: a LISTENing session must not go back into
     * the pool, and holding a pooled one for ever would shrink it.
     */
    private Connection open() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            Properties props = new Properties();
            props.putAll(hikari.getDataSourceProperties());
            if (hikari.getUsername() != null) {
                props.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                props.setProperty("password", hikari.getPassword());
            }
            props.putIfAbsent("connectTimeout", "5");
            props.setProperty("ApplicationName", "imclab-job-wakeups");
            return DriverManager.getConnection(hikari.getJdbcUrl(), props);
        }
        return dataSource.getConnection();
    }
}
