import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobWorker;
import org.imclab.common.jobs.WorkerSettings;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claim latency: the time from a job's submission (JobSubmissions.submit: run row, job row, commit) to the
 * moment its handler starts on an idle JobWorker in the same JVM, on a database that already holds many
 * runs and many finished jobs. Two ways of learning about the job are compared on the same database:
 * LISTEN/NOTIFY wake-ups (the V4 trigger, what the services run) and polling alone (the trigger disabled,
 * as before V4) at a 500 ms and at the 2 s fallback interval.
 * Usage: ClaimLatencyBench.java <report.md> [FINISHED_JOBS]; -Ddb.url=... for a server of one's own.
 */
public class ClaimLatencyBench {

    static final Map<UUID, Long> STARTED = new ConcurrentHashMap<>();
    static volatile CountDownLatch started = new CountDownLatch(1);

    public record Noop(int i) {
    }

    /** Does nothing: the bench times the way to the handler, not the work. */
    static final class NoopHandler extends AbstractJobHandler<Noop> {
        NoopHandler() {
            super("bench-noop", Noop.class);
        }

        @Override
        public Object run(Noop request, JobContext context) {
            STARTED.put(context.jobId(), System.nanoTime());
            started.countDown();
            return Map.of("ok", true);
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long finished = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int samples = Integer.getInteger("samples", 100);
        var pool = new com.zaxxer.hikari.HikariDataSource();
        String external = System.getProperty("db.url");
        pool.setJdbcUrl(external != null ? external : TestDatabase.freshDatabaseUrl());
        pool.setUsername(external != null ? System.getProperty("db.user", "postgres") : TestDatabase.server().user());
        pool.setPassword(external != null ? System.getProperty("db.password", "postgres") : TestDatabase.server().password());
        pool.setMaximumPoolSize(8);
        DataSource ds = pool;
        SharedSchemas.migrate(ds);
        JdbcClient jdbc = JdbcClient.create(ds);
        JsonMapper json = JsonMapper.builder().build();
        long have = jdbc.sql("select count(*) from jobs.job where state = 'SUCCEEDED'").query(Long.class).single();
        long t0 = System.nanoTime();
        if (have < finished) {
            // Finished jobs of the benchmarked kind and of others, each with its three history rows: the
            // claim must not read them (V4's partial index on QUEUED rows).
            jdbc.sql("""
                    insert into jobs.job(id, kind, service, state, request, request_hash, experiment, created_at,
                                         started_at, finished_at, updated_at, attempts)
                    select md5('job' || n)::uuid,
                           (array['bench-noop','training','simulation','pruning','basisn'])[1 + n % 5], 'bench',
                           case when n % 50 = 0 then 'FAILED' else 'SUCCEEDED' end, '{"i": 0}'::jsonb, repeat('0', 64),
                           'exp-' || (n % 100), timestamptz '2024-01-01' + n * interval '10 seconds',
                           timestamptz '2024-01-01' + n * interval '10 seconds' + interval '1 second',
                           timestamptz '2024-01-01' + n * interval '10 seconds' + interval '9 seconds',
                           timestamptz '2024-01-01' + n * interval '10 seconds' + interval '9 seconds', 1
                    from generate_series(?, ?) n""").params(have + 1, finished).update();
            jdbc.sql("""
                    insert into jobs.job_state_history(job_id, from_state, to_state, reason, at)
                    select md5('job' || n)::uuid, s.f, s.t, s.r, timestamptz '2024-01-01' + n * interval '10 seconds'
                    from generate_series(?, ?) n cross join (values (null, 'QUEUED', 'submitted'),
                         ('QUEUED', 'RUNNING', 'claimed'), ('RUNNING', 'SUCCEEDED', 'done')) as s(f, t, r)""")
                    .params(have + 1, finished).update();
            jdbc.sql("analyze jobs.job, jobs.job_state_history").update();
        }
        double seedS = (System.nanoTime() - t0) / 1e9;
        long runs = jdbc.sql("select count(*) from tracking.run").query(Long.class).single();
        long jobs = jdbc.sql("select count(*) from jobs.job").query(Long.class).single();

        TrackingStore tracking = new TrackingStore(ds);
        JobStore store = new JobStore(ds, json);
        JobSubmissions submissions = new JobSubmissions(store, tracking, json, "bench");
        ArtifactStore artifacts = new ArtifactStore(ds, Files.createTempDirectory("claim-bench"), 1 << 20);

        StringBuilder md = new StringBuilder("# Claim latency: submit → handler running\n\n")
                .append("`JobSubmissions.submit` (run row with its params and tags, job row, history row, commit) to the ")
                .append("no-op handler's first line on an idle `JobWorker` (one slot) in the same JVM, over a Hikari pool. ")
                .append("Each sample waits a random 0-250 ms after the previous job ran, so polls meet jobs at random phases.\n\n")
                .append(String.format(Locale.ROOT, "Database: %,d runs in tracking, %,d jobs in jobs.job (all but the "
                        + "measured ones finished)%s. PostgreSQL %s.%n%n", runs, jobs,
                        have < finished ? String.format(Locale.ROOT, "; %,d finished jobs added in %.0f s", finished - have, seedS) : "",
                        jdbc.sql("show server_version").query(String.class).single()))
                .append("| wake-up | samples | p50 ms | p95 ms | p99 ms | max ms | submit p50 ms | DB claim p50 ms | load (1/5/15 min) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        // LISTEN/NOTIFY first with a 2 s fallback poll (the services' default); then polling alone.
        md.append(round(ds, store, tracking, artifacts, json, submissions, jdbc, "LISTEN/NOTIFY (2 s fallback poll)", true,
                Duration.ofSeconds(2), samples));
        md.append(round(ds, store, tracking, artifacts, json, submissions, jdbc, "polling every 500 ms, no NOTIFY", false,
                Duration.ofMillis(500), Math.max(10, samples / 2)));
        md.append(round(ds, store, tracking, artifacts, json, submissions, jdbc, "polling every 2 s, no NOTIFY", false,
                Duration.ofSeconds(2), Math.max(10, samples / 4)));
        md.append("\nPlan of the claim's QUEUED read with this backlog (`explain analyze`):\n\n```\n");
        jdbc.sql("""
                explain (analyze, costs off, timing off, summary off) select id from jobs.job
                where state = 'QUEUED' and kind = any(array['bench-noop']) and attempts < max_attempts
                order by created_at limit 1 for update skip locked""").query(String.class).list()
                .forEach(l -> md.append(l).append('\n'));
        md.append("```\n");
        Files.writeString(out, md.toString());
        System.out.println(md);
        System.exit(0);
    }

    static String round(DataSource ds, JobStore store, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json,
            JobSubmissions submissions, JdbcClient jdbc, String label, boolean notify, Duration poll, int samples)
            throws Exception {
        jdbc.sql("alter table jobs.job " + (notify ? "enable" : "disable") + " trigger job_queued_notify").update();
        WorkerSettings settings = new WorkerSettings("bench-worker", Duration.ofSeconds(30), Duration.ofSeconds(5), poll);
        JobWorker worker = new JobWorker(store, tracking, artifacts, json, settings, List.of(new NoopHandler()));
        worker.start();
        try {
            Thread.sleep(1000);
            // Warm-up: JIT and the pool, not counted.
            for (int i = 0; i < 5; i++) {
                once(submissions, i);
            }
            double[] total = new double[samples];
            double[] submit = new double[samples];
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(250));
                long[] t = once(submissions, i);
                submit[i] = t[0] / 1e6;
                total[i] = t[1] / 1e6;
                ids.add(new UUID(t[2], t[3]));
            }
            // The database's own view: started_at - created_at of the measured jobs (two statements' commit times).
            List<Double> db = jdbc.sql("""
                    select extract(epoch from started_at - created_at) * 1000 from jobs.job where id = any(?)""")
                    .param(ids.toArray(new UUID[0])).query(Double.class).list();
            double[] dbMs = db.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Arrays.sort(total);
            Arrays.sort(submit);
            String row = String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n", label, samples,
                    pct(total, 50), pct(total, 95), pct(total, 99), total[samples - 1], pct(submit, 50), pct(dbMs, 50), load());
            System.out.print(row);
            return row;
        } finally {
            worker.stop();
            jdbc.sql("alter table jobs.job enable trigger job_queued_notify").update();
        }
    }

    /** Submits one job and waits for its handler: {submit ns, submit-to-handler ns, id bits}. */
    static long[] once(JobSubmissions submissions, int i) throws Exception {
        started = new CountDownLatch(1);
        long s = System.nanoTime();
        var job = submissions.submit("bench-noop", new Noop(i), null, "claim-bench", null, "claim-" + i).job();
        long submitted = System.nanoTime();
        if (!started.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("job " + job.id() + " was not claimed within 30 s");
        }
        long ran = STARTED.get(job.id());
        return new long[] {submitted - s, ran - s, job.id().getMostSignificantBits(), job.id().getLeastSignificantBits()};
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
