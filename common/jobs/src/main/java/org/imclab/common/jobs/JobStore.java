package org.imclab.common.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.imclab.common.web.RowVisibility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue in PostgreSQL. Every state change runs in one transaction with its history row and
 * the run's state in tracking. Workers claim with {@code FOR UPDATE SKIP LOCKED} and hold a lease
 * they renew by heartbeat; a lease that runs out makes the job claimable by any other worker.
 */
public class JobStore {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final JobMetrics metrics;

    public JobStore(DataSource dataSource, JsonMapper json) {
        this(dataSource, json, JobMetrics.none());
    }

    public JobStore(DataSource dataSource, JsonMapper json, JobMetrics metrics) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * A new job row in QUEUED with its first history entry, in one statement; returns the job as
     * submitted. It opens no transaction of its own: one statement is atomic, and a submission runs it in
     * its transaction with the run. (A nested template of this store's own JDBC transaction manager would
     * not join a JPA transaction, but begin and commit on its connection.) A second job with the same
     * owner, kind and Idempotency-Key raises DuplicateKeyException.
     */
    public JobView insert(UUID id, String kind, String service, JsonNode request, String requestHash, String idempotencyKey,
            String callbackUrl, String experiment, Caller owner) {
        return insert(id, kind, service, request, null, requestHash, idempotencyKey, callbackUrl, experiment, owner);
    }

    /** As above, with the plan the submitting service resolved from the request (null: none). */
    public JobView insert(UUID id, String kind, String service, JsonNode request, JsonNode plan, String requestHash,
            String idempotencyKey, String callbackUrl, String experiment, Caller owner) {
        JobView inserted = jdbc.sql("""
                with job as (
                    insert into jobs.job(id, kind, service, state, request, plan, request_hash, idempotency_key,
                                         callback_url, experiment, owner, project, owner_scope)
                    values (?, ?, ?, 'QUEUED', ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                    returning id, created_at),
                history as (
                    insert into jobs.job_state_history(job_id, from_state, to_state, reason)
                    select id, null, 'QUEUED', 'submitted' from job
                    returning at)
                select job.created_at, history.at from job, history""")
                .params(id, kind, service, json.writeValueAsString(request),
                        plan == null ? null : json.writeValueAsString(plan), requestHash, idempotencyKey, callbackUrl,
                        experiment, owner.owner(), owner.project(), owner.scope().wireName())
                .query((rs, i) -> new JobView(id, kind, JobState.QUEUED, 0, null, null, experiment, id, 0, request,
                        null, null, instant(rs, 1), null, null,
                        List.of(new JobView.Transition(null, JobState.QUEUED, "submitted", null, instant(rs, 2))),
                        owner.owner(), owner.project()))
                .single();
        afterCommit(() -> metrics.jobSubmitted(kind));
        return inserted;
    }

    /** This store's transactions, for a caller that writes more than the job in one (a submission). */
    TransactionTemplate transactions() {
        return tx;
    }

    /** The job this owner previously submitted with this key, with the hash of its request. */
    public Optional<Map.Entry<UUID, String>> findByIdempotencyKey(String owner, String kind, String key) {
        return jdbc.sql("select id, request_hash from jobs.job where owner = ? and kind = ? and idempotency_key = ?")
                .params(owner, kind, key)
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional();
    }

    /** Channel on which the V3 trigger announces a job that became QUEUED; the payload is its kind. */
    public static final String WAKEUP_CHANNEL = "imclab_jobs";

    /**
     * Claims the oldest runnable job of a kind: a QUEUED one, or one whose worker's lease expired. A
     * job that has used all its attempts fails instead of running again.
     */
    public Optional<ClaimedJob> claim(String kind, String worker, Duration lease) {
        reapAbandoned(List.of(kind), worker, List.of());
        return claimBatch(List.of(kind), worker, lease, 1, List.of()).stream().findFirst();
    }

    /**
     * Claims up to {@code limit} runnable jobs of these kinds in one statement: jobs whose lease expired
     * first (they are older and already started), then QUEUED ones, oldest first, skipping rows another
     * worker has locked. {@code exclude} holds jobs this worker still runs, so an expired lease of its own
     * is renewed by its heartbeat rather than claimed a second time. The claim, its history rows and the
     * runs' state commit together.
     */
    public List<ClaimedJob> claimBatch(Collection<String> kinds, String worker, Duration lease, int limit,
            Collection<UUID> exclude) {
        if (limit <= 0 || kinds.isEmpty()) {
            return List.of();
        }
        String[] kindArray = kinds.toArray(new String[0]);
        long started = System.nanoTime();
        List<ClaimedJob> claimed = jdbc.sql("""
                with expired as (
                    select id, state, updated_at from jobs.job
                    where state = 'RUNNING' and lease_expires_at < now() and kind = any(?) and attempts < max_attempts
                      and not (id = any(?))
                    order by created_at limit ? for update skip locked),
                queued as (
                    select id, state, updated_at from jobs.job
                    where state = 'QUEUED' and kind = any(?) and attempts < max_attempts
                    order by created_at limit ? for update skip locked),
                picked as (
                    select * from (select * from expired union all select * from queued) p limit ?),
                claimed as (
                    update jobs.job j set state = 'RUNNING', attempts = j.attempts + 1, lease_owner = ?,
                      lease_expires_at = now() + make_interval(secs => ?), started_at = coalesce(j.started_at, now()),
                      updated_at = now()
                    from picked p where j.id = p.id
                    returning j.id, p.state as from_state, j.kind, j.attempts, j.max_attempts, j.request, j.owner,
                              j.project, j.owner_scope, j.created_at, j.plan,
                              -- QUEUED since it was submitted or handed back; both set updated_at last
                              case when p.state = 'QUEUED' then extract(epoch from now() - p.updated_at)::float8 end as queued_s),
                history as (
                    insert into jobs.job_state_history(job_id, from_state, to_state, reason, worker)
                    select id, from_state, 'RUNNING',
                           case when from_state = 'QUEUED' then 'claimed' else 'resumed after lease expiry' end, ?
                    from claimed),
                runs as (
                    update tracking.run r set state = 'RUNNING', started_at = coalesce(r.started_at, now())
                    from claimed c where r.id = c.id)
                select id, kind, attempts, max_attempts, request, owner, project, owner_scope, from_state, queued_s,
                       plan
                from claimed order by created_at""")
                .params(kindArray, exclude.toArray(new UUID[0]), limit, kindArray, limit, limit, worker,
                        lease.toMillis() / 1000.0, worker)
                .query((rs, i) -> new ClaimedJob(rs.getObject(1, UUID.class), rs.getString(2), JobState.RUNNING,
                        rs.getInt(3), rs.getInt(4), json.readTree(rs.getString(5)),
                        // The job acts with the scope it was submitted with (an admin's job may use what the admin named).
                        new Caller(rs.getString(6), Caller.Scope.parse(rs.getString(8)).orElse(Caller.Scope.SUBMIT),
                                rs.getString(7)),
                        JobState.valueOf(rs.getString(9)), (Double) rs.getObject(10, Double.class),
                        rs.getString(11) == null ? null : json.readTree(rs.getString(11))))
                .list();
        metrics.claimed(kinds, System.nanoTime() - started, claimed);
        return claimed;
    }

    /**
     * Settles jobs that must not run again: a CANCELLING job whose worker died is cancelled, and a
     * runnable job that has used all its attempts fails. Jobs in {@code exclude} still run in this worker
     * (their lease ran out during an outage and the heartbeat has yet to renew it). Returns how many it
     * settled.
     */
    public int reapAbandoned(Collection<String> kinds, String worker, Collection<UUID> exclude) {
        Integer n = tx.execute(s -> {
            List<Object[]> rows = jdbc.sql("""
                    select id, state, attempts from jobs.job
                    where kind = any(?) and not (id = any(?)) and (
                      (state = 'CANCELLING' and lease_expires_at < now())
                      or (attempts >= max_attempts
                          and (state = 'QUEUED' or (state = 'RUNNING' and lease_expires_at < now()))))
                    limit 100 for update skip locked""")
                    .params(kinds.toArray(new String[0]), exclude.toArray(new UUID[0]))
                    .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), JobState.valueOf(rs.getString(2)),
                            rs.getInt(3)})
                    .list();
            for (Object[] r : rows) {
                UUID id = (UUID) r[0];
                JobState from = (JobState) r[1];
                if (from == JobState.CANCELLING) {
                    // Its worker died while cancelling: finish the cancel rather than run it again.
                    finish(id, from, JobState.CANCELLED, "worker lost while cancelling", worker, null, null);
                } else {
                    finish(id, from, JobState.FAILED, "gave up after " + r[2] + " attempts", worker, null,
                            "worker lost " + r[2] + " times");
                }
            }
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    /** Renews the leases this worker holds; returns the current state of each job it still owns. */
    public Map<UUID, JobState> heartbeat(String worker, Collection<UUID> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, JobState> out = new java.util.HashMap<>();
        jdbc.sql("""
                update jobs.job set lease_expires_at = now() + make_interval(secs => ?)
                where lease_owner = ? and id = any(?) and state in ('RUNNING', 'CANCELLING')
                returning id, state""")
                .params(lease.toMillis() / 1000.0, worker, ids.toArray(new UUID[0]))
                .query(rs -> {
                    out.put(rs.getObject(1, UUID.class), JobState.valueOf(rs.getString(2)));
                });
        return out;
    }

    /**
     * Renews these leases, each only if its attempt still owns the job (the attempt number fences a
     * worker whose lease ran out and was claimed again, even by itself). Returns the state of each job
     * still owned; a lease missing from the answer is lost.
     */
    public Map<UUID, JobState> renew(Collection<Lease> leases, Duration lease) {
        if (leases.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        for (Lease l : leases) {
            ids.add(l.jobId());
            workers.add(l.worker());
            attempts.add(l.attempt());
        }
        Map<UUID, JobState> out = new java.util.HashMap<>();
        jdbc.sql("""
                update jobs.job j set lease_expires_at = now() + make_interval(secs => ?)
                from unnest(?::uuid[], ?::text[], ?::int[]) as l(id, worker, attempt)
                where j.id = l.id and j.lease_owner = l.worker and j.attempts = l.attempt
                  and j.state in ('RUNNING', 'CANCELLING')
                returning j.id, j.state""")
                .params(lease.toMillis() / 1000.0, ids.toArray(new UUID[0]), workers.toArray(new String[0]),
                        attempts.toArray(new Integer[0]))
                .query(rs -> {
                    out.put(rs.getObject(1, UUID.class), JobState.valueOf(rs.getString(2)));
                });
        return out;
    }

    /** Renews one lease; empty when the attempt no longer owns its job. */
    public Optional<JobState> renew(Lease lease, Duration duration) {
        return Optional.ofNullable(renew(List.of(lease), duration).get(lease.jobId()));
    }

    public void progress(Lease lease, double progress, String step, Double etaSeconds) {
        progress(lease.jobId(), lease.worker(), lease.attempt(), progress, step, etaSeconds);
    }

    public void saveCheckpoint(Lease lease, String sha, JsonNode meta) {
        saveCheckpoint(lease.jobId(), lease.worker(), lease.attempt(), sha, meta);
    }

    /** Moves a job this attempt owns to a terminal state; false if the lease was lost meanwhile. */
    public boolean complete(Lease lease, JobState to, String reason, JsonNode result, String error) {
        return complete(lease.jobId(), lease.worker(), lease.attempt(), to, reason, result, error);
    }

    /** Gives a job this attempt owns back to the queue, keeping its checkpoint. */
    public void release(Lease lease, String reason) {
        release(lease.jobId(), lease.worker(), lease.attempt(), reason);
    }

    public void progress(UUID id, String worker, double progress, String step, Double etaSeconds) {
        progress(id, worker, null, progress, step, etaSeconds);
    }

    private void progress(UUID id, String worker, Integer attempt, double progress, String step, Double etaSeconds) {
        int n = jdbc.sql("""
                update jobs.job set progress = ?, current_step = ?, eta_seconds = ?, updated_at = now()
                where id = ? and lease_owner = ? and attempts = coalesce(?::int, attempts)
                  and state in ('RUNNING', 'CANCELLING')""")
                .params(progress, step, etaSeconds, id, worker, attempt).update();
        if (n == 0) {
            throw new LeaseLostException(id);
        }
    }

    public void saveCheckpoint(UUID id, String worker, String sha, JsonNode meta) {
        saveCheckpoint(id, worker, null, sha, meta);
    }

    private void saveCheckpoint(UUID id, String worker, Integer attempt, String sha, JsonNode meta) {
        int n = jdbc.sql("""
                update jobs.job set checkpoint_sha = ?, checkpoint_meta = ?::jsonb, updated_at = now()
                where id = ? and lease_owner = ? and attempts = coalesce(?::int, attempts)
                  and state in ('RUNNING', 'CANCELLING')""")
                .params(sha, json.writeValueAsString(meta), id, worker, attempt).update();
        if (n == 0) {
            throw new LeaseLostException(id);
        }
    }

    public Optional<Checkpoint> checkpoint(UUID id) {
        return jdbc.sql("select checkpoint_meta, checkpoint_sha from jobs.job where id = ? and checkpoint_sha is not null")
                .param(id)
                .query((rs, i) -> new Checkpoint(json.readTree(rs.getString(1)), rs.getString(2).trim()))
                .optional();
    }

    public JobState state(UUID id) {
        return jdbc.sql("select state from jobs.job where id = ?").param(id).query(String.class).optional()
                .map(JobState::valueOf).orElseThrow(() -> new IllegalStateException("no job " + id));
    }

    /** Moves a job this worker owns to a terminal state; false if the lease was lost meanwhile. */
    public boolean complete(UUID id, String worker, JobState to, String reason, JsonNode result, String error) {
        return complete(id, worker, null, to, reason, result, error);
    }

    private boolean complete(UUID id, String worker, Integer attempt, JobState to, String reason, JsonNode result,
            String error) {
        Boolean done = tx.execute(s -> {
            List<String> st = jdbc.sql("""
                    select state from jobs.job where id = ? and lease_owner = ? and attempts = coalesce(?::int, attempts)
                    for update""")
                    .params(id, worker, attempt).query(String.class).list();
            if (st.isEmpty() || JobState.valueOf(st.get(0)).isTerminal()) {
                return false;
            }
            finish(id, JobState.valueOf(st.get(0)), to, reason, worker, result, error);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** Gives a job back to the queue on a graceful shutdown, keeping its checkpoint. */
    public void release(UUID id, String worker, String reason) {
        release(id, worker, null, reason);
    }

    private void release(UUID id, String worker, Integer attempt, String reason) {
        tx.executeWithoutResult(s -> {
            List<String> st = jdbc.sql("""
                    select state from jobs.job where id = ? and lease_owner = ? and attempts = coalesce(?::int, attempts)
                    for update""")
                    .params(id, worker, attempt).query(String.class).list();
            if (st.isEmpty() || JobState.valueOf(st.get(0)).isTerminal()) {
                return;
            }
            JobState from = JobState.valueOf(st.get(0));
            JobState to = from == JobState.CANCELLING ? JobState.CANCELLED : JobState.QUEUED;
            if (to == JobState.CANCELLED) {
                finish(id, from, to, reason, worker, null, null);
                return;
            }
            jdbc.sql("update jobs.job set state = 'QUEUED', lease_owner = null, lease_expires_at = null, updated_at = now() where id = ?")
                    .param(id).update();
            history(id, from, to, reason, worker);
            setRunState(id, to);
        });
    }

    /**
     * Requests cancellation: a queued job is cancelled at once, a running one moves to CANCELLING and
     * its worker stops at the next step. Returns the new state.
     */
    public JobState requestCancel(UUID id, String reason) {
        return tx.execute(s -> {
            List<String> st = jdbc.sql("select state from jobs.job where id = ? for update").param(id).query(String.class).list();
            if (st.isEmpty()) {
                throw new JobNotFoundException(id);
            }
            JobState from = JobState.valueOf(st.get(0));
            if (from.isTerminal() || from == JobState.CANCELLING) {
                return from;
            }
            if (from == JobState.QUEUED) {
                finish(id, from, JobState.CANCELLED, reason, null, null, null);
                return JobState.CANCELLED;
            }
            jdbc.sql("update jobs.job set state = 'CANCELLING', updated_at = now() where id = ?").param(id).update();
            history(id, from, JobState.CANCELLING, reason, null);
            setRunState(id, JobState.CANCELLING);
            return JobState.CANCELLING;
        });
    }

    private void finish(UUID id, JobState from, JobState to, String reason, String worker, JsonNode result, String error) {
        Map.Entry<String, Double> finished = jdbc.sql("""
                update jobs.job set state = ?, result = ?::jsonb, error = ?, finished_at = now(), updated_at = now(),
                  lease_owner = null, lease_expires_at = null,
                  progress = case when ? = 'SUCCEEDED' then 1.0 else progress end,
                  eta_seconds = null
                where id = ?
                returning kind, extract(epoch from finished_at - started_at)::float8""")
                .params(to.name(), result == null ? null : json.writeValueAsString(result), error, to.name(), id)
                .query((rs, i) -> new java.util.AbstractMap.SimpleImmutableEntry<>(rs.getString(1),
                        rs.getObject(2, Double.class)))
                .single();
        afterCommit(() -> metrics.jobFinished(finished.getKey(), to, finished.getValue()));
        history(id, from, to, reason, worker);
        setRunState(id, to);
        jdbc.sql("""
                insert into jobs.webhook_delivery(job_id, url, payload)
                select id, callback_url, jsonb_build_object('jobId', id, 'kind', kind, 'state', state, 'result', result,
                       'error', error, 'finishedAt', finished_at)
                from jobs.job where id = ? and callback_url is not null""")
                .param(id).update();
    }

    private void history(UUID id, JobState from, JobState to, String reason, String worker) {
        jdbc.sql("insert into jobs.job_state_history(job_id, from_state, to_state, reason, worker) values (?, ?, ?, ?, ?)")
                .params(id, from == null ? null : from.name(), to.name(), reason, worker).update();
    }

    private void setRunState(UUID id, JobState state) {
        jdbc.sql("""
                update tracking.run set state = ?,
                  started_at = case when ? = 'RUNNING' and started_at is null then now() else started_at end,
                  finished_at = case when ? in ('SUCCEEDED','FAILED','CANCELLED') then now() else finished_at end
                where id = ?""")
                .params(state.name(), state.name(), state.name(), id).update();
    }

    /** Counts a transition only once it is durable; a rolled-back one (a lost race) never happened. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** The job whatever its owner: for the platform's own bookkeeping, never for answering a caller. */
    public Optional<JobView> find(UUID id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(this::view).optional()
                .map(v -> withHistory(v));
    }

    /** The job if {@code viewer} may see it ({@link Caller#canSee}); another owner's job is simply absent. */
    public Optional<JobView> find(UUID id, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        List<Object> args = new ArrayList<>();
        args.add(id);
        args.addAll(visible.args());
        return jdbc.sql(SELECT + " where id = ? and " + visible.positional()).params(args).query(this::view).optional()
                .map(v -> withHistory(v));
    }

    /** The job of this kind as the current caller sees it (a running job sees as its owner); 404 otherwise. */
    public JobView get(UUID id, String kind) {
        return get(id, kind, Caller.currentOrSystem());
    }

    public JobView get(UUID id, String kind, Caller viewer) {
        return find(id, viewer).filter(v -> kind == null || v.kind().equals(kind))
                .orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * Jobs of a kind that {@code viewer} may see, newest first, as summaries (no request or result
     * bodies); the visibility filter runs before paging.
     */
    public Page<JobSummary> list(String kind, JobState state, String experiment, int pageSize, PageToken token,
            Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        StringBuilder sql = new StringBuilder(SUMMARY_SELECT).append(" where kind = ? and ").append(visible.positional());
        List<Object> args = new ArrayList<>(List.of(kind));
        args.addAll(visible.args());
        if (state != null) {
            sql.append(" and state = ?");
            args.add(state.name());
        }
        if (experiment != null) {
            sql.append(" and experiment = ?");
            args.add(experiment);
        }
        if (token != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            args.add(Timestamp.from(token.createdAt()));
            args.add(token.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(pageSize + 1);
        List<JobSummary> rows = new ArrayList<>(jdbc.sql(sql.toString()).params(args).query(this::summary).list());
        String next = null;
        if (rows.size() > pageSize) {
            rows.remove(rows.size() - 1);
            JobSummary last = rows.get(rows.size() - 1);
            next = new PageToken(last.createdAt(), last.id()).encode();
        }
        return new Page<>(rows, next);
    }

    private static final String SUMMARY_SELECT = """
            select id, kind, state, progress, left(current_step, %d), eta_seconds, experiment, attempts,
                   left(error, %d), created_at, started_at, finished_at from jobs.job"""
            .formatted(JobSummary.STEP_EXCERPT, JobSummary.ERROR_EXCERPT);

    private JobSummary summary(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        double eta = rs.getDouble(6);
        Double etaOrNull = rs.wasNull() ? null : eta;
        return new JobSummary(id, rs.getString(2), JobState.valueOf(rs.getString(3)), rs.getDouble(4), rs.getString(5),
                etaOrNull, rs.getString(7), id, rs.getInt(8), rs.getString(9), instant(rs, 10), instant(rs, 11),
                instant(rs, 12));
    }

    private static final String SELECT = """
            select id, kind, state, progress, current_step, eta_seconds, experiment, attempts, request, result, error,
                   created_at, started_at, finished_at, owner, project from jobs.job""";

    private JobView view(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        double eta = rs.getDouble(6);
        Double etaOrNull = rs.wasNull() ? null : eta;
        String result = rs.getString(10);
        return new JobView(id, rs.getString(2), JobState.valueOf(rs.getString(3)), rs.getDouble(4), rs.getString(5),
                etaOrNull, rs.getString(7), id, rs.getInt(8), json.readTree(rs.getString(9)),
                result == null ? null : json.readTree(result), rs.getString(11), instant(rs, 12), instant(rs, 13),
                instant(rs, 14), List.of(), rs.getString(15), rs.getString(16));
    }

    private JobView withHistory(JobView v) {
        List<JobView.Transition> h = jdbc.sql("""
                select from_state, to_state, reason, worker, at from jobs.job_state_history where job_id = ? order by id""")
                .param(v.id())
                .query((rs, i) -> new JobView.Transition(rs.getString(1) == null ? null : JobState.valueOf(rs.getString(1)),
                        JobState.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), instant(rs, 5)))
                .list();
        return new JobView(v.id(), v.kind(), v.state(), v.progress(), v.currentStep(), v.etaSeconds(), v.experiment(),
                v.runId(), v.attempts(), v.request(), v.result(), v.error(), v.createdAt(), v.startedAt(), v.finishedAt(), h,
                v.owner(), v.project());
    }

    /** State-history rows of a job after row {@code afterId}, in order; a job's rows commit in id order (its row lock). */
    public List<HistoryEntry> historyAfter(UUID jobId, long afterId) {
        return jdbc.sql("""
                select id, from_state, to_state, reason, worker, at from jobs.job_state_history
                where job_id = ? and id > ? order by id""")
                .params(jobId, afterId)
                .query((rs, i) -> new HistoryEntry(rs.getLong(1), new JobView.Transition(
                        rs.getString(2) == null ? null : JobState.valueOf(rs.getString(2)), JobState.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), instant(rs, 6))))
                .list();
    }

    /** The id of a job's last state-history row (0 if none). */
    public long lastHistoryId(UUID jobId) {
        return jdbc.sql("select coalesce(max(id), 0) from jobs.job_state_history where job_id = ?").param(jobId)
                .query(Long.class).single();
    }

    /** One state-history row with its id, the cursor an event stream resumes from. */
    public record HistoryEntry(long id, JobView.Transition transition) {
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    /**
     * A job a worker has just claimed; it runs with its owner's rights (the scope it was submitted with).
     * {@code claimedFrom} is QUEUED, or RUNNING when its previous worker's lease expired; {@code queuedSeconds}
     * how long a QUEUED job waited (null otherwise).
     */
    /** A claimed job; {@code plan} is what the submitting service resolved from the request, or null. */
    public record ClaimedJob(UUID id, String kind, JobState state, int attempts, int maxAttempts, JsonNode request,
            Caller owner, JobState claimedFrom, Double queuedSeconds, JsonNode plan) {

        public Lease lease(String worker) {
            return new Lease(id, worker, attempts);
        }
    }

    /**
     * One attempt's hold on a job. The attempt number is the fencing token: every claim increments it, so
     * a worker that lost its lease (and perhaps claimed the job again) cannot write with the old attempt.
     */
    public record Lease(UUID jobId, String worker, int attempt) {
    }

    DataSource dataSource() {
        return dataSource;
    }
}
