import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.RunQuery;
import org.imclab.common.tracking.TrackingSeed;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.Caller;
import org.imclab.common.web.PageToken;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Grows a fresh embedded PostgreSQL to each size in turn (TrackingSeed's shapes) and times every tracking
 * read through TrackingStore over JDBC, as the read API calls it: p50/p99 of N calls each.
 * Usage: TrackingBench.java <report.md> SIZE [SIZE...]
 */
public class TrackingBench {

    static final Caller OWNER = new Caller("key:7", Caller.Scope.READ, null);
    static final Caller PROJECT = new Caller("key:8", Caller.Scope.READ, "proj-1");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long[] sizes = Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray();
        int calls = Integer.getInteger("calls", 50);
        // Pooled, as the services run (Hikari): without it every statement would pay for a new connection.
        var pool = new com.zaxxer.hikari.HikariDataSource();
        // -Ddb.url: a server of the caller's own (tuned, kept between runs: a 1M-run database is grown once
        // and measured again after a change); otherwise a fresh database on the tests' embedded server.
        String external = System.getProperty("db.url");
        pool.setJdbcUrl(external != null ? external : TestDatabase.freshDatabaseUrl());
        pool.setUsername(external != null ? System.getProperty("db.user", "postgres") : TestDatabase.server().user());
        pool.setPassword(external != null ? System.getProperty("db.password", "postgres") : TestDatabase.server().password());
        pool.setMaximumPoolSize(4);
        DataSource ds = pool;
        SharedSchemas.migrate(ds);
        TrackingStore tracking = new TrackingStore(ds);
        JdbcClient jdbc = JdbcClient.create(ds);
        StringBuilder md = new StringBuilder();
        md.append("# Tracking reads at scale\n\nDirect JDBC through `TrackingStore` (what `/api/v1/runs` and `/experiments` call) on a Hikari pool, ")
                .append("embedded PostgreSQL ").append(jdbc.sql("show server_version").query(String.class).single())
                .append(", default planner settings. ").append(calls).append(" calls per row, after 5 warm-up calls; page size 100.\n")
                .append("Shapes per run: 8 params, 5 tags, 50 metric points (5 keys x 10 steps); 100 experiments, 5 kinds, 20 owners.\n\n")
                .append("Machine load before: `").append(uptime()).append("`\n");
        md.append("Server settings: `").append(jdbc.sql("""
                select string_agg(name || '=' || current_setting(name), ' ' order by name) from pg_settings
                where name in ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'fsync', 'synchronous_commit',
                               'effective_cache_size', 'random_page_cost')""").query(String.class).single()).append("`\n");
        // Server-side time per call when the server has pg_stat_statements loaded (a server of one's own
        // started with shared_preload_libraries = 'pg_stat_statements'): on a loaded machine the wall time
        // mostly measures waiting for a core, the execution time what the statements cost.
        boolean serverTimes = serverTimes(jdbc);
        md.append("Server-side time: ").append(serverTimes ? "pg_stat_statements, mean execution time of a call's statements"
                : "not measured (pg_stat_statements not loaded)").append("\n");
        long have = jdbc.sql("select count(*) from tracking.run").query(Long.class).single();
        for (int k = 0; k < sizes.length; k++) {
            long size = sizes[k];
            // A kept database may hold more (a claim bench adds a few runs): measure it at its last size reached.
            if (size < have && k + 1 < sizes.length && sizes[k + 1] <= have) {
                continue;
            }
            long t0 = System.nanoTime();
            if (size > have) {
                // One batch per step: from TrackingSeed.BULK_RUNS on, it loads with the child indexes dropped.
                TrackingSeed.grow(ds, have + 1, size);
            }
            double seedS = (System.nanoTime() - t0) / 1e9;
            String seeded = size > have ? String.format(Locale.ROOT, "Grown from %,d runs in %.0f s (load `%s`).", have, seedS, uptime())
                    : String.format(Locale.ROOT, "Already seeded (a kept database of %,d runs).", have);
            have = Math.max(have, size);
            md.append("\n## ").append(String.format(Locale.ROOT, "%,d", size)).append(" runs\n\n")
                    .append(seeded).append("\n\n")
                    .append("| read | rows | p50 ms | p99 ms | server ms per call |\n|---|---:|---:|---:|---:|\n");
            DEEP.clear(); // tokens of deep pages are found again at each size
            Map<String, Supplier<Integer>> reads = new LinkedHashMap<>();
            reads.put("runs, no filter (admin)", () -> search(tracking, q(null, null, null, Map.of(), List.of(), null), Caller.SYSTEM));
            reads.put("runs, page 2 via token", () -> {
                PageToken token = deepToken(tracking, q(null, null, null, Map.of(), List.of(), null), 1);
                return search(tracking, q(null, null, null, Map.of(), List.of(), token), Caller.SYSTEM);
            });
            reads.put("runs ?experiment=exp-42", () -> search(tracking, q("exp-42", null, null, Map.of(), List.of(), null), Caller.SYSTEM));
            reads.put("runs ?kind=pruning", () -> search(tracking, q(null, "pruning", null, Map.of(), List.of(), null), Caller.SYSTEM));
            reads.put("runs ?state=RUNNING (rare)", () -> search(tracking, q(null, null, "RUNNING", Map.of(), List.of(), null), Caller.SYSTEM));
            reads.put("runs ?param=seed:12345 (1 run)", () -> search(tracking, q(null, null, null, Map.of("seed", "12345"), List.of(), null), Caller.SYSTEM));
            reads.put("runs ?param=model:model-3 (10%)", () -> search(tracking, q(null, null, null, Map.of("model", "model-3"), List.of(), null), Caller.SYSTEM));
            reads.put("runs ?metric=acc:gte:0.949 (0.2%)", () -> search(tracking, q(null, null, null, Map.of(),
                    List.of(new RunQuery.MetricFilter("acc", ">=", 0.949)), null), Caller.SYSTEM));
            reads.put("runs ?metric=val_acc:gte:0.9 (10%)", () -> search(tracking, q(null, null, null, Map.of(),
                    List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9)), null), Caller.SYSTEM));
            reads.put("runs exp+param+metric combined", () -> search(tracking, q("exp-3", null, null, Map.of("optimizer", "optimizer-1"),
                    List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9)), null), Caller.SYSTEM));
            reads.put("runs ?param=model:model-3&metric=val_acc:gte:0.9 (1%)", () -> search(tracking, q(null, null, null,
                    Map.of("model", "model-3"), List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9)), null), Caller.SYSTEM));
            reads.put("runs ?metric=acc:gte:0.96 (matches nothing)", () -> search(tracking, q(null, null, null, Map.of(),
                    List.of(new RunQuery.MetricFilter("acc", ">=", 0.96)), null), Caller.SYSTEM));
            reads.put("runs ?param=model:model-3, page 30 via token", () -> {
                PageToken token = deepToken(tracking, q(null, null, null, Map.of("model", "model-3"), List.of(), null), 29);
                return search(tracking, q(null, null, null, Map.of("model", "model-3"), List.of(), token), Caller.SYSTEM);
            });
            reads.put("runs as owner key:7 (5% of runs)", () -> search(tracking, q(null, null, null, Map.of(), List.of(), null), OWNER));
            reads.put("runs as owner+project, metric filter", () -> search(tracking, q(null, null, null, Map.of(),
                    List.of(new RunQuery.MetricFilter("acc", ">=", 0.949)), null), PROJECT));
            reads.put("experiments (admin, counters)", () -> tracking.experiments(Caller.SYSTEM).size());
            reads.put("experiments/exp-42 (admin)", () -> (int) tracking.experiment("exp-42", Caller.SYSTEM).runCount());
            reads.put("experiments (owner key:7)", () -> tracking.experiments(OWNER).size());
            reads.put("experiments/exp-7 (owner key:7)", () -> (int) tracking.experiment("exp-7", OWNER).runCount());
            String someRun = jdbc.sql("select id::text from tracking.run order by created_at desc limit 1").query(String.class).single();
            reads.put("runs/{id}", () -> tracking.getRun(java.util.UUID.fromString(someRun)).params().size());
            reads.put("runs/{id}/metrics", () -> tracking.metricHistories(java.util.UUID.fromString(someRun), Caller.SYSTEM).size());
            for (var e : reads.entrySet()) {
                int rows = 0;
                for (int i = 0; i < 5; i++) {
                    rows = e.getValue().get();
                }
                if (serverTimes) {
                    jdbc.sql("select pg_stat_statements_reset()").query(Object.class).single();
                }
                double[] ms = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long s = System.nanoTime();
                    e.getValue().get();
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                String server = serverTimes ? String.format(Locale.ROOT, "%.2f", jdbc.sql("""
                        select coalesce(sum(total_exec_time), 0) from pg_stat_statements
                        where dbid = (select oid from pg_database where datname = current_database())
                          and query not like '%pg_stat_statements%'""").query(Double.class).single() / calls) : "–";
                Arrays.sort(ms);
                md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %s |%n", e.getKey(), rows,
                        ms[calls / 2], ms[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)], server));
                System.out.printf(Locale.ROOT, "%,d runs  %-40s p50 %.2f ms%n", size, e.getKey(), ms[calls / 2]);
            }
        }
        md.append("\nMachine load after: `").append(uptime()).append("`\n");
        Files.writeString(out, md.toString());
        System.out.println("wrote " + out);
        System.exit(0);
    }

    static RunQuery q(String exp, String kind, String state, Map<String, String> params, List<RunQuery.MetricFilter> metrics,
            PageToken token) {
        return new RunQuery(exp, kind, state, new LinkedHashMap<>(params), metrics, 100, token);
    }

    /** The token of page {@code pages + 1}, found once per size (outside the timing). */
    static final Map<RunQuery, PageToken> DEEP = new java.util.HashMap<>();

    static PageToken deepToken(TrackingStore tracking, RunQuery q, int pages) {
        return DEEP.computeIfAbsent(q, k -> {
            PageToken token = null;
            for (int i = 0; i < pages; i++) {
                var page = tracking.searchRuns(new RunQuery(k.experiment(), k.kind(), k.state(), k.params(), k.metrics(),
                        k.pageSize(), token), Caller.SYSTEM);
                token = PageToken.decode(page.nextPageToken());
            }
            return token;
        });
    }

    static int search(TrackingStore tracking, RunQuery q, Caller viewer) {
        return tracking.searchRuns(q, viewer).items().size();
    }

    static boolean serverTimes(JdbcClient jdbc) {
        try {
            jdbc.sql("create extension if not exists pg_stat_statements").update();
            jdbc.sql("select count(*) from pg_stat_statements").query(Long.class).single();
            return true;
        } catch (RuntimeException notLoaded) {
            return false;
        }
    }

    static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
