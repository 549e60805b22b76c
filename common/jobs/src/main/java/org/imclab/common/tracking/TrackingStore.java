package org.imclab.common.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.imclab.common.web.RowVisibility;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * MLflow-like tracking store shared by every service: experiments, runs (one per job), params,
 * tags, step-wise metrics and run artifacts, all in the {@code tracking} schema.
 */
public class TrackingStore {

    private final JdbcClient jdbc;
    /** For the run search, which runs unprepared (see {@link #searchRuns}). */
    private final JdbcTemplate template;
    private final RunDetails details;

    /** Outside Spring (tests, benches, worker processes of their own). */
    public TrackingStore(DataSource dataSource) {
        this(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
    }

    /** On Boot's JdbcClient and JdbcTemplate (JobsAutoConfiguration). */
    public TrackingStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
        this.details = new RunDetails(jdbc);
    }

    /**
     * The id of the named experiment, creating it on first use. A plain read comes first: the upsert locks
     * the row, and inside a submission's transaction every submission to the experiment would queue behind it.
     */
    public long experimentId(String name) {
        return jdbc.sql("select id from tracking.experiment where name = ?").param(name).query(Long.class).optional()
                .orElseGet(() -> jdbc.sql("""
                        insert into tracking.experiment(name) values (?)
                        on conflict (name) do update set name = excluded.name returning id""")
                        .param(name).query(Long.class).single());
    }

    /** A run owned by the current caller (a job's owner while it runs). */
    public void createRun(UUID runId, String experiment, String kind, String service, String name, String state,
            Map<String, String> params, Map<String, String> tags) {
        createRun(runId, experiment, kind, service, name, state, params, tags, Caller.currentOrSystem());
    }

    /** A run owned by {@code owner} (its key and project), as the job it belongs to. */
    public void createRun(UUID runId, String experiment, String kind, String service, String name, String state,
            Map<String, String> params, Map<String, String> tags, Caller owner) {
        long exp = experimentId(experiment);
        Pairs p = Pairs.of(capParams(params));
        Pairs t = Pairs.of(tags);
        // One statement for the run, its params and its tags: a submission writes it last in its transaction,
        // and the run's insert trigger locks the experiment's counters until that transaction commits.
        // The params carry the run's creation time (V7) and experiment (V10) explicitly: the run row this statement
        // inserts is not visible to the fill-in trigger within the same statement; both times are now(), the
        // transaction's start.
        jdbc.sql("""
                with params as (
                    insert into tracking.param(run_id, key, value, run_created_at, experiment_id)
                    select ?, key, value, now(), ? from unnest(?::text[], ?::text[]) as p(key, value)
                    on conflict (run_id, key) do update set value = excluded.value),
                tags as (
                    insert into tracking.tag(run_id, key, value) select ?, key, value from unnest(?::text[], ?::text[]) as t(key, value)
                    on conflict (run_id, key) do update set value = excluded.value)
                insert into tracking.run(id, experiment_id, kind, service, name, state, owner, project)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do nothing""")
                .params(runId, exp, p.keys(), p.values(), runId, t.keys(), t.values(),
                        runId, exp, kind, service, name, state, owner.owner(), owner.project())
                .update();
    }

    private static Map<String, String> capParams(Map<String, String> params) {
        Map<String, String> capped = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> capped.put(cut(k, MAX_PARAM_KEY), v == null ? null : cut(v, MAX_PARAM_VALUE)));
        }
        return capped;
    }

    /**
     * Params are searchable through a (key, value) b-tree index, whose entries must stay under about
     * 2.7 kB: 150 + 500 characters is at most 2.6 kB in UTF-8. 500 is also MLflow's classic param
     * limit; the whole request stays in the job's own record.
     */
    static final int MAX_PARAM_KEY = 150;
    static final int MAX_PARAM_VALUE = 500;

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }

    public void setTags(UUID runId, Map<String, String> tags) {
        upsertPairs("tracking.tag", runId, tags);
    }

    /** Upserts key/value rows of a run in one statement. */
    private void upsertPairs(String table, UUID runId, Map<String, String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        Pairs p = Pairs.of(pairs);
        jdbc.sql("insert into " + table + "(run_id, key, value) select ?, key, value from unnest(?::text[], ?::text[]) as p(key, value) "
                + "on conflict (run_id, key) do update set value = excluded.value")
                .params(runId, p.keys(), p.values()).update();
    }

    /** A map as two parallel arrays for {@code unnest}; a null value is stored as "" (the columns are not null). */
    private record Pairs(String[] keys, String[] values) {
        static Pairs of(Map<String, String> pairs) {
            if (pairs == null) {
                return new Pairs(new String[0], new String[0]);
            }
            String[] keys = new String[pairs.size()];
            String[] values = new String[pairs.size()];
            int i = 0;
            for (Map.Entry<String, String> e : pairs.entrySet()) {
                keys[i] = e.getKey();
                values[i++] = e.getValue() == null ? "" : e.getValue();
            }
            return new Pairs(keys, values);
        }
    }

    /**
     * Logs several metrics at one step in one batched statement. Re-logging a step overwrites it, so a
     * resumed job's history keeps each step once.
     */
    public void logMetrics(UUID runId, long step, Map<String, Double> values) {
        if (values.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                keys.add(k);
                vals.add(v);
            }
        });
        if (keys.isEmpty()) {
            return;
        }
        // One statement: the run's counter update locks the run row until the points commit, so sequence
        // numbers of one run commit in order (see V6__metric_sequence.sql).
        jdbc.sql("""
                with counter as (
                    update tracking.run set metric_seq = metric_seq + ? where id = ? returning metric_seq)
                insert into tracking.metric(run_id, key, step, value, seq)
                select ?, t.key, ?, t.value, (select metric_seq from counter) - ? + t.ord
                from unnest(?::text[], ?::float8[]) with ordinality as t(key, value, ord)
                on conflict (run_id, key, step) do update
                  set value = excluded.value, logged_at = now(), seq = excluded.seq""")
                .params(keys.size(), runId, runId, step, keys.size(), keys.toArray(new String[0]),
                        vals.toArray(new Double[0]))
                .update();
    }

    /** Points of a run whose sequence number is above {@code afterSeq}, in sequence order; no run check, for streaming. */
    public List<SequencedMetric> metricsAfter(UUID runId, long afterSeq) {
        return jdbc.sql("select seq, key, step, value, logged_at from tracking.metric where run_id = ? and seq > ? order by seq")
                .params(runId, afterSeq)
                .query((rs, i) -> new SequencedMetric(rs.getLong(1), new MetricPoint(rs.getString(2), rs.getLong(3),
                        rs.getDouble(4), rs.getTimestamp(5).toInstant())))
                .list();
    }

    /** The highest metric sequence number a run has taken (0 before its first point). */
    public long lastMetricSeq(UUID runId) {
        return jdbc.sql("select metric_seq from tracking.run where id = ?").param(runId).query(Long.class).optional()
                .orElse(0L);
    }

    public void setRunState(UUID runId, String state) {
        jdbc.sql("""
                update tracking.run set state = ?,
                  started_at = case when ? = 'RUNNING' and started_at is null then now() else started_at end,
                  finished_at = case when ? in ('SUCCEEDED','FAILED','CANCELLED') then now() else finished_at end
                where id = ?""")
                .params(state, state, state, runId).update();
    }

    public void attachArtifact(UUID runId, String name, String sha256) {
        jdbc.sql("""
                insert into tracking.run_artifact(run_id, name, sha256) values (?, ?, ?)
                on conflict (run_id, name) do update set sha256 = excluded.sha256""")
                .params(runId, name, sha256).update();
    }

    /** The run whatever its owner: for the platform's own bookkeeping (a job's SSE stream), not for callers. */
    public RunView getRun(UUID runId) {
        return getRun(runId, Caller.SYSTEM);
    }

    /** The run if {@code viewer} may see it; another owner's run is a 404, as if it did not exist. */
    public RunView getRun(UUID runId, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer, "r");
        List<Object> args = new ArrayList<>();
        args.add(runId);
        args.addAll(visible.args());
        List<RunView> found = jdbc.sql(RunSearch.RUN_COLUMNS + " where r.id = ? and " + visible.positional()).params(args)
                .query(this::baseRun).list();
        if (found.isEmpty()) {
            throw ApiException.notFound("run", runId);
        }
        return details.fill(found).get(0);
    }

    /** A metric's history whatever the run's owner: for the platform's own bookkeeping. */
    public List<MetricPoint> metricHistory(UUID runId, String key) {
        return metricHistory(runId, key, Caller.SYSTEM);
    }

    public List<MetricPoint> metricHistory(UUID runId, String key, Caller viewer) {
        getRun(runId, viewer);
        return jdbc.sql("select key, step, value, logged_at from tracking.metric where run_id = ? and (cast(? as text) is null or key = ?) order by key, step")
                .params(runId, key, key)
                .query((rs, i) -> new MetricPoint(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** Metric histories of a run grouped by key, for charts. */
    public Map<String, List<MetricPoint>> metricHistories(UUID runId, Caller viewer) {
        Map<String, List<MetricPoint>> out = new LinkedHashMap<>();
        for (MetricPoint p : metricHistory(runId, null, viewer)) {
            out.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /**
     * How many matches make a filter dense: below this a filter drives the search (sorting its matches by
     * time costs at most this many index entries); at or above it, matches are common among the newest
     * runs and a newest-first walk fills a page early. Also the cap of the sizing count.
     */
    static final int DENSE_FILTER = 10_000;

    /**
     * Runs matching {@code q} that {@code viewer} may see, newest first, as summaries; the visibility filter
     * runs before paging. At most six statements a page: the experiment's id and run count, the size of
     * each param and metric filter (one statement, counted up to {@link #DENSE_FILTER}, to pick the filter
     * that drives the page, see {@link RunSearch}), the page, and its params, tags and latest metrics (each
     * for the whole page).
     */
    public Page<RunSummary> searchRuns(RunQuery q, Caller viewer) {
        RunSearch search = plan(q, viewer);
        if (search == null) {
            return new Page<>(List.of(), null);
        }
        List<RunView> rows = new ArrayList<>(template.query(con -> unprepared(con, search), this::baseRun));
        String next = null;
        if (rows.size() > q.pageSize()) {
            rows.remove(rows.size() - 1);
            RunView last = rows.get(rows.size() - 1);
            next = new PageToken(last.createdAt(), last.id()).encode();
        }
        return new Page<>(summaries(rows), next);
    }

    /**
     * The page statement for {@code q}, driven as {@link RunSearch#driver} picks; null when the experiment
     * filter names no experiment. Package-private so the plan tests EXPLAIN exactly what a search runs.
     */
    RunSearch plan(RunQuery q, Caller viewer) {
        Long experimentId = null;
        Long experimentRuns = null;
        Long visibleRuns = null;
        if (q.experiment() != null) {
            // With the runs a non-admin caller may see in it, from V9's counters: how densely the caller's runs
            // fill the experiment decides how its page is read (RunSearch#runsDriven).
            RowVisibility visible = RowVisibility.of(viewer, "c");
            List<Object> args = new ArrayList<>(visible.args());
            args.add(q.experiment());
            var found = jdbc.sql("select e.id, e.run_count, " + (viewer.isAdmin() ? "e.run_count"
                            : "(select coalesce(sum(c.runs), 0) from tracking.experiment_visible_count c"
                                    + " where c.experiment_id = e.id and " + visible.positional() + ")")
                            + " from tracking.experiment e where e.name = ?")
                    .params(args)
                    .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).optional();
            if (found.isEmpty()) {
                return null;
            }
            experimentId = found.get()[0];
            experimentRuns = found.get()[1];
            visibleRuns = found.get()[2];
        }
        int driver = RunSearch.RUNS;
        long[] sizes = null;
        RunSearch sizing = RunSearch.sizes(q, experimentId, DENSE_FILTER);
        if (sizing != null) {
            sizes = template.query(con -> unprepared(con, sizing), rs -> {
                rs.next();
                long[] out = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            });
            driver = RunSearch.driver(q, sizes, experimentRuns, DENSE_FILTER);
        }
        boolean walkExperiment = experimentId != null && RunSearch.walksExperiment(q, experimentRuns, visibleRuns);
        return RunSearch.of(q, experimentId, viewer, driver, sizes, DENSE_FILTER, walkExperiment);
    }

    /**
     * The search statement, planned for its own values every time. The driver would otherwise turn a
     * statement it has run five times into a server-side prepared one, and PostgreSQL may then settle on
     * a generic plan that cannot see how selective a param value or metric bound is (measured at 1M runs:
     * 0.5-2 s against 20-60 ms).
     */
    private static java.sql.PreparedStatement unprepared(java.sql.Connection con, RunSearch search) throws SQLException {
        java.sql.PreparedStatement ps = con.prepareStatement(search.sql());
        if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
        new org.springframework.jdbc.core.ArgumentPreparedStatementSetter(search.args().toArray()).setValues(ps);
        return ps;
    }

    private List<RunSummary> summaries(List<RunView> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        UUID[] ids = runs.stream().map(RunView::id).toArray(UUID[]::new);
        Map<UUID, Map<String, String>> params = new java.util.HashMap<>();
        Map<UUID, Map<String, String>> tags = new java.util.HashMap<>();
        java.util.Set<UUID> truncated = new java.util.HashSet<>();
        cutPairs("tracking.param", ids, params, truncated);
        cutPairs("tracking.tag", ids, tags, truncated);
        Map<UUID, Map<String, Double>> metrics = new java.util.HashMap<>();
        jdbc.sql("""
                select run_id, key, value from tracking.latest_metric where run_id = any(?) order by run_id, key""")
                .param(ids).query(rs -> {
                    metrics.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getDouble(3));
                });
        return runs.stream().map(r -> new RunSummary(r.id(), r.experiment(), r.kind(), r.service(), r.name(),
                r.state(), r.createdAt(), r.startedAt(), r.finishedAt(), params.getOrDefault(r.id(), Map.of()),
                tags.getOrDefault(r.id(), Map.of()), metrics.getOrDefault(r.id(), Map.of()),
                truncated.contains(r.id()))).toList();
    }

    /** Key/value pairs of many runs, each key and value cut to MAX_TEXT and at most MAX_ENTRIES per run. */
    private void cutPairs(String table, UUID[] ids, Map<UUID, Map<String, String>> out, java.util.Set<UUID> truncated) {
        int max = RunSummary.MAX_TEXT;
        jdbc.sql("""
                select run_id, left(key, %d), left(value, %d), length(key) > %d or length(value) > %d, n
                from (select run_id, key, value, row_number() over (partition by run_id order by key) as n
                      from %s where run_id = any(?)) t
                where n <= %d order by run_id, key""".formatted(max, max, max, max, table,
                        RunSummary.MAX_ENTRIES + 1))
                .param(ids).query(rs -> {
                    UUID run = rs.getObject(1, UUID.class);
                    if (rs.getBoolean(4) || rs.getInt(5) > RunSummary.MAX_ENTRIES) {
                        truncated.add(run);
                    }
                    if (rs.getInt(5) <= RunSummary.MAX_ENTRIES) {
                        out.computeIfAbsent(run, k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                });
    }

    /**
     * Experiments with the runs {@code viewer} may see. Names are shared, so a non-admin sees only those
     * holding at least one of their visible runs, counted over those runs alone; admins see all.
     *
     * <p>Admins read the counters the V5 triggers keep on each experiment. A non-admin's counts depend on
     * which runs they may see, so they come from V9's counters per (experiment, owner, project, state),
     * which the run trigger keeps: a few rows per experiment, whatever the number of runs.
     */
    public List<ExperimentView> experiments(Caller viewer) {
        return viewer.isAdmin() ? countedExperiments(null) : visibleExperiments(viewer, null);
    }

    /** One experiment by name, looked up directly (not picked out of the list). */
    public ExperimentView experiment(String name, Caller viewer) {
        Long id = jdbc.sql("select id from tracking.experiment where name = ?").param(name)
                .query(Long.class).optional().orElse(null);
        List<ExperimentView> found = id == null ? List.of()
                : viewer.isAdmin() ? countedExperiments(id) : visibleExperiments(viewer, id);
        return found.stream().findFirst().orElseThrow(() -> ApiException.notFound("experiment", name));
    }

    private List<ExperimentView> countedExperiments(Long id) {
        String where = id == null ? "" : " where e.id = ?";
        List<Object> args = id == null ? List.of() : List.of(id);
        Map<Long, Map<String, Long>> byState = new HashMap<>();
        jdbc.sql("select s.experiment_id, s.state, s.runs from tracking.experiment_state_count s where s.runs > 0"
                        + (id == null ? "" : " and s.experiment_id = ?"))
                .params(args).query(rs -> {
                    byState.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        return jdbc.sql("select e.id, e.name, e.created_at, e.run_count, e.last_run_at from tracking.experiment e" + where
                        + " order by coalesce(e.last_run_at, e.created_at) desc, e.id desc")
                .params(args)
                .query((rs, i) -> new ExperimentView(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getLong(4), instant(rs, 5), byState.getOrDefault(rs.getLong(1), Map.of())))
                .list();
    }

    private List<ExperimentView> visibleExperiments(Caller viewer, Long id) {
        RowVisibility visible = RowVisibility.of(viewer, "c");
        List<Object> args = new ArrayList<>(visible.args());
        String byId = "";
        if (id != null) {
            byId = " and c.experiment_id = ?";
            args.add(id);
        }
        record Group(long id, String name, Instant createdAt, String state, long runs, Instant last) {
        }
        // V9's counters per (experiment, owner, project, state); a run without a project is under ''.
        List<Group> groups = jdbc.sql("select e.id, e.name, e.created_at, v.state, v.runs, v.last from"
                        + " (select c.experiment_id, c.state, sum(c.runs) as runs, max(c.last_run_at) as last"
                        + "  from tracking.experiment_visible_count c where c.runs > 0 and " + visible.positional() + byId
                        + "  group by c.experiment_id, c.state) v"
                        + " join tracking.experiment e on e.id = v.experiment_id")
                .params(args)
                .query((rs, i) -> new Group(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getLong(5), instant(rs, 6)))
                .list();
        Map<Long, ExperimentView> out = new LinkedHashMap<>();
        for (Group g : groups) {
            ExperimentView seen = out.get(g.id());
            Map<String, Long> states = seen == null ? new TreeMap<>() : seen.runsByState();
            states.put(g.state(), g.runs());
            out.put(g.id(), new ExperimentView(g.id(), g.name(), g.createdAt(),
                    (seen == null ? 0 : seen.runCount()) + g.runs(),
                    seen == null || g.last().isAfter(seen.lastRunAt()) ? g.last() : seen.lastRunAt(), states));
        }
        return out.values().stream()
                .sorted(java.util.Comparator.comparing(ExperimentView::lastRunAt).reversed()
                        .thenComparing(java.util.Comparator.comparingLong(ExperimentView::id).reversed()))
                .toList();
    }

    /**
     * Whether {@code viewer} may download an artifact by hash: admins may; others when it belongs to a
     * run they can see. Content-addressed hashes are not secrets, so knowing one is not enough.
     */
    public boolean artifactVisible(String sha256, Caller viewer) {
        if (viewer.isAdmin()) {
            return true;
        }
        RowVisibility visible = RowVisibility.of(viewer, "r");
        List<Object> args = new ArrayList<>();
        args.add(sha256);
        args.addAll(visible.args());
        return jdbc.sql("select exists (select 1 from tracking.run_artifact a join tracking.run r on r.id = a.run_id"
                        + " where a.sha256 = ? and " + visible.positional() + ")")
                .params(args).query(Boolean.class).single();
    }

    private RunView baseRun(ResultSet rs, int i) throws SQLException {
        return new RunView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                Map.of(), Map.of(), Map.of(), List.of(), rs.getString(10), rs.getString(11));
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
