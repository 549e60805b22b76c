package org.imclab.common.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by PostgreSQL being unreachable (down, restarting, out of connections) from
 * every other failure. The first is worth retrying and means 503; the second is a bug or bad input.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True if {@code e} or any of its causes says the database could not be reached. */
    public static boolean isCause(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 is a connection exception (refused, reset, I/O error); 57P01-57P03 are admin
     * shutdown, crash shutdown and "the database system is starting up"; 53300 is too many connections.
     */
    static boolean isOutageState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300"));
    }
}
