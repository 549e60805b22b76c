package org.imclab.common.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On a database seeded with 30,000 runs and fresh statistics, each run-search filter is planned from
 * an index (never a sequential scan of runs, params or latest metrics), and the filters return exactly
 * the runs they describe. Planner settings are left as they are: the plan must win on cost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSearchPlanTest {

    private static final int RUNS = 30_000;
    private static final Caller KEY_7 = new Caller("key:7", Caller.Scope.READ, null);

    private static final List<String> BIG_TABLES = List.of("run", "param", "tag", "latest_metric", "metric");

    private DataSource ds;
    private JdbcClient jdbc;
    private TrackingStore tracking;

    @BeforeAll
    void seed() throws Exception {
        ds = TestDatabase.freshDataSource();
        SharedSchemas.migrate(ds);
        TrackingSeed.grow(ds, 1, RUNS);
        jdbc = JdbcClient.create(ds);
        tracking = new TrackingStore(ds);
    }

    @Test
    void experimentFilterUsesTheExperimentIndex() {
        assertPlanUses(query("exp-42", null, null, Map.of(), List.of()), Caller.SYSTEM, "run_experiment_idx");
    }

    @Test
    void rareStateUsesTheStateIndex() {
        assertPlanUses(query(null, null, "RUNNING", Map.of(), List.of()), Caller.SYSTEM, "run_state_idx");
    }

    @Test
    void kindFilterReadsAnIndexNewestFirst() {
        // A kind holds a fifth of all runs: walking the newest-first index fills a page after about five
        // pages of runs, which the planner may rightly prefer to the kind index.
        assertPlanUses(query(null, "pruning", null, Map.of(), List.of()), Caller.SYSTEM, "run_kind_idx", "run_created_idx");
    }

    @Test
    void selectiveParamFilterStartsFromTheParamIndex() {
        assertPlanUses(query(null, null, null, Map.of("seed", "12345"), List.of()), Caller.SYSTEM, "param_search_idx");
    }

    @Test
    void selectiveMetricFilterStartsFromTheLatestMetricIndex() {
        assertPlanUses(query(null, null, null, Map.of(), List.of(new RunQuery.MetricFilter("acc", ">=", 0.949))),
                Caller.SYSTEM, "latest_metric_search_idx");
    }

    @Test
    void aParamMatchingATenthOfRunsIsReadNewestFirstFromItsIndexAndStopsAfterAPage() {
        // 3,000 runs match; the page needs 51 of them. Reading the param index backwards is already in page
        // order, so the page costs about its own size, not the 3,000 matches (V5 looked up every match).
        RunQuery q = query(null, null, null, Map.of("model", "model-3"), List.of());
        assertPlanUses(q, Caller.SYSTEM, "param_search_idx");
        assertThat(rowsRead(q, Caller.SYSTEM)).isLessThan(500);
    }

    @Test
    void combinedFiltersReadAFractionOfTheirMatches() {
        // exp-3 holds 300 runs, optimizer-1 10,000 and val_acc >= 0.9 about 2,700. Within exp-3 (V10's
        // experiment-first indexes) val_acc >= 0.9 holds about 27 runs and optimizer-1 100: the metric
        // drives, so the page reads its ~27 index entries, their runs, and one param probe each, never the
        // experiment's 300 runs with two probes apiece (V7: about 1,000 rows here, 3,360 probes at 1M runs).
        RunQuery q = query("exp-3", null, null, Map.of("optimizer", "optimizer-1"),
                List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9)));
        assertPlanUses(q, Caller.SYSTEM, "latest_metric_experiment_search_idx");
        assertThat(rowsRead(q, Caller.SYSTEM)).isLessThan(200);
        // A param alone within the experiment: its experiment-first index is read backwards, in page order.
        RunQuery denseInExperiment = query("exp-3", null, null, Map.of("optimizer", "optimizer-1"), List.of());
        assertPlanUses(denseInExperiment, Caller.SYSTEM, "param_experiment_search_idx");
        // Without the experiment: model-3 matches 3,000 runs, val_acc >= 0.9 about 2,700. The smaller one
        // drives: its range is read from the index and its runs visited (about 2 x 2,700 rows here); the
        // param is probed per candidate in page order and never read as a set (V5 joined both whole sets
        // and every matching run: 3,000 + 2,700 + 5,700).
        RunQuery dense = query(null, null, null, Map.of("model", "model-3"), List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9)));
        assertPlanUses(dense, Caller.SYSTEM, "latest_metric_search_idx", "param_search_idx");
        assertThat(rowsRead(dense, Caller.SYSTEM)).isLessThan(6_500);
    }

    @Test
    void aMetricRangeIsSortedFromItsIndexBeforeAnyRunIsRead() {
        // acc >= 0.949 matches about 66 runs of 30,000: the range is sorted by run_created_at from the
        // index (include columns), then only the page's runs are read.
        RunQuery q = query(null, null, null, Map.of(), List.of(new RunQuery.MetricFilter("acc", ">=", 0.949)));
        assertPlanUses(q, Caller.SYSTEM, "latest_metric_search_idx");
        assertThat(rowsRead(q, Caller.SYSTEM)).isLessThan(300);
    }

    @Test
    void aDenseMetricIsWalkedNewestFirstFromItsTimeIndexAndStopsAfterAPage() {
        // acc >= 0.6 holds about 78 % of runs (final acc spreads evenly over [0.5, 0.95)), past the dense
        // cap: V11's (key, run_created_at, run_id) include (value) index is read backwards with the bound
        // checked in the index, so the page reads about 51 / 0.78 entries, not the 23,000 matches.
        RunQuery q = query(null, null, null, Map.of(), List.of(new RunQuery.MetricFilter("acc", ">=", 0.6)));
        assertPlanUses(q, Caller.SYSTEM, "latest_metric_key_time_idx");
        assertThat(rowsRead(q, Caller.SYSTEM)).isLessThan(300);
    }

    @Test
    void candidatesAreCheckedInIndexesAndOnlyThePagesRunsAreRead() {
        // key:7 owns runs n = 7 mod 20, whose model is model-2 (seed: (n + 5) mod 10); val_acc >= 0.9 holds
        // about 2,700 runs and drives. Each candidate is checked against the owner in V11's covering run index
        // and against the param in its search index, index-only; run rows are read for the page alone (at most
        // 51 here).
        RunQuery q = query(null, null, null, Map.of("model", "model-2"), List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9)));
        assertPlanUses(q, KEY_7, "run_filter_columns_idx");
        assertThat(runRowsRead(q, KEY_7)).isLessThanOrEqualTo(51);
        // The same for a dense param driving with a dense metric probed (model-3 within 3,000 and acc >= 0.6).
        RunQuery dense = query(null, null, null, Map.of("model", "model-3"), List.of(new RunQuery.MetricFilter("acc", ">=", 0.6)));
        assertPlanUses(dense, Caller.SYSTEM, "latest_metric_key_time_idx");
        assertThat(runRowsRead(dense, Caller.SYSTEM)).isLessThanOrEqualTo(51);
    }

    @Test
    void aNonAdminPagesThroughADenseFilterPairExactly() {
        // Driven from a filter, checked in the covering run index: every page holds only key:7's runs with
        // both filters, newest first, and the pages together hold exactly what a plain query counts. key:7's
        // runs (n = 7 mod 20) all have model-2, so the pair matches about 78 % of key:7's 1,500 runs.
        long expected = jdbc.sql("""
                select count(*) from tracking.run r where r.owner = 'key:7'
                and r.id in (select run_id from tracking.param where key = 'model' and value = 'model-2')
                and r.id in (select run_id from tracking.latest_metric where key = 'acc' and value >= 0.6)""")
                .query(Long.class).single();
        assertThat(expected).isGreaterThan(50);
        List<RunSummary> all = new ArrayList<>();
        PageToken token = null;
        do {
            Page<RunSummary> page = tracking.searchRuns(new RunQuery(null, null, null, Map.of("model", "model-2"),
                    List.of(new RunQuery.MetricFilter("acc", ">=", 0.6)), 50, token), KEY_7);
            all.addAll(page.items());
            token = page.nextPageToken() == null ? null : PageToken.decode(page.nextPageToken());
        } while (token != null);
        assertThat(all).hasSize((int) expected);
        assertThat(all).allSatisfy(r -> {
            assertThat(tracking.getRun(r.id()).owner()).isEqualTo("key:7");
            assertThat(r.params()).containsEntry("model", "model-2");
            assertThat(r.metrics().get("acc")).isGreaterThanOrEqualTo(0.6);
        });
        assertThat(all).extracting(RunSummary::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all).extracting(RunSummary::id).doesNotHaveDuplicates();
    }

    @Test
    void aDeepPageStartsInsideTheDrivingIndex() {
        RunQuery first = query(null, null, null, Map.of("model", "model-3"), List.of());
        PageToken token = null;
        for (int i = 0; i < 20; i++) {
            Page<RunSummary> page = tracking.searchRuns(new RunQuery(null, null, null, new LinkedHashMap<>(first.params()),
                    List.of(), 50, token), Caller.SYSTEM);
            token = PageToken.decode(page.nextPageToken());
        }
        RunQuery deep = new RunQuery(null, null, null, new LinkedHashMap<>(first.params()), List.of(), 50, token);
        assertPlanUses(deep, Caller.SYSTEM, "param_search_idx");
        // Page 21 reads about one page of index entries: the token bound is an index condition.
        assertThat(rowsRead(deep, Caller.SYSTEM)).isLessThan(500);
    }

    @Test
    void nonAdminSearchUsesIndexes() {
        assertPlanUses(query(null, null, null, Map.of("seed", "12347"), List.of()), KEY_7,
                "param_search_idx", "run_owner_idx");
        assertPlanUses(query("exp-7", null, null, Map.of(), List.of()), KEY_7, "run_experiment_idx", "run_owner_idx");
    }

    @Test
    void aNonAdminsOwnExperimentIsWalkedNewestFirstAndStopsAfterAPage() {
        // exp-7 holds the runs n = 7 mod 100, all key:7's (n = 7 mod 20): 300 of key:7's 1,500. The planner takes
        // owner and experiment as independent (15 matches) and would intersect both indexes and sort all 300; the
        // counters show the caller owns the whole experiment, so the page walks the experiment's index and reads
        // the page's 50 runs, the one that tells there is a next page, and one more (the sort by (created_at, id)
        // on the index's created_at order reads on until created_at changes).
        RunQuery own = query("exp-7", null, null, Map.of(), List.of());
        assertPlanUses(own, KEY_7, "run_experiment_idx");
        assertThat(runRowsRead(own, KEY_7)).isLessThanOrEqualTo(52);
        List<RunSummary> all = new ArrayList<>();
        PageToken token = null;
        do {
            Page<RunSummary> page = tracking.searchRuns(new RunQuery("exp-7", null, null, new LinkedHashMap<>(), List.of(), 50, token), KEY_7);
            all.addAll(page.items());
            token = page.nextPageToken() == null ? null : PageToken.decode(page.nextPageToken());
        } while (token != null);
        assertThat(all).hasSize(RUNS / 100).allSatisfy(r -> assertThat(r.experiment()).isEqualTo("exp-7"));
        assertThat(all).extracting(RunSummary::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // key:8 of proj-1 sees none of exp-7 (key:7's project is proj-3): the plain check, and nothing leaks.
        Caller other = new Caller("key:8", Caller.Scope.READ, "proj-1");
        assertThat(tracking.searchRuns(own, other).items()).isEmpty();
        // A member of proj-3 sees key:7's proj-3 runs of exp-7 (n = 0 mod 3: 100 of 300), too sparse to walk:
        // 51 * 300 runs walked > 100 * 100 it owns there. Exactly those come back.
        Caller member = new Caller("key:3", Caller.Scope.READ, "proj-3");
        assertThat(RunSearch.walksExperiment(own, 300L, 100L)).isFalse();
        assertThat(tracking.searchRuns(new RunQuery("exp-7", null, null, new LinkedHashMap<>(), List.of(), 500, null), member)
                .items()).hasSize(100).allSatisfy(r -> assertThat(r.name()).matches(n -> Long.parseLong(n.substring(4)) % 3 == 0, "n = 0 mod 3"));
    }

    @Test
    void paramFilterFindsExactlyItsRun() {
        Page<RunSummary> page = tracking.searchRuns(query(null, null, null, Map.of("seed", "12345"), List.of()), Caller.SYSTEM);
        assertThat(page.items()).extracting(RunSummary::name).containsExactly("run-12345");
        assertThat(page.items().get(0).params()).hasSize(8).containsEntry("seed", "12345");
        assertThat(page.items().get(0).tags()).hasSize(5);
        assertThat(page.items().get(0).metrics()).hasSize(5);
    }

    @Test
    void combinedFiltersPageThroughEveryMatchNewestFirst() {
        RunQuery.MetricFilter good = new RunQuery.MetricFilter("val_acc", ">=", 0.9);
        long expected = jdbc.sql("""
                select count(*) from tracking.run r join tracking.experiment e on e.id = r.experiment_id
                where e.name = 'exp-3' and r.id in (select run_id from tracking.param where key = 'optimizer'
                and value = 'optimizer-1') and r.id in (select run_id from tracking.latest_metric
                where key = 'val_acc' and value >= 0.9)""").query(Long.class).single();
        assertThat(expected).isPositive();
        List<RunSummary> all = new ArrayList<>();
        PageToken token = null;
        do {
            Page<RunSummary> page = tracking.searchRuns(new RunQuery("exp-3", null, null, Map.of("optimizer", "optimizer-1"),
                    List.of(good), 7, token), Caller.SYSTEM);
            all.addAll(page.items());
            token = page.nextPageToken() == null ? null : PageToken.decode(page.nextPageToken());
        } while (token != null);
        assertThat(all).hasSize((int) expected);
        assertThat(all).allSatisfy(r -> {
            assertThat(r.experiment()).isEqualTo("exp-3");
            assertThat(r.params()).containsEntry("optimizer", "optimizer-1");
            assertThat(r.metrics().get("val_acc")).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(all).extracting(RunSummary::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all).extracting(RunSummary::id).doesNotHaveDuplicates();
    }

    @Test
    void nonAdminSeesOnlyTheirRunsThroughEveryFilter() {
        Page<RunSummary> page = tracking.searchRuns(query(null, null, null, Map.of(),
                List.of(new RunQuery.MetricFilter("val_acc", ">=", 0.9))), KEY_7);
        assertThat(page.items()).isNotEmpty().allSatisfy(r -> assertThat(tracking.getRun(r.id()).owner()).isEqualTo("key:7"));
        assertThat(tracking.searchRuns(query(null, null, null, Map.of("seed", "12345"), List.of()), KEY_7).items())
                .as("run 12345 belongs to key:5").isEmpty();
    }

    @Test
    void unknownExperimentIsAnEmptyPage() {
        assertThat(tracking.searchRuns(query("no-such", null, null, Map.of(), List.of()), Caller.SYSTEM).items()).isEmpty();
    }

    private static RunQuery query(String experiment, String kind, String state, Map<String, String> params,
            List<RunQuery.MetricFilter> metrics) {
        return new RunQuery(experiment, kind, state, new LinkedHashMap<>(params), metrics, 50, null);
    }

    private void assertPlanUses(RunQuery q, Caller viewer, String... anyOfIndexes) {
        // Exactly the statement a search runs, driver included, explained with its actual values.
        RunSearch search = tracking.plan(q, viewer);
        String json = jdbc.sql("explain (format json) " + search.sql()).params(search.args()).query(String.class).single();
        List<JsonNode> nodes = new ArrayList<>();
        collect(readTree(json).get(0).get("Plan"), nodes);
        List<String> indexes = nodes.stream().filter(n -> n.has("Index Name")).map(n -> n.get("Index Name").asString()).toList();
        // The 100-row experiment table may be read whole for the name join; the big tables may not.
        List<String> bigSeqScans = nodes.stream().filter(n -> "Seq Scan".equals(n.path("Node Type").asString()))
                .map(n -> n.path("Relation Name").asString()).filter(BIG_TABLES::contains).toList();
        String shape = nodes.stream().map(n -> n.path("Node Type").asString() + " " + n.path("Relation Name").asString()
                + " " + n.path("Index Name").asString() + " rows=" + n.path("Plan Rows").asString() + " cost=" + n.path("Total Cost").asString()).toList().toString();
        assertThat(bigSeqScans).as("sequential scans in %s", shape).isEmpty();
        assertThat(indexes).as("indexes in %s", shape).containsAnyOf(anyOfIndexes);
    }

    /**
     * Rows the executed plan read from tracking tables (every node's actual rows times its loops, index
     * and heap scans only): what a page really cost, whichever way the planner went.
     */
    private long rowsRead(RunQuery q, Caller viewer) {
        RunSearch search = tracking.plan(q, viewer);
        String json = jdbc.sql("explain (analyze, format json) " + search.sql()).params(search.args()).query(String.class).single();
        List<JsonNode> nodes = new ArrayList<>();
        collect(readTree(json).get(0).get("Plan"), nodes);
        // Scans of a table or index only: a Subquery Scan re-reads rows another node already counted.
        return nodes.stream().filter(n -> n.path("Node Type").asString().contains("Scan")
                        && (n.has("Relation Name") || n.has("Index Name")))
                .mapToLong(n -> n.path("Actual Rows").asLong() * Math.max(1, n.path("Actual Loops").asLong())).sum();
    }

    /** Run rows (heap) the executed plan read from tracking.run. */
    private long runRowsRead(RunQuery q, Caller viewer) {
        RunSearch search = tracking.plan(q, viewer);
        String json = jdbc.sql("explain (analyze, format json) " + search.sql()).params(search.args()).query(String.class).single();
        List<JsonNode> nodes = new ArrayList<>();
        collect(readTree(json).get(0).get("Plan"), nodes);
        // An index-only scan reads a row only where the page is not all-visible (its Heap Fetches, a total).
        return nodes.stream().filter(n -> "run".equals(n.path("Relation Name").asString()))
                .mapToLong(n -> "Index Only Scan".equals(n.path("Node Type").asString()) ? n.path("Heap Fetches").asLong()
                        : n.path("Actual Rows").asLong() * Math.max(1, n.path("Actual Loops").asLong())).sum();
    }

    private static void collect(JsonNode plan, List<JsonNode> out) {
        out.add(plan);
        for (JsonNode child : plan.path("Plans")) {
            collect(child, out);
        }
    }

    private static JsonNode readTree(String json) {
        return JsonMapper.builder().build().readTree(json);
    }
}
