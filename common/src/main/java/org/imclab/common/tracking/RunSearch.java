package org.imclab.common.tracking;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RowVisibility;

/**
 * The SQL of one run-search page. Every filter is a condition an index serves: the experiment by id
 * (names are resolved first), kind and state by their own indexes, params through {@code (key, value,
 * run_id)} and metrics through the latest-value table's {@code (key, value, run_id)}. Param and metric
 * filters are semi-joins ({@code r.id in (...)}), so the planner may start from the most selective
 * index and sort the few matches, rather than walk every run newest-first probing each.
 */
record RunSearch(String sql, List<Object> args) {

    static final String RUN_COLUMNS = """
            select r.id, e.name, r.kind, r.service, r.name, r.state, r.created_at, r.started_at, r.finished_at,
                   r.owner, r.project
            from tracking.run r join tracking.experiment e on e.id = r.experiment_id""";

    /** The page query for {@code q}; {@code experimentId} is the resolved experiment filter, or null. */
    static RunSearch of(RunQuery q, Long experimentId, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer, "r");
        StringBuilder sql = new StringBuilder(RUN_COLUMNS).append(" where ").append(visible.positional());
        List<Object> args = new ArrayList<>(visible.args());
        if (experimentId != null) {
            sql.append(" and r.experiment_id = ?");
            args.add(experimentId);
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
                sql.append(" and r.id in (select p.run_id from tracking.param p where p.key = ? and p.value = ?)");
                args.add(k);
                args.add(v);
            });
        }
        if (q.metrics() != null) {
            for (RunQuery.MetricFilter f : q.metrics()) {
                sql.append(" and r.id in (select m.run_id from tracking.latest_metric m where m.key = ? and m.value ")
                        .append(operator(f.op())).append(" ?)");
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
        return new RunSearch(sql.toString(), List.copyOf(args));
    }

    /** Only the parser's operators reach the SQL text; anything else is a programming error. */
    private static String operator(String op) {
        return switch (op) {
            case "<", "<=", ">", ">=", "=" -> op;
            default -> throw new IllegalArgumentException("unknown metric operator " + op);
        };
    }
}
