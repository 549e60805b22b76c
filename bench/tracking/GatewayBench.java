import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tracking as a user calls it: every tracking read, the dashboard's experiment page and the claim latency
 * through the gateway (HTTP, API key, rate limit, signed forwarding) of a running stack, on a database that
 * TrackingSeed grew (owners key:0..key:19, projects proj-0..proj-3). Each read is also sent straight to the
 * training service, signed as the caller the gateway forwards, alternating with the gateway calls, so the
 * gateway's share of each row shows under the same load.
 *
 * Usage: GatewayBench.java --reset-keys   drops the gateway schema (its keys and buckets) so that the keys this
 *                                           bench creates get ids 2..8 and key 7 / key 8 own seeded runs
 *        GatewayBench.java <report.md>       measures the stack and writes <report.md>
 * Properties: gateway, training (base URLs), home (IMCLAB_HOME: admin.key, internal.secret), db.url, db.user,
 * db.password, calls (per read, 200), warmup (per read, 20), pages (experiment-page loads, 200), claims (50).
 */
public class GatewayBench {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Request starts at least this far apart: the gateway's default burst cap is 100 requests in any second
     * (IMCLAB_RATE_LIMIT_BURST), which a key's own per-minute limit does not lift; 12 ms keeps a sequential bench
     * at 83 per second, below it, so every call is a 200 and the bucket's check is timed, not a 429.
     */
    static final long PACE_NANOS = 12_000_000;
    static long lastStart;

    static String gateway;
    static String training;
    static CallerSignature signature;
    static JdbcClient db;

    record Key(long id, String key, Caller caller) {
    }

    record Read(String label, Key key, String path) {
    }

    public static void main(String[] args) throws Exception {
        var ds = new DriverManagerDataSource(System.getProperty("db.url"), System.getProperty("db.user", "postgres"),
                System.getProperty("db.password", "postgres"));
        db = JdbcClient.create(ds);
        if (args[0].equals("--reset-keys")) {
            db.sql("drop schema if exists gateway cascade").update();
            System.out.println("gateway schema dropped: the gateway recreates it at start, key ids from 1");
            return;
        }
        Path out = Path.of(args[0]);
        gateway = System.getProperty("gateway");
        training = System.getProperty("training");
        Path home = Path.of(System.getProperty("home"));
        signature = new CallerSignature(Files.readString(home.resolve("internal.secret")).trim());
        int calls = Integer.getInteger("calls", 200);
        int warmup = Integer.getInteger("warmup", 20);
        int pages = Integer.getInteger("pages", 200);
        int claims = Integer.getInteger("claims", 50);

        String bootstrap = Files.readString(home.resolve("admin.key")).trim();
        Map<String, Key> keys = createKeys(bootstrap);
        Key admin = keys.get("admin");
        Key owner = keys.get("owner");
        Key project = keys.get("project");

        long runs = db.sql("select count(*) from tracking.run").query(Long.class).single();
        boolean serverTimes = serverTimes();
        StringBuilder md = new StringBuilder();
        md.append("# Tracking through the gateway\n\n")
                .append(String.format(Locale.ROOT, "%,d runs. ", runs))
                .append("Each read is an HTTP GET with an API key through the gateway (key check, rate-limit bucket, ")
                .append("signed forwarding) to training, on a `./imclab up training gateway` stack over this database; ")
                .append("**direct** is the same GET sent straight to training, signed as the caller the gateway forwards, ")
                .append("alternating with the gateway calls. ").append(calls).append(" calls each way per row after ")
                .append(warmup).append(" warm-up calls each, starts at least 12 ms apart; page size 100. ")
                .append("Admin rows use an admin key (sees every run); `key:7` is a read key of no project ")
                .append("(5 % of the runs are its own); `key:8 + proj-1` a read key of project proj-1.\n\n");
        md.append("PostgreSQL ").append(db.sql("show server_version").query(String.class).single()).append(", `")
                .append(db.sql("""
                        select string_agg(name || '=' || current_setting(name), ' ' order by name) from pg_settings
                        where name in ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'random_page_cost')""")
                        .query(String.class).single()).append("`. Server ms: ")
                .append(serverTimes ? "pg_stat_statements, mean execution time of one call's tracking statements "
                        + "(gateway and direct calls together); bucket ms: the gateway's rate-limit statements per gateway call."
                        : "not measured (pg_stat_statements not loaded).").append("\n\n");

        // ---- every tracking read
        // The newest run with metrics (runs of other benches may have none).
        String newest = body(admin, "/api/v1/runs?page_size=1&metric=acc:gte:0").get("items").get(0).get("id").asString();
        List<Read> reads = new ArrayList<>();
        reads.add(new Read("runs, no filter (admin)", admin, "/api/v1/runs?page_size=100"));
        reads.add(new Read("runs, page 2 via token", admin, deep(admin, "/api/v1/runs?page_size=100", 1)));
        reads.add(new Read("runs, page 200 via token", admin, deep(admin, "/api/v1/runs?page_size=100", 199)));
        reads.add(new Read("runs ?experiment=exp-42", admin, "/api/v1/runs?page_size=100&experiment=exp-42"));
        reads.add(new Read("runs ?experiment=exp-42, page 50 via token", admin,
                deep(admin, "/api/v1/runs?page_size=100&experiment=exp-42", 49)));
        reads.add(new Read("runs ?kind=pruning", admin, "/api/v1/runs?page_size=100&kind=pruning"));
        reads.add(new Read("runs ?state=RUNNING (rare)", admin, "/api/v1/runs?page_size=100&state=RUNNING"));
        reads.add(new Read("runs ?param=seed:12345 (1 run)", admin, "/api/v1/runs?page_size=100&param=seed:12345"));
        reads.add(new Read("runs ?param=model:model-3 (10%)", admin, "/api/v1/runs?page_size=100&param=model:model-3"));
        reads.add(new Read("runs ?param=model:model-3, page 30 via token", admin,
                deep(admin, "/api/v1/runs?page_size=100&param=model:model-3", 29)));
        reads.add(new Read("runs ?metric=acc:gte:0.949 (0.2%)", admin, "/api/v1/runs?page_size=100&metric=acc:gte:0.949"));
        reads.add(new Read("runs ?metric=val_acc:gte:0.9 (10%)", admin, "/api/v1/runs?page_size=100&metric=val_acc:gte:0.9"));
        reads.add(new Read("runs ?metric=acc:gte:0.96 (matches nothing)", admin, "/api/v1/runs?page_size=100&metric=acc:gte:0.96"));
        reads.add(new Read("runs exp-3 + optimizer-1 + val_acc>=0.9", admin,
                "/api/v1/runs?page_size=100&experiment=exp-3&param=optimizer:optimizer-1&metric=val_acc:gte:0.9"));
        reads.add(new Read("runs ?param=model:model-3&metric=val_acc:gte:0.9 (1%)", admin,
                "/api/v1/runs?page_size=100&param=model:model-3&metric=val_acc:gte:0.9"));
        reads.add(new Read("runs as key:7 (5% of runs)", owner, "/api/v1/runs?page_size=100"));
        reads.add(new Read("runs as key:7 ?experiment=exp-7", owner, "/api/v1/runs?page_size=100&experiment=exp-7"));
        reads.add(new Read("runs as key:8 + proj-1, metric filter", project, "/api/v1/runs?page_size=100&metric=acc:gte:0.949"));
        reads.add(new Read("experiments (admin)", admin, "/api/v1/experiments"));
        reads.add(new Read("experiments/exp-42 (admin)", admin, "/api/v1/experiments/exp-42"));
        reads.add(new Read("experiments (key:7)", owner, "/api/v1/experiments"));
        reads.add(new Read("experiments/exp-7 (key:7)", owner, "/api/v1/experiments/exp-7"));
        reads.add(new Read("runs/{id}", admin, "/api/v1/runs/" + newest));
        reads.add(new Read("runs/{id}/metrics", admin, "/api/v1/runs/" + newest + "/metrics"));
        reads.add(new Read("runs/{id}/metrics/val_acc", admin, "/api/v1/runs/" + newest + "/metrics/val_acc"));

        md.append("Machine load before the reads: `").append(uptime()).append("`\n\n")
                .append("| read | rows | gateway p50 ms | gateway p99 ms | gateway max ms | direct p50 ms | direct p99 ms | server ms | bucket ms | p99 < 50 ms |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        int over = 0;
        for (Read r : reads) {
            int rows = rows(body(r.key(), r.path()));
            for (int i = 0; i < warmup; i++) {
                call(gatewayRequest(r.key(), r.path()));
                call(directRequest(r.key(), r.path()));
            }
            resetStatements(serverTimes);
            double[] viaGateway = new double[calls];
            double[] direct = new double[calls];
            for (int i = 0; i < calls; i++) {
                viaGateway[i] = call(gatewayRequest(r.key(), r.path()));
                direct[i] = call(directRequest(r.key(), r.path()));
            }
            String server = serverTimes ? fmt(statementMs(false) / (2.0 * calls)) : "–";
            String bucket = serverTimes ? fmt(statementMs(true) / calls) : "–";
            Arrays.sort(viaGateway);
            Arrays.sort(direct);
            boolean ok = p(viaGateway, 0.99) < 50;
            over += ok ? 0 : 1;
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.label(), rows,
                    fmt(p(viaGateway, 0.5)), fmt(p(viaGateway, 0.99)), fmt(viaGateway[calls - 1]),
                    fmt(p(direct, 0.5)), fmt(p(direct, 0.99)), server, bucket, ok ? "yes" : "**no**"));
            System.out.printf(Locale.ROOT, "%-55s gateway p50 %6.2f p99 %6.2f   direct p50 %6.2f p99 %6.2f%n", r.label(),
                    p(viaGateway, 0.5), p(viaGateway, 0.99), p(direct, 0.5), p(direct, 0.99));
        }
        md.append("\nMachine load after the reads: `").append(uptime()).append("`. Rows over 50 ms p99 through the gateway: ")
                .append(over).append(" of ").append(reads.size()).append(".\n");

        // ---- the dashboard's experiment page
        md.append("\n## Dashboard experiment page\n\n")
                .append("What `#/experiments/{name}` requests through the gateway with the admin key, as the browser ")
                .append("does: first `GET /api/v1/experiments/{name}`, the first page of 50 runs and the newest 50 ")
                .append("pruning runs, in parallel; then the metric histories of the five newest runs with metrics ")
                .append("(the compare chart's default selection), in parallel. Cycling over exp-0..exp-99 (10,000 ")
                .append("runs each at 1M); ").append(pages).append(" page loads after 10 warm-up loads, at least 100 ms apart.\n\n")
                .append("Machine load before: `").append(uptime()).append("`\n\n");
        double[][] page = experimentPages(admin, pages);
        md.append("| part | p50 ms | p99 ms | max ms | total < 300 ms |\n|---|---:|---:|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| the three first calls (what session 5 timed) | %s | %s | %s | |%n",
                fmt(p(page[0], 0.5)), fmt(p(page[0], 0.99)), fmt(page[0][pages - 1])));
        md.append(String.format(Locale.ROOT, "| the five metric histories | %s | %s | %s | |%n",
                fmt(p(page[1], 0.5)), fmt(p(page[1], 0.99)), fmt(page[1][pages - 1])));
        md.append(String.format(Locale.ROOT, "| **whole page** | %s | %s | %s | %s |%n",
                fmt(p(page[2], 0.5)), fmt(p(page[2], 0.99)), fmt(page[2][pages - 1]), p(page[2], 0.99) < 300 ? "yes (p99)" : "**no** (p99)"));
        md.append("\nMachine load after: `").append(uptime()).append("`\n");

        // ---- claim latency
        md.append("\n## Claim latency, submit → RUNNING\n\n")
                .append("`POST /api/v1/dataset-imports {\"name\": \"iris\"}` through the gateway with a submit key ")
                .append("(the iris CSV in the stack's cache, so the job is short and real), on training's idle worker. ")
                .append("Submit → RUNNING is the job's `startedAt` (set by the claim's transaction) minus the client's ")
                .append("clock just before it sent the POST (same machine, same clock); the job is followed to its end ")
                .append("before the next one, after a random 0-250 ms pause. ").append(claims).append(" samples after 3 warm-up jobs.\n\n")
                .append("Machine load before: `").append(uptime()).append("`\n\n");
        md.append(claimLatency(keys.get("submit"), claims));
        md.append("\nMachine load after: `").append(uptime()).append("`\n");
        Files.writeString(out, md.toString());
        System.out.println("wrote " + out);
    }

    // ------------------------------------------------------------------------------------------------ keys

    /**
     * Keys 2..8 after a reset (the bootstrap admin is 1): a bench admin and a submit key with limits a bench
     * cannot spend, fillers, then 7 and 8, whose owners key:7 and key:8 TrackingSeed gave runs to.
     */
    static Map<String, Key> createKeys(String bootstrap) throws Exception {
        Key boot = new Key(1, bootstrap, new Caller("key:1", Caller.Scope.ADMIN, null));
        Map<String, Key> keys = new LinkedHashMap<>();
        keys.put("admin", create(boot, "bench-admin", "admin", null, Caller.Scope.ADMIN));
        keys.put("submit", create(boot, "bench-submit", "submit", null, Caller.Scope.SUBMIT));
        Key last = keys.get("submit");
        while (last.id() < 6) {
            last = create(boot, "bench-filler", "read", null, Caller.Scope.READ);
        }
        keys.put("owner", create(boot, "bench-owner", "read", null, Caller.Scope.READ));
        keys.put("project", create(boot, "bench-project", "read", "proj-1", Caller.Scope.READ));
        if (keys.get("owner").id() != 7 || keys.get("project").id() != 8) {
            throw new IllegalStateException("the keys got ids " + keys.get("owner").id() + " and " + keys.get("project").id()
                    + ", not 7 and 8: run GatewayBench.java --reset-keys before the stack starts");
        }
        return keys;
    }

    static Key create(Key admin, String name, String scope, String project, Caller.Scope callerScope) throws Exception {
        String body = "{\"name\": \"" + name + "\", \"scopes\": [\"" + scope + "\"], \"rateLimitPerMinute\": 1000000"
                + (project == null ? "" : ", \"project\": \"" + project + "\"") + "}";
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/admin/api-keys"))
                .header("Authorization", "Bearer " + admin.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating key " + name + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode created = JSON.readTree(response.body());
        long id = created.get("id").asLong();
        return new Key(id, created.get("key").asString(), new Caller("key:" + id, callerScope, project));
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    static HttpRequest gatewayRequest(Key key, String path) {
        return HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + key.key()).GET().build();
    }

    static HttpRequest directRequest(Key key, String path) {
        var b = HttpRequest.newBuilder(URI.create(training + path)).GET();
        signature.headersFor(key.caller()).forEach(b::header);
        return b.build();
    }

    /** One paced call, timed from send to the whole body received; anything but 200 stops the bench. */
    static double call(HttpRequest request) throws Exception {
        long wait = lastStart + PACE_NANOS - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long s = System.nanoTime();
        lastStart = s;
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - s) / 1e6;
        check(request, response);
        return ms;
    }

    static void check(HttpRequest request, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + ": " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    static JsonNode body(Key key, String path) throws Exception {
        HttpRequest request = gatewayRequest(key, path);
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(request, response);
        return JSON.readTree(response.body());
    }

    /** The path of page {@code pages + 1}, found by following next_page_token (outside the timing). */
    static String deep(Key key, String path, int pages) throws Exception {
        String token = null;
        for (int i = 0; i < pages; i++) {
            JsonNode page = body(key, token == null ? path : path + "&page_token=" + token);
            token = URLEncoder.encode(page.get("next_page_token").asString(), StandardCharsets.UTF_8);
        }
        return path + "&page_token=" + token;
    }

    static int rows(JsonNode body) {
        if (body.has("items")) {
            return body.get("items").size();
        }
        if (body.has("runCount")) {
            return (int) body.get("runCount").asLong();
        }
        return body.size();
    }

    // ------------------------------------------------------------------------------------------------ dashboard

    /** Per page load: [0] the three first calls, [1] the five histories, [2] the whole page; each sorted. */
    static double[][] experimentPages(Key admin, int pages) throws Exception {
        double[][] ms = new double[3][pages];
        for (int i = -10; i < pages; i++) {
            String exp = "exp-" + Math.floorMod(i, 100);
            long wait = lastStart + 100_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long s = System.nanoTime();
            lastStart = s;
            var summary = async(admin, "/api/v1/experiments/" + exp);
            var first = async(admin, "/api/v1/runs?experiment=" + exp + "&page_size=50");
            var pruning = async(admin, "/api/v1/runs?experiment=" + exp + "&kind=pruning&page_size=50");
            CompletableFuture.allOf(summary, first, pruning).join();
            List<String> compare = new ArrayList<>();
            for (JsonNode run : JSON.readTree(first.join()).get("items")) {
                if (compare.size() < 5 && run.has("metrics") && !run.get("metrics").isEmpty()) {
                    compare.add(run.get("id").asString());
                }
            }
            long phase1 = System.nanoTime();
            CompletableFuture.allOf(compare.stream().map(id -> async(admin, "/api/v1/runs/" + id + "/metrics"))
                    .toArray(CompletableFuture[]::new)).join();
            long end = System.nanoTime();
            if (i >= 0) {
                ms[0][i] = (phase1 - s) / 1e6;
                ms[1][i] = (end - phase1) / 1e6;
                ms[2][i] = (end - s) / 1e6;
            }
        }
        for (double[] a : ms) {
            Arrays.sort(a);
        }
        return ms;
    }

    static CompletableFuture<byte[]> async(Key key, String path) {
        HttpRequest request = gatewayRequest(key, path);
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            check(request, r);
            return r.body();
        });
    }

    // ------------------------------------------------------------------------------------------------ claims

    static String claimLatency(Key submit, int samples) throws Exception {
        List<double[]> rows = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (int i = -3; i < samples; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(250));
            Instant t0 = Instant.now();
            long s = System.nanoTime();
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/dataset-imports"))
                    .header("Authorization", "Bearer " + submit.key()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"iris\", \"experiment\": \"bench-claim\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            double postMs = (System.nanoTime() - s) / 1e6;
            if (response.statusCode() != 202) {
                throw new IllegalStateException("submit: " + response.statusCode() + " " + response.body());
            }
            String location = response.headers().firstValue("Location").orElseThrow();
            JsonNode job;
            long deadline = System.nanoTime() + 120_000_000_000L;
            do {
                Thread.sleep(25);
                job = body(submit, location);
            } while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.get("state").asString())
                    && System.nanoTime() < deadline);
            if (job.get("startedAt").isNull()) {
                throw new IllegalStateException("job " + location + " never started: " + job);
            }
            Instant created = Instant.parse(job.get("createdAt").asString());
            Instant started = Instant.parse(job.get("startedAt").asString());
            if (i >= 0) {
                outcomes.merge(job.get("state").asString(), 1, Integer::sum);
                rows.add(new double[] {micros(t0, started) / 1000.0, postMs, micros(created, started) / 1000.0});
            }
        }
        double[] total = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] post = rows.stream().mapToDouble(r -> r[1]).sorted().toArray();
        double[] inDb = rows.stream().mapToDouble(r -> r[2]).sorted().toArray();
        return "| samples | submit → RUNNING p50 ms | p95 ms | p99 ms | max ms | POST round trip p50 ms | job created → claimed p50 ms | jobs ended | p50 < 50 ms |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---|---|\n"
                + String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", samples, fmt(p(total, 0.5)),
                        fmt(p(total, 0.95)), fmt(p(total, 0.99)), fmt(total[samples - 1]), fmt(p(post, 0.5)),
                        fmt(p(inDb, 0.5)), outcomes, p(total, 0.5) < 50 ? "yes" : "**no**");
    }

    static long micros(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1000;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static boolean serverTimes() {
        try {
            db.sql("create extension if not exists pg_stat_statements").update();
            db.sql("select count(*) from pg_stat_statements").query(Long.class).single();
            return true;
        } catch (RuntimeException notLoaded) {
            return false;
        }
    }

    static void resetStatements(boolean serverTimes) {
        if (serverTimes) {
            db.sql("select pg_stat_statements_reset()").query(Object.class).single();
        }
    }

    /** Total execution ms since the reset of the rate-limit bucket's statements, or of every other statement. */
    static double statementMs(boolean bucket) {
        return db.sql("""
                select coalesce(sum(total_exec_time), 0) from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                  and query not like '%pg_stat_statements%' and (query like '%rate_limit_bucket%') = ?""")
                .param(bucket).query(Double.class).single();
    }

    /** The nearest-rank percentile of a sorted array. */
    static double p(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(sorted.length * q) - 1))];
    }

    static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
