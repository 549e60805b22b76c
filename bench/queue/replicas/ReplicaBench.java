import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.jobs.JobRequest;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobWorker;
import org.imclab.common.jobs.WorkerSettings;
import org.imclab.common.tracking.TrackingStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue under many replicas (bench/queue/replicas.sh): one PostgreSQL, 1/2/4/8 worker JVMs of one
 * job kind, a backlog of cheap jobs. Each worker is common's real JobWorker (batch claim with FOR UPDATE
 * SKIP LOCKED, LISTEN/NOTIFY wake-ups, leases and heartbeat) in its own process, as a replica in its own
 * pod would be; its JobStore times every claim statement.
 *
 * <pre>
 *   coordinator: java ReplicaBench bench PORT JOBS SLOTS <report.md> REPLICAS...
 *   worker:      java ReplicaBench worker JDBC_URL WORKER_ID SLOTS OUT_FILE   (started by the coordinator)
 * </pre>
 */
public class ReplicaBench {

    static final String KIND = "bench-cheap";
    static final JsonMapper JSON = JsonMapper.builder().build();

    public record Cheap(String experiment, String callbackUrl) implements JobRequest {
    }

    /** The cheapest real job: no work, so the run measures the queue (claim, lease, completion), not the job. */
    static final class CheapHandler extends AbstractJobHandler<Cheap> {
        final ConcurrentLinkedQueue<UUID> ran = new ConcurrentLinkedQueue<>();

        CheapHandler(int slots) {
            super(KIND, Cheap.class, KIND, slots);
        }

        @Override
        public Object run(Cheap request, JobContext ctx) {
            ran.add(ctx.jobId());
            return null;
        }
    }

    /** Times each claim statement that claimed at least one job (empty polls are not claims). */
    static final class TimedJobStore extends JobStore {
        final ConcurrentLinkedQueue<long[]> claims = new ConcurrentLinkedQueue<>();

        TimedJobStore(DataSource ds) {
            super(ds, JSON);
        }

        @Override
        public List<ClaimedJob> claimBatch(Collection<String> kinds, String worker, Duration lease, int limit,
                Collection<UUID> exclude) {
            long t0 = System.nanoTime();
            List<ClaimedJob> got = super.claimBatch(kinds, worker, lease, limit, exclude);
            if (!got.isEmpty()) {
                claims.add(new long[] {System.nanoTime() - t0, got.size()});
            }
            return got;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("worker")) {
            worker(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
        } else {
            bench(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]),
                    java.util.Arrays.stream(args, 5, args.length).mapToInt(Integer::parseInt).toArray());
        }
    }

    static DataSource dataSource(String url) {
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        ds.setPassword("postgres");
        return ds;
    }

    /** A worker process: waits for "go" on stdin, runs, and on "stop" drains and writes its numbers. */
    static void worker(String url, String id, int slots, Path out) throws Exception {
        DataSource ds = dataSource(url);
        TimedJobStore store = new TimedJobStore(ds);
        CheapHandler handler = new CheapHandler(slots);
        Path cache = Files.createTempDirectory("k8s-bench-cache");
        // Production timing (imclab.worker defaults): 30 s lease, 5 s heartbeat, 2 s fallback poll.
        JobWorker w = new JobWorker(store, new TrackingStore(ds), new ArtifactStore(ds, cache, 1024), JSON,
                new WorkerSettings(id, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2)),
                List.of(handler));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        System.out.flush();
        if (!"go".equals(in.readLine())) {
            return;
        }
        w.start();
        in.readLine(); // "stop" (or EOF)
        w.stop();
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(out))) {
            for (UUID u : handler.ran) {
                pw.println("ran " + u);
            }
            for (long[] c : store.claims) {
                pw.println("claim " + c[0] + " " + c[1]);
            }
        }
        try (var files = Files.walk(cache)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.exit(0);
    }

    static void bench(int port, int jobs, int slots, Path report, int[] replicaCounts) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port)
                .setServerConfig("max_connections", "300").start()) {
            List<String> rows = new ArrayList<>();
            for (int replicas : replicaCounts) {
                rows.add(run(pg, replicas, jobs, slots));
                Files.writeString(report, String.join("\n", rows) + "\n");
            }
        }
    }

    static String uptime() throws Exception {
        Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return s.replaceAll(".*load average: ", "");
    }

    static String run(EmbeddedPostgres pg, int replicas, int jobs, int slots) throws Exception {
        String db = "bench_" + replicas + "_" + System.nanoTime();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create database " + db);
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + db;
        DataSource ds = dataSource(url);
        SharedSchemas.migrate(ds);
        // The backlog, submitted the way the services submit (job, run, history rows, NOTIFY).
        JobSubmissions submit = new JobSubmissions(new JobStore(ds, JSON), new TrackingStore(ds), JSON, "bench");
        for (int i = 0; i < jobs; i++) {
            submit.submit(KIND, new Cheap("replicas", null), null, "replicas", null, null);
        }
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("analyze").update();

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Path out = Files.createTempFile("k8s-bench-worker", ".txt");
            outs.add(out);
            procs.add(new ProcessBuilder(javaBin, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), "ReplicaBench", "worker", url, "replica-" + i,
                    Integer.toString(slots), out.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process p : procs) {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("worker did not start: " + line);
            }
        }
        String loadBefore = uptime();
        for (Process p : procs) {
            p.getOutputStream().write("go\n".getBytes());
            p.getOutputStream().flush();
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (jdbc.sql("select count(*) from jobs.job where state <> 'SUCCEEDED'").query(Long.class).single() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs not finished after 10 minutes");
            }
            Thread.sleep(200);
        }
        String loadAfter = uptime();
        for (Process p : procs) {
            p.getOutputStream().write("stop\n".getBytes());
            p.getOutputStream().flush();
        }
        for (Process p : procs) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }

        // Claim rate: jobs claimed per second between the first and the last claim (database clock).
        double spanS = jdbc.sql("select extract(epoch from max(started_at) - min(started_at)) from jobs.job")
                .query(Double.class).single();
        double cycleS = jdbc.sql("select extract(epoch from max(finished_at) - min(started_at)) from jobs.job")
                .query(Double.class).single();
        // Duplicates: a job claimed more than once, by the database's history or by the workers' own logs.
        long dupHistory = jdbc.sql("""
                select count(*) from (select j.id from jobs.job j join jobs.job_state_history h on h.job_id = j.id
                  where h.to_state = 'RUNNING' group by j.id, j.attempts having count(*) <> 1 or j.attempts <> 1) d""")
                .query(Long.class).single();
        Map<String, Integer> ranBy = new HashMap<>();
        List<Long> claimNanos = new ArrayList<>();
        long claimedJobs = 0;
        long claimStatements = 0;
        for (Path out : outs) {
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split(" ");
                if (f[0].equals("ran")) {
                    ranBy.merge(f[1], 1, Integer::sum);
                } else {
                    claimNanos.add(Long.parseLong(f[1]));
                    claimedJobs += Long.parseLong(f[2]);
                    claimStatements++;
                }
            }
            Files.deleteIfExists(out);
        }
        long ranTwice = ranBy.values().stream().filter(n -> n > 1).count();
        long ranTotal = ranBy.values().stream().mapToLong(Integer::longValue).sum();
        Collections.sort(claimNanos);
        double p50 = claimNanos.get(claimNanos.size() / 2) / 1e6;
        double p99 = claimNanos.get(Math.min(claimNanos.size() - 1, (int) Math.ceil(claimNanos.size() * 0.99) - 1)) / 1e6;
        String row = String.format(java.util.Locale.ROOT,
                "| %d | %d | %d | %.1f | %.1f | %d | %.1f | %.1f | %.1f | %d | %d | %s | %s |",
                replicas, slots, jobs, jobs / spanS, jobs / cycleS, claimStatements, (double) claimedJobs / claimStatements,
                p50, p99, ranTotal, dupHistory + ranTwice, loadBefore, loadAfter);
        System.out.println(row);
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("drop database " + db + " with (force)");
        }
        return row;
    }
}
