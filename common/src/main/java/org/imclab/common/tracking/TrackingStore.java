package org.imclab.common.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final JdbcTemplate template;

    public TrackingStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
    }

    /** The id of the named experiment, creating it on first use. */
    public long experimentId(String name) {
        return jdbc.sql("""
                insert into tracking.experiment(name) values (?)
                on conflict (name) do update set name = excluded.name returning id""")
                .param(name).query(Long.class).single();
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
        jdbc.sql("""
                insert into tracking.run(id, experiment_id, kind, service, name, state, owner, project)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do nothing""")
                .params(runId, exp, kind, service, name, state, owner.owner(), owner.project()).update();
        logParams(runId, params);
        setTags(runId, tags);
    }

    public void logParams(UUID runId, Map<String, String> params) {
        upsertPairs("tracking.param", runId, params);
    }

    public void setTags(UUID runId, Map<String, String> tags) {
        upsertPairs("tracking.tag", runId, tags);
    }

    private void upsertPairs(String table, UUID runId, Map<String, String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        pairs.forEach((k, v) -> rows.add(new Object[] {runId, k, v == null ? "" : v}));
        template.batchUpdate("insert into " + table + "(run_id, key, value) values (?, ?, ?) "
                + "on conflict (run_id, key) do update set value = excluded.value", rows);
    }

    /**
     * Logs several metrics at one step in one batched statement. Re-logging a step overwrites it, so a
     * resumed job's history keeps each step once.
     */
    public void logMetrics(UUID runId, long step, Map<String, Double> values) {
        if (values.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                rows.add(new Object[] {runId, k, step, v});
            }
        });
        template.batchUpdate("""
                insert into tracking.metric(run_id, key, step, value) values (?, ?, ?, ?)
                on conflict (run_id, key, step) do update set value = excluded.value, logged_at = now()""", rows);
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
        List<RunView> found = jdbc.sql(RUN_SELECT + " where r.id = ? and " + visible.positional()).params(args)
                .query(this::baseRun).list();
        if (found.isEmpty()) {
            throw ApiException.notFound("run", runId);
        }
        return withDetails(found.get(0));
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

    /** Points of a run logged (or re-logged) at or after {@code since}, oldest first; no run check, for polling. */
    public List<MetricPoint> metricsLoggedSince(UUID runId, java.time.Instant since) {
        return jdbc.sql("select key, step, value, logged_at from tracking.metric where run_id = ? and logged_at >= ? "
                        + "order by logged_at, key, step")
                .params(runId, java.sql.Timestamp.from(since))
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
     * Runs matching {@code q} that {@code viewer} may see, newest first, as summaries; the visibility filter
     * runs before paging, and details for the whole page come in three queries.
     */
    public Page<RunSummary> searchRuns(RunQuery q, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer, "r");
        StringBuilder sql = new StringBuilder(RUN_SELECT).append(" where ").append(visible.positional());
        List<Object> args = new ArrayList<>(visible.args());
        if (q.experiment() != null) {
            sql.append(" and e.name = ?");
            args.add(q.experiment());
        }
        if (q.kind() != null) {
            sql.append(" and r.kind = ?");
            args.add(q.kind());
        }
        if (q.state() != null) {
            sql.append(" and r.state = ?");
            args.add(q.state());
        }
        if (q.params() != null) {
            q.params().forEach((k, v) -> {
                sql.append(" and exists (select 1 from tracking.param p where p.run_id = r.id and p.key = ? and p.value = ?)");
                args.add(k);
                args.add(v);
            });
        }
        if (q.metrics() != null) {
            for (RunQuery.MetricFilter f : q.metrics()) {
                // The latest step's value is the run's "final" value of that metric.
                sql.append(" and (select m.value from tracking.metric m where m.run_id = r.id and m.key = ? order by m.step desc limit 1) ")
                        .append(f.op()).append(" ?");
                args.add(f.key());
                args.add(f.value());
            }
        }
        if (q.pageToken() != null) {
            sql.append(" and (r.created_at, r.id) < (?, ?)");
            args.add(Timestamp.from(q.pageToken().createdAt()));
            args.add(q.pageToken().id());
        }
        sql.append(" order by r.created_at desc, r.id desc limit ?");
        args.add(q.pageSize() + 1);
        List<RunView> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(args).query(this::baseRun).list());
        String next = null;
        if (rows.size() > q.pageSize()) {
            rows.remove(rows.size() - 1);
            RunView last = rows.get(rows.size() - 1);
            next = new PageToken(last.createdAt(), last.id()).encode();
        }
        return new Page<>(summaries(rows), next);
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
                select distinct on (run_id, key) run_id, key, value from tracking.metric
                where run_id = any(?) order by run_id, key, step desc""")
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
     */
    public List<ExperimentView> experiments(Caller viewer) {
        return experiments(viewer, null);
    }

    public ExperimentView experiment(String name, Caller viewer) {
        return experiments(viewer, name).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("experiment", name));
    }

    private List<ExperimentView> experiments(Caller viewer, String name) {
        RowVisibility visible = RowVisibility.of(viewer, "r");
        List<Object> args = new ArrayList<>(visible.args());
        String byName = "";
        if (name != null) {
            byName = " where e.name = ?";
            args.add(name);
        }
        return jdbc.sql("select e.id, e.name, e.created_at, count(r.id), max(r.created_at)"
                        + " from tracking.experiment e left join tracking.run r on r.experiment_id = e.id and "
                        + visible.positional() + byName
                        + " group by e.id" + (viewer.isAdmin() ? "" : " having count(r.id) > 0")
                        + " order by coalesce(max(r.created_at), e.created_at) desc")
                .params(args)
                .query((rs, i) -> new ExperimentView(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getLong(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
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

    private static final String RUN_SELECT = """
            select r.id, e.name, r.kind, r.service, r.name, r.state, r.created_at, r.started_at, r.finished_at,
                   r.owner, r.project
            from tracking.run r join tracking.experiment e on e.id = r.experiment_id""";

    private RunView baseRun(ResultSet rs, int i) throws SQLException {
        return new RunView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                Map.of(), Map.of(), Map.of(), List.of(), rs.getString(10), rs.getString(11));
    }

    private RunView withDetails(RunView r) {
        Map<String, String> params = pairs("tracking.param", r.id());
        Map<String, String> tags = pairs("tracking.tag", r.id());
        Map<String, Double> metrics = new LinkedHashMap<>();
        jdbc.sql("""
                select distinct on (key) key, value from tracking.metric where run_id = ? order by key, step desc""")
                .param(r.id()).query(rs -> {
                    metrics.put(rs.getString(1), rs.getDouble(2));
                });
        List<RunView.RunArtifact> artifacts = jdbc.sql("select name, sha256 from tracking.run_artifact where run_id = ? order by name")
                .param(r.id()).query((rs, i) -> new RunView.RunArtifact(rs.getString(1), rs.getString(2).trim())).list();
        return new RunView(r.id(), r.experiment(), r.kind(), r.service(), r.name(), r.state(), r.createdAt(),
                r.startedAt(), r.finishedAt(), params, tags, metrics, artifacts, r.owner(), r.project());
    }

    private Map<String, String> pairs(String table, UUID runId) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql("select key, value from " + table + " where run_id = ? order by key").param(runId)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
