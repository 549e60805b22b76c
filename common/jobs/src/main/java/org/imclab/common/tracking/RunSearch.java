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
 *   <li>{@link #RUNS}: a run index newest first (created, experiment, kind, state, owner, project). Right
 *       without param and metric filters, and when none is selective and a kind or state filter (or an
 *       experiment with dense metric bounds only) narrows the runs: matches are then dense among the
 *       newest runs and a page fills early.</li>
 *   <li>a param filter: its index {@code (key, value, run_created_at, run_id)} read backwards is already
 *       in page order, so the newest page of a param is read straight from it and the walk stops after
 *       a page, however many runs match.</li>
 *   <li>a selective metric filter: its range in {@code (key, value) include (run_created_at, run_id)} is
 *       sorted by time from the index alone, then its candidates are checked in page order.</li>
 *   <li>a dense metric filter: V11's {@code (key, run_created_at, run_id) include (value)} read backwards
 *       is in page order; the bound is checked in the index and the walk stops after a page.</li>
 * </ul>
 * Param and metric rows carry their run's {@code created_at} as {@code run_created_at} (V7) for this, and
 * its experiment (V10): with an experiment filter, filters are sized and driven through indexes that start
 * with {@code experiment_id}, so a search of one experiment reads that experiment's matches only.
 *
 * <p>Every other filter is an index-only probe of the candidate's {@code (run_created_at, run_id)} in that
 * filter's search index, and a candidate from a filter is checked against the run's owner, project, kind
 * and state in V11's covering run index: a page reads its candidates' index entries, and run rows only for
 * the page it returns (at 1M runs, 1,143 candidates of a param and a metric read 5,192 buffers instead of
 * 10,502: each used to read its run row and the metric's row). A selective metric's sorted range stays
 * in a subquery the planner may not flatten ({@code offset 0}), so it is sorted once and stays the outer
 * side; the page is the inner query's LIMIT. The statement must be planned with its actual values
 * ({@link TrackingStore} runs it unprepared).
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
     * so most candidates fail at their first probe; a metric driver whose size reached {@code cap} is dense
     * and walked in page order instead of sorted.
     */
    static RunSearch of(RunQuery q, Long experimentId, Caller viewer, int driver, long[] sizes, int cap,
            boolean walkExperiment) {
        List<Filter> filters = filters(q);
        if (driver >= filters.size()) {
            throw new IllegalArgumentException("no filter " + driver + " to drive from");
        }
        return driver == RUNS ? runsDriven(q, experimentId, viewer, filters, sizes, walkExperiment)
                : filterDriven(q, experimentId, viewer, filters, driver, sizes, cap);
    }

    /**
     * Whether a non-admin's page of one experiment should walk the experiment's runs newest first, checking
     * each run's owner and project as it goes: true when the caller's runs ({@code visibleRuns}, V9's counters)
     * fill the experiment densely enough that the walk, about (page + 1) * experimentRuns / visibleRuns runs,
     * reads no more runs than the caller has there (what the alternative, an owner index intersected with the
     * experiment's and sorted, reads). A user's own experiment is the usual case: there every run is theirs.
     */
    static boolean walksExperiment(RunQuery q, Long experimentRuns, Long visibleRuns) {
        return experimentRuns != null && visibleRuns != null && visibleRuns > 0
                && visibleRuns * visibleRuns >= (long) (q.pageSize() + 1) * experimentRuns;
    }

    /** Newest runs first from a run index; every filter is a probe of the candidate run. */
    private static RunSearch runsDriven(RunQuery q, Long experimentId, Caller viewer, List<Filter> filters, long[] sizes,
            boolean walkExperiment) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        RowVisibility visible = RowVisibility.of(viewer, "r");
        // The planner estimates owner and experiment as independent (a twentieth of an experiment for an owner of a
        // twentieth of all runs), so for a caller who owns the whole experiment it intersected the owner's and the
        // experiment's indexes and sorted every match: 141 ms at 1M runs for a page of a 10,000-run experiment.
        // Wrapped in coalesce the check has no statistics (estimated to pass half the runs), nor an index, and the
        // planner walks the experiment's index newest first and stops after a page (0.5 ms). walksExperiment decides
        // when the counters say the walk is short.
        where.add(walkExperiment && !viewer.isAdmin() ? "coalesce(" + visible.positional() + ", false)" : visible.positional());
        args.addAll(visible.args());
        probes(q, filters, RUNS, sizes, "r.created_at", "r.id", where, args);
        if (experimentId != null) {
            where.add("r.experiment_id = ?");
            args.add(experimentId);
        }
        runColumns(q, "r", where, args);
        if (q.pageToken() != null) {
            where.add("(r.created_at, r.id) < (?, ?)");
            args.add(Timestamp.from(q.pageToken().createdAt()));
            args.add(q.pageToken().id());
        }
        args.add(q.pageSize() + 1);
        return new RunSearch(SELECT + " from tracking.run r join tracking.experiment e on e.id = r.experiment_id where "
                + String.join(" and ", where) + " order by r.created_at desc, r.id desc limit ?", List.copyOf(args));
    }

    /**
     * Candidates from a filter's index in page order, checked by index-only probes (the other filters
     * through their search indexes, the run's owner, project, kind and state through V11's covering run
     * index), limited to a page; only then are the page's runs read.
     */
    private static RunSearch filterDriven(RunQuery q, Long experimentId, Caller viewer, List<Filter> filters, int driver,
            long[] sizes, int cap) {
        Filter d = filters.get(driver);
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        Timestamp tokenTime = q.pageToken() == null ? null : Timestamp.from(q.pageToken().createdAt());
        // Within an experiment, the driver reads V10's experiment-first index: only that experiment's matches,
        // so the experiment needs no other check.
        String scope = experimentId == null ? "" : "experiment_id = ? and ";
        List<Object> driverArgs = new ArrayList<>();
        if (experimentId != null) {
            driverArgs.add(experimentId);
        }
        driverArgs.addAll(List.of(d.key(), d.value()));
        String token = tokenTime == null ? "" : " and (run_created_at, run_id) < (?, ?)";
        if (tokenTime != null) {
            driverArgs.add(tokenTime);
            driverArgs.add(q.pageToken().id());
        }
        boolean sorted = d.table().equals("tracking.latest_metric") && (sizes == null || sizes[driver] < cap);
        StringBuilder from = new StringBuilder(" from ");
        if (sorted) {
            // A selective metric range (fewer than the dense cap): sorted whole from its index inside the
            // fence, then its candidates are checked in page order until the page is full.
            from.append("(select run_id, run_created_at from tracking.latest_metric where ").append(scope)
                    .append("key = ? and value ").append(d.condition()).append(token)
                    .append(" order by run_created_at desc, run_id desc offset 0) d");
            args.addAll(driverArgs);
        } else {
            // Flattened, so the planner sees the page's LIMIT: a param's (key, value, run_created_at, run_id)
            // range is read backwards in page order; a dense metric walks V11's (key, run_created_at, run_id)
            // index backwards, its value checked in the index, and stops after a page.
            from.append(d.table()).append(" d");
            where.add(scope.replace("experiment_id", "d.experiment_id") + "d.key = ? and d.value " + d.condition()
                    + token.replace("(run_", "(d.run_").replace(", run_id)", ", d.run_id)"));
            args.addAll(driverArgs);
        }
        // Run-level conditions read V11's covering run index, not the run row: a candidate that fails them
        // costs one index probe.
        RowVisibility visible = RowVisibility.of(viewer, "v");
        boolean runLevel = !viewer.isAdmin() || q.kind() != null || q.state() != null;
        if (runLevel) {
            from.append(" join tracking.run v on v.id = d.run_id");
            where.add(visible.positional());
            args.addAll(visible.args());
            runColumns(q, "v", where, args);
        }
        probes(q, filters, driver, sizes, "d.run_created_at", "d.run_id", where, args);
        if (where.isEmpty()) {
            where.add("true");
        }
        args.add(q.pageSize() + 1);
        return new RunSearch(SELECT + " from (select d.run_id, d.run_created_at" + from + " where "
                + String.join(" and ", where) + " order by d.run_created_at desc, d.run_id desc limit ?) p"
                + " join tracking.run r on r.id = p.run_id join tracking.experiment e on e.id = r.experiment_id"
                + " order by p.run_created_at desc, p.run_id desc", List.copyOf(args));
    }

    /** The kind and state filters on the run columns under {@code alias}. */
    private static void runColumns(RunQuery q, String alias, List<String> where, List<Object> args) {
        if (q.kind() != null) {
            where.add(alias + ".kind = ?");
            args.add(q.kind());
        }
        if (q.state() != null) {
            where.add(alias + ".state = ?");
            args.add(q.state());
        }
    }

    /**
     * Every filter but the driver as a probe of the candidate's (run_created_at, run_id) in that filter's
     * search index, index-only: a param's {@code (key, value, run_created_at, run_id)} entry exists, a
     * metric's {@code (key, run_created_at, run_id) include (value)} entry (V11) passes the bound. A scalar
     * subquery, which the planner keeps per candidate instead of turning it into a join over all matches;
     * a run without the key yields null, which no comparison passes. Filter rows carry their run's
     * creation time (V7), so the time and id pick exactly the candidate's row.
     */
    private static void probes(RunQuery q, List<Filter> filters, int driver, long[] sizes, String time, String id,
            List<String> where, List<Object> args) {
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
        String candidate = " and f.run_created_at = " + time + " and f.run_id = " + id + ")";
        for (int i : probes) {
            Filter f = filters.get(i);
            where.add(f.table().equals("tracking.param")
                    ? "(select 1 from tracking.param f where f.key = ? and f.value " + f.condition() + candidate + " = 1"
                    : "(select f.value from tracking.latest_metric f where f.key = ?" + candidate + " " + f.condition());
            args.add(f.key());
            args.add(f.value());
        }
    }

    /**
     * Picks the driver from the filters' sizes (counted up to {@code cap}, within the experiment when there
     * is one) and the experiment's run count (null without an experiment filter): the smallest filter when
     * it matches fewer than {@code cap} runs and fewer than the experiment holds, since sorting it by time
     * costs at most that many index entries. Otherwise every filter is dense and matches are common among
     * the newest runs: with a kind or state filter, the run indexes (they narrow the runs in page order);
     * else a param (its index is in page order, within the experiment too, so it stops after a page); else,
     * without an experiment, the first metric (V11's time-ordered index, walked newest first); else the
     * experiment's run index.
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
        if (q.kind() != null || q.state() != null) {
            return RUNS;
        }
        int params = q.params() == null ? 0 : q.params().size();
        if (params > 0) {
            return 0;
        }
        return experimentRuns == null && sizes.length > 0 ? 0 : RUNS;
    }

    /** Only the parser's operators reach the SQL text; anything else is a programming error. */
    private static String operator(String op) {
        return switch (op) {
            case "<", "<=", ">", ">=", "=" -> op;
            default -> throw new IllegalArgumentException("unknown metric operator " + op);
        };
    }
}
