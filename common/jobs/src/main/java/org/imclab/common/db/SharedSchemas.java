package org.imclab.common.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The shared {@code jobs} and {@code tracking} schemas (db/common), migrated with a history table of their own
 * so that each service's Flyway keeps its own schema's history. Several services may start at once: Flyway
 * takes a PostgreSQL advisory lock around the migration, so exactly one applies it and the others find it done.
 */
public final class SharedSchemas {

    private SharedSchemas() {
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("jobs", "tracking")
                .createSchemas(true)
                .table("flyway_common_history")
                .locations("classpath:db/common")
                .load()
                .migrate();
    }
}
