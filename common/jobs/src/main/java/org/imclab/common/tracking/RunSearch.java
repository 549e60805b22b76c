package org.imclab.common.tracking;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RowVisibility;

/**
 * The SQL of one run-search page, driven from the filter that the caller found most selective. A search
 * pages newest first, so whatever drives the plan must yield runs in (created_at, id) order or be cheap
 * to sort by it:
 * <ul>
 *   <li>{@link #RUNS}: a run index newest first (created, experiment, kind, state, owner, project), each
 *       param and metric filter probed through its primary key {@code (run_id, key)}. Right when no
 *       filter is selective: matches are then dense among the newest runs and a page fills early.</li>
 *   <li>a param filter: its index {@code (key, value, run_created_at, run_id)} read backwards is already
 *       in page order, so the newest page of a param is read straight from it and the walk stops after
 *       a page, however many runs match.</li>
 *   <li>a metric filter: its range in {@code (key, value) include (run_created_at, run_id)} is sorted by
 *       time from the index alone; only then are runs visited, in page order, until the page is full.</li>
 * </ul>
 * Param and metric rows carry their run's {@code created_at} as {@code run_created_at} (V7) for this, and
 * its experiment (V10): with an experiment filter, filters are sized and driven through indexes that start
 * with {@code experiment_id}, so a search of one experiment reads that experiment's matches only.
 * The driver is read in a subquery the planner may not flatten ({@code offset 0}): it stays the outer
 * side of the joins, sorted once, and the other filters are probed per candidate in page order. Joins on
 * a key are at most one row per run (primary keys (run_id, key)), so they do not multiply runs.
 * The statement must be planned with its actual values ({@link TrackingStore} runs it unprepared).
 *
 * <p>Why the application picks the driver instead of the planner: joining every filter on
 * {@code (run_id, run_created_at) = (r.id, r.created_at)} would let the planner take the order from
 * any filter index by itself, but it multiplies the two join clauses' selectivities as if independent,
 * estimates one row per join and then hash-joins whole filter ranges (0.8 s for a param of 10 % at 1M
 * runs). Joined on {@code run_id} alone the estimates are right, but only one table's columns can
 * carry the page order.
 */
record RunSearch(String sql, List<Object> args) {

    /** Drive from the run indexes. Other drivers are filter positions: params first, then metrics. */
    static final int RUNS = -1;

    static final String RUN_COLUMNS = """
            select r.id, e.name, r.kind, r.service, r.name, r.state, r.created_at, r.started_at, r.finished_at,
                   r.owner, r.project
            from tracking.run r join tracking.experiment e on e.id = r.experiment_id""";

    private static final String SELECT = """
            select r.id, e.name, r.kind, r.service, r.name, r.state, r.created_at, r.started_at, r.finished_at,
                   r.owner, r.project""";

    /** A filter as the SQL sees it: its table, key and value condition. */
    private record Filter(String table, String key, String condition, Object value) {
    }

    private static List<Filter> filters(RunQuery q) {
        List<Filter> out = new ArrayList<>();
        if (q.params() != null) {
            q.params().forEach((k, v) -> out.add(new Filter("tracking.param", k, "= ?", v)));
        }
        if (q.metrics() != null) {
            for (RunQuery.MetricFilter f : q.metrics()) {
                out.add(new Filter("tracking.latest_metric", f.key(), operator(f.op()) + " ?", f.value()));
            }
        }
        return out;
    }

    /**
     * One statement that sizes every param and metric filter: how many runs it matches, within the experiment
     * when {@code experimentId} is given (V10's experiment-first indexes), counted from its index up to
     * {@code cap} (index-only, so at most {@code cap} entries each), in filter order. Null when the query has
     * no such filter.
     */
    static RunSearch sizes(RunQuery q, Long experimentId, int cap) {
        List<Filter> filters = filters(q);
        if (filters.isEmpty()) {
            return null;
        }
        List<Object> args = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (Filter f : filters) {
            counts.add("(select count(*) from (select 1 from " + f.table() + " where " + (experimentId == null ? "" : "experiment_id = ? and ")
                    + "key = ? and value " + f.condition() + " limit ?) c)");
            if (experimentId != null) {
                args.add(experimentId);
            }
            args.add(f.key());
            args.add(f.value());
            args.add(cap);
        }
        return new RunSearch("select " + String.join(", ", counts), List.copyOf(args));
    }

    /**
     * The page query for {@code q} driven by {@code driver}; {@code experimentId} is the resolved experiment,
     * or null. {@code sizes} (from {@link #sizes}, or null) orders the probed filters, most selective first,
     * so most candidates fail at their first probe.
     */
    static RunSearch of(RunQuery q, Long experimentId, Caller viewer, int driver, long[] sizes) {
        List<Filter> filters = filters(q);
        if (driver >= filters.size()) {
            throw new IllegalArgumentException("no filter " + driver + " to drive from");
        }
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>();
        Timestamp tokenTime = q.pageToken() == null ? null : Timestamp.from(q.pageToken().createdAt());
        String order;
        List<Object> whereArgs = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (driver == RUNS) {
            sql.append(" from tracking.run r");
            order = "r.created_at desc, r.id desc";
        } else {
            Filter d = filters.get(driver);
            String token = tokenTime == null ? "" : " and (run_created_at, run_id) < (?, ?)";
            // Within an experiment, the driver reads V10's experiment-first index: only that experiment's matches.
            String scope = experimentId == null ? "" : "experiment_id = ? and ";
            if (d.table().equals("tracking.param")) {
                // Flattened, so the planner sees the page's LIMIT and reads (key, value) backwards in order.
                sql.append(" from tracking.param d join tracking.run r on r.id = d.run_id");
                where.append(" and ").append(scope.replace("experiment_id", "d.experiment_id"))
                        .append("d.key = ? and d.value ").append(d.condition())
                        .append(token.replace("(run_", "(d.run_").replace(", run_id)", ", d.run_id)"));
            } else {
                // A selective metric range (fewer than the dense cap): sorted whole from its index inside the
                // fence, then its runs are visited in page order until the page is full.
                sql.append(" from (select run_id, run_created_at from ").append(d.table())
                        .append(" where ").append(scope).append("key = ? and value ").append(d.condition()).append(token)
                        .append(" order by run_created_at desc, run_id desc offset 0) d join tracking.run r on r.id = d.run_id");
            }
            List<Object> driverArgs = new ArrayList<>();
            if (experimentId != null) {
                driverArgs.add(experimentId);
            }
            driverArgs.addAll(List.of(d.key(), d.value()));
            if (tokenTime != null) {
                driverArgs.add(tokenTime);
                driverArgs.add(q.pageToken().id());
            }
            (d.table().equals("tracking.param") ? whereArgs : args).addAll(driverArgs);
            order = "d.run_created_at desc, d.run_id desc";
        }
        sql.append(" join tracking.experiment e on e.id = r.experiment_id");
        // Every other filter is a probe of its primary key (run_id, key) per candidate run: a scalar
        // subquery, which the planner keeps per row instead of turning it into a join over all matches.
        // A run without the key yields null, which no comparison passes.
        List<Integer> probes = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            if (i != driver) {
                probes.add(i);
            }
        }
        // Most selective first. Filters past the count's cap tie; a metric bound (a tail of a distribution,
        // as searches ask for) then goes before a param value (one of a handful: a fifth or a third of runs).
        int paramCount = q.params() == null ? 0 : q.params().size();
        java.util.Comparator<Integer> selective = java.util.Comparator.comparingLong(i -> sizes == null ? 0 : sizes[i]);
        probes.sort(selective.thenComparing(i -> i < paramCount));
        for (int i : probes) {
            Filter f = filters.get(i);
            where.append(" and (select f.value from ").append(f.table()).append(" f where f.run_id = r.id and f.key = ?) ")
                    .append(f.condition());
            whereArgs.add(f.key());
            whereArgs.add(f.value());
        }
        RowVisibility visible = RowVisibility.of(viewer, "r");
        sql.append(" where ").append(visible.positional()).append(where);
        args.addAll(visible.args());
        args.addAll(whereArgs);
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
        if (tokenTime != null && driver == RUNS) {
            sql.append(" and (r.created_at, r.id) < (?, ?)");
            args.add(tokenTime);
            args.add(q.pageToken().id());
        }
        sql.append(" order by ").append(order).append(" limit ?");
        args.add(q.pageSize() + 1);
        return new RunSearch(sql.toString(), List.copyOf(args));
    }

    /**
     * Picks the driver from the filters' sizes (counted up to {@code cap}, within the experiment when there
     * is one) and the experiment's run count (null without an experiment filter): the smallest filter when
     * it matches fewer than {@code cap} runs and fewer than the experiment holds, since sorting it by time
     * costs at most that many index entries; otherwise, every filter being dense, a param (its index is in
     * page order, within the experiment too, so it stops after a page) when no kind or state filter
     * narrows the runs first, else the run indexes.
     */
    static int driver(RunQuery q, long[] sizes, Long experimentRuns, int cap) {
        int smallest = RUNS;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < cap && (smallest == RUNS || sizes[i] < sizes[smallest])) {
                smallest = i;
            }
        }
        if (smallest != RUNS && (experimentRuns == null || sizes[smallest] < experimentRuns)) {
            return smallest;
        }
        boolean runLevel = q.kind() != null || q.state() != null;
        boolean hasParam = q.params() != null && !q.params().isEmpty();
        return !runLevel && hasParam ? 0 : RUNS;
    }

    /** Only the parser's operators reach the SQL text; anything else is a programming error. */
    private static String operator(String op) {
        return switch (op) {
            case "<", "<=", ">", ">=", "=" -> op;
            default -> throw new IllegalArgumentException("unknown metric operator " + op);
        };
    }
}
