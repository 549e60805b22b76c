package org.imclab.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several services starting at once all run common's migration; exactly one applies it. */
class SharedMigrationTest {

    @Test
    void concurrentStartsMigrateSafely() throws Exception {
        DataSource ds = TestDatabase.freshDataSource();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(pool.submit((Callable<Void>) () -> {
                SharedSchemas.migrate(ds);
                return null;
            }));
        }
        for (Future<?> f : starts) {
            f.get();
        }
        pool.shutdown();
        JdbcClient jdbc = JdbcClient.create(ds);
        assertThat(jdbc.sql("select count(*) from jobs.flyway_common_history where success and version = '1'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from information_schema.tables where table_schema in ('jobs','tracking')")
                .query(Long.class).single()).isGreaterThanOrEqualTo(9);
    }
}
