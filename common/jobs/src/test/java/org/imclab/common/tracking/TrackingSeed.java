package org.imclab.common.tracking;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Grows a tracking database with realistic shapes in SQL (generate_series), for plan tests and
 * bench/tracking: 100 experiments, 5 kinds, mostly SUCCEEDED runs, 20 owners (a third in projects), 8
 * params, 5 tags and 50 metric points (5 keys x 10 steps) per run. Triggers are off while seeding (the
 * server's superuser), so the latest-metric table, the filter rows' run_created_at (V7) and experiment_id
 * (V10) and the experiment counters (V5, V9) are filled set-based, with the same definitions the triggers keep.
 */
public final class TrackingSeed {

    /** Param keys and how many distinct values each takes; {@code seed} is unique per run. */
    public static final String PARAMS = """
            (values ('lr', 6), ('batch_size', 4), ('epochs', 5), ('model', 10), ('optimizer', 3),
                    ('dataset', 4), ('weight_decay', 5), ('seed', 0)) as k(key, distinct_values)""";

    private TrackingSeed() {
    }

    /**
     * Batches at least this large load with the child tables' indexes dropped and rebuild them after:
     * one sort per index instead of 50 million random B-tree insertions (1M runs: minutes, not an hour).
     */
    static final long BULK_RUNS = 200_000;

    /** The tables whose indexes a bulk batch drops and rebuilds; runs keep theirs (children reference the key). */
    private static final String BULK_TABLES = "'metric', 'param', 'tag', 'latest_metric'";

    /** Adds runs numbered {@code from} to {@code to} inclusive, then refreshes counters and statistics. */
    public static void grow(DataSource ds, long from, long to) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            List<String> rebuild = to - from + 1 >= BULK_RUNS ? dropChildIndexes(st) : List.of();
            st.execute("set maintenance_work_mem = '1GB'");
            st.execute("set session_replication_role = replica");
            st.execute("insert into tracking.experiment(name) select 'exp-' || g from generate_series(0, 99) g "
                    + "on conflict (name) do nothing");
            st.execute("""
                    insert into tracking.run(id, experiment_id, kind, service, name, state, created_at, started_at,
                                             finished_at, owner, project)
                    select md5('run' || n)::uuid, e.id,
                           (array['training','basisn','simulation','pruning','active-learning'])[1 + (n / 7) %% 5],
                           'training', 'run-' || n,
                           case when n %% 997 = 0 then 'RUNNING' when n %% 1999 = 0 then 'CANCELLED'
                                when n %% 50 = 0 then 'FAILED' else 'SUCCEEDED' end,
                           timestamptz '2024-01-01' + n * interval '10 seconds',
                           timestamptz '2024-01-01' + n * interval '10 seconds' + interval '1 second',
                           timestamptz '2024-01-01' + n * interval '10 seconds' + interval '9 seconds',
                           'key:' || (n %% 20), case when n %% 3 = 0 then 'proj-' || (n %% 4) end
                    from generate_series(%d::bigint, %d) n join tracking.experiment e on e.name = 'exp-' || (n %% 100)"""
                    .formatted(from, to));
            st.execute("""
                    insert into tracking.param(run_id, key, value, run_created_at, experiment_id)
                    select md5('run' || n)::uuid, k.key,
                           case when k.distinct_values = 0 then n::text
                                else k.key || '-' || ((n * 31 + length(k.key)) %% k.distinct_values) end,
                           timestamptz '2024-01-01' + n * interval '10 seconds', e.id
                    from generate_series(%d::bigint, %d) n cross join %s
                         join tracking.experiment e on e.name = 'exp-' || (n %% 100)""".formatted(from, to, PARAMS));
            st.execute("""
                    insert into tracking.tag(run_id, key, value)
                    select md5('run' || n)::uuid, t.key, t.key || '-' || (n %% t.m)
                    from generate_series(%d::bigint, %d) n cross join (values ('source.git.commit', 40), ('runtime.java', 2),
                        ('runtime.cpu', 3), ('runtime.cores', 4), ('djl.version', 2)) as t(key, m)""".formatted(from, to));
            // A run's final accuracy spreads over [0.5, 0.95) by a hash of its number; curves rise to it.
            String finalAcc = "(0.5 + 0.45 * ((n * 7919) % 10000) / 10000.0)";
            String point = """
                    case k when 'loss' then 2.0 / (1 + s) when 'acc' then %1$s * (s + 1) / 10.0
                         when 'val_loss' then 2.2 / (1 + s) when 'val_acc' then %1$s * (s + 1) / 10.0 - 0.01
                         else 0.1 / (1 + s) end""".formatted(finalAcc);
            st.execute("""
                    insert into tracking.metric(run_id, key, step, value, logged_at)
                    select md5('run' || n)::uuid, k, s, %s, timestamptz '2024-01-01' + n * interval '10 seconds'
                    from generate_series(%d::bigint, %d) n cross join unnest(array['loss','acc','val_loss','val_acc','lr']) k
                         cross join generate_series(0, 9) s""".formatted(point, from, to));
            st.execute("""
                    insert into tracking.latest_metric(run_id, key, step, value, run_created_at, experiment_id)
                    select md5('run' || n)::uuid, k, 9, %s, timestamptz '2024-01-01' + n * interval '10 seconds', e.id
                    from generate_series(%d::bigint, %d) n cross join unnest(array['loss','acc','val_loss','val_acc','lr']) k
                         cross join (values (9)) as last(s) join tracking.experiment e on e.name = 'exp-' || (n %% 100)""".formatted(point, from, to));
            st.execute("set session_replication_role = origin");
            for (String ddl : rebuild) {
                st.execute(ddl);
            }
            st.execute("""
                    update tracking.experiment e set run_count = c.n, last_run_at = c.last
                    from (select experiment_id, count(*) as n, max(created_at) as last from tracking.run
                          group by experiment_id) c where c.experiment_id = e.id""");
            st.execute("delete from tracking.experiment_state_count");
            st.execute("insert into tracking.experiment_state_count(experiment_id, state, runs) "
                    + "select experiment_id, state, count(*) from tracking.run group by experiment_id, state");
            st.execute("delete from tracking.experiment_visible_count");
            st.execute("""
                    insert into tracking.experiment_visible_count(experiment_id, owner, project, state, runs, last_run_at)
                    select experiment_id, owner, coalesce(project, ''), state, count(*), max(created_at)
                    from tracking.run group by experiment_id, owner, coalesce(project, ''), state""");
            // Vacuumed as well, as autovacuum would in time: index-only scans (search probes, V11's covering run
            // index) skip the row only on pages the visibility map marks all-visible. A vacuum that overlaps
            // another transaction of this database (autovacuum analysing the metric table just loaded) cannot
            // mark the newest pages, so it is repeated until every page is marked (a few seconds at most).
            st.execute("vacuum (analyze) tracking.run, tracking.param, tracking.latest_metric");
            for (int i = 0; i < 60 && !allVisible(st); i++) {
                sleep(500);
                st.execute("vacuum tracking.run, tracking.param, tracking.latest_metric");
            }
            st.execute("analyze tracking.tag, tracking.experiment, tracking.experiment_visible_count");
        }
    }

    private static boolean allVisible(Statement st) throws SQLException {
        try (var rs = st.executeQuery("""
                select bool_and(relallvisible >= relpages) from pg_class
                where oid in ('tracking.run'::regclass, 'tracking.param'::regclass, 'tracking.latest_metric'::regclass)""")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the visibility map", e);
        }
    }

    /**
     * Drops the primary keys and indexes of the child tables and returns the DDL that recreates them,
     * primary keys first (read from the catalog, so whatever the migrations define comes back as it was).
     */
    private static List<String> dropChildIndexes(Statement st) throws SQLException {
        List<String> constraints = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        try (var rs = st.executeQuery("""
                select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                from pg_constraint c where c.contype = 'p' and c.conrelid in
                  (select oid from pg_class where relnamespace = 'tracking'::regnamespace and relname in (%s))"""
                .formatted(BULK_TABLES))) {
            while (rs.next()) {
                constraints.add("alter table " + rs.getString(1) + " add constraint " + rs.getString(2) + " " + rs.getString(3));
                drops.add("alter table " + rs.getString(1) + " drop constraint " + rs.getString(2));
            }
        }
        try (var rs = st.executeQuery("""
                select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i
                where not i.indisprimary and i.indrelid in
                  (select oid from pg_class where relnamespace = 'tracking'::regnamespace and relname in (%s))"""
                .formatted(BULK_TABLES))) {
            while (rs.next()) {
                indexes.add(rs.getString(2));
                drops.add("drop index " + rs.getString(1));
            }
        }
        for (String ddl : drops) {
            st.execute(ddl);
        }
        constraints.addAll(indexes);
        return constraints;
    }
}
