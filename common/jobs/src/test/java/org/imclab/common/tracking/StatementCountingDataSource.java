package org.imclab.common.tracking;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Counts the SQL statements prepared or created through a DataSource, to test how many a read costs. */
public final class StatementCountingDataSource extends DelegatingDataSource {

    private final AtomicInteger statements = new AtomicInteger();

    public StatementCountingDataSource(DataSource target) {
        super(target);
    }

    public int statements() {
        return statements.get();
    }

    public void reset() {
        statements.set(0);
    }

    @Override
    public Connection getConnection() throws java.sql.SQLException {
        return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws java.sql.SQLException {
        return counting(super.getConnection(user, password));
    }

    private Connection counting(Connection target) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                statements.incrementAndGet();
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }
}
