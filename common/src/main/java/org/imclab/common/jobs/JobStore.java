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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue in PostgreSQL. Every state change runs in one transaction with its history row and
 * the run's state in tracking. Workers claim with {@code FOR UPDATE SKIP LOCKED} and hold a lease
 * they renew by heartbeat; a lease that runs out makes the job claimable by any other worker.
 */
public class JobStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    public JobStore(DataSource dataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
    }

    /** A new job row in QUEUED, with its first history entry. */
    public void insert(UUID id, String kind, String service, JsonNode request, String requestHash, String idempotencyKey,
            String callbackUrl, String experiment, Caller owner) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into jobs.job(id, kind, service, state, request, request_hash, idempotency_key, callback_url, experiment,
                                         owner, project)
                    values (?, ?, ?, 'QUEUED', ?::jsonb, ?, ?, ?, ?, ?, ?)""")
                    .params(id, kind, service, json.writeValueAsString(request), requestHash, idempotencyKey, callbackUrl,
                            experiment, owner.owner(), owner.project())
                    .update();
            history(id, null, JobState.QUEUED, "submitted", null);
        });
    }

    /** The job this owner previously submitted with this key, with the hash of its request. */
    public Optional<Map.Entry<UUID, String>> findByIdempotencyKey(String owner, String kind, String key) {
        return jdbc.sql("select id, request_hash from jobs.job where owner = ? and kind = ? and idempotency_key = ?")
                .params(owner, kind, key)
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional();
    }

    /**
     * Claims the oldest runnable job of a kind: a QUEUED one, or one whose worker's lease expired. A
     * job that has used all its attempts fails instead of running again.
     */
    public Optional<ClaimedJob> claim(String kind, String worker, Duration lease) {
        return tx.execute(s -> {
            List<ClaimedJob> rows = jdbc.sql("""
                    select id, state, attempts, max_attempts, request, owner, project from jobs.job
                    where kind = ? and (state = 'QUEUED'
                        or (state in ('RUNNING', 'CANCELLING') and lease_expires_at < now()))
                    order by created_at limit 1
                    for update skip locked""")
                    .param(kind)
                    .query((rs, i) -> new ClaimedJob(rs.getObject(1, UUID.class), kind, JobState.valueOf(rs.getString(2)),
                            rs.getInt(3), rs.getInt(4), json.readTree(rs.getString(5)),
                            new Caller(rs.getString(6), Caller.Scope.SUBMIT, rs.getString(7))))
                    .list();
            if (rows.isEmpty()) {
                return Optional.<ClaimedJob>empty();
            }
            ClaimedJob job = rows.get(0);
            if (job.state() == JobState.CANCELLING) {
                // Its worker died while cancelling: finish the cancel rather than run it again.
                finish(job.id(), job.state(), JobState.CANCELLED, "worker lost while cancelling", worker, null, null);
                return Optional.<ClaimedJob>empty();
            }
            if (job.attempts() >= job.maxAttempts()) {
                finish(job.id(), job.state(), JobState.FAILED, "gave up after " + job.attempts() + " attempts", worker,
                        null, "worker lost " + job.attempts() + " times");
                return Optional.<ClaimedJob>empty();
            }
            String reason = job.state() == JobState.QUEUED ? "claimed" : "resumed after lease expiry";
            jdbc.sql("""
                    update jobs.job set state = 'RUNNING', attempts = attempts + 1, lease_owner = ?,
                      lease_expires_at = now() + make_interval(secs => ?), started_at = coalesce(started_at, now()),
                      updated_at = now()
                    where id = ?""")
                    .params(worker, lease.toMillis() / 1000.0, job.id()).update();
            if (job.state() != JobState.RUNNING) {
                history(job.id(), job.state(), JobState.RUNNING, reason, worker);
            } else {
                history(job.id(), JobState.RUNNING, JobState.RUNNING, reason, worker);
            }
            setRunState(job.id(), JobState.RUNNING);
            return Optional.of(new ClaimedJob(job.id(), kind, JobState.RUNNING, job.attempts() + 1, job.maxAttempts(),
                    job.request(), job.owner()));
        });
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

    public void progress(UUID id, String worker, double progress, String step, Double etaSeconds) {
        int n = jdbc.sql("""
                update jobs.job set progress = ?, current_step = ?, eta_seconds = ?, updated_at = now()
                where id = ? and lease_owner = ? and state in ('RUNNING', 'CANCELLING')""")
                .params(progress, step, etaSeconds, id, worker).update();
        if (n == 0) {
            throw new LeaseLostException(id);
        }
    }

    public void saveCheckpoint(UUID id, String worker, String sha, JsonNode meta) {
        int n = jdbc.sql("""
                update jobs.job set checkpoint_sha = ?, checkpoint_meta = ?::jsonb, updated_at = now()
                where id = ? and lease_owner = ? and state in ('RUNNING', 'CANCELLING')""")
                .params(sha, json.writeValueAsString(meta), id, worker).update();
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
        Boolean done = tx.execute(s -> {
            List<String> st = jdbc.sql("select state from jobs.job where id = ? and lease_owner = ? for update")
                    .params(id, worker).query(String.class).list();
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
        tx.executeWithoutResult(s -> {
            List<String> st = jdbc.sql("select state from jobs.job where id = ? and lease_owner = ? for update")
                    .params(id, worker).query(String.class).list();
            if (st.isEmpty()) {
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
        jdbc.sql("""
                update jobs.job set state = ?, result = ?::jsonb, error = ?, finished_at = now(), updated_at = now(),
                  lease_owner = null, lease_expires_at = null,
                  progress = case when ? = 'SUCCEEDED' then 1.0 else progress end,
                  eta_seconds = null
                where id = ?""")
                .params(to.name(), result == null ? null : json.writeValueAsString(result), error, to.name(), id).update();
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

    public Optional<JobView> find(UUID id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(this::view).optional()
                .map(v -> withHistory(v));
    }

    public JobView get(UUID id, String kind) {
        return find(id).filter(v -> kind == null || v.kind().equals(kind)).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** A page of jobs of one kind, newest first, as summaries (no request or result bodies). */
    public Page<JobSummary> list(String kind, JobState state, String experiment, int pageSize, PageToken token) {
        StringBuilder sql = new StringBuilder(SUMMARY_SELECT).append(" where kind = ?");
        List<Object> args = new ArrayList<>(List.of(kind));
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
                   created_at, started_at, finished_at from jobs.job""";

    private JobView view(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        double eta = rs.getDouble(6);
        Double etaOrNull = rs.wasNull() ? null : eta;
        String result = rs.getString(10);
        return new JobView(id, rs.getString(2), JobState.valueOf(rs.getString(3)), rs.getDouble(4), rs.getString(5),
                etaOrNull, rs.getString(7), id, rs.getInt(8), json.readTree(rs.getString(9)),
                result == null ? null : json.readTree(result), rs.getString(11), instant(rs, 12), instant(rs, 13),
                instant(rs, 14), List.of());
    }

    private JobView withHistory(JobView v) {
        List<JobView.Transition> h = jdbc.sql("""
                select from_state, to_state, reason, worker, at from jobs.job_state_history where job_id = ? order by id""")
                .param(v.id())
                .query((rs, i) -> new JobView.Transition(rs.getString(1) == null ? null : JobState.valueOf(rs.getString(1)),
                        JobState.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), instant(rs, 5)))
                .list();
        return new JobView(v.id(), v.kind(), v.state(), v.progress(), v.currentStep(), v.etaSeconds(), v.experiment(),
                v.runId(), v.attempts(), v.request(), v.result(), v.error(), v.createdAt(), v.startedAt(), v.finishedAt(), h);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    /** A job a worker has just claimed; it runs with its owner's rights (submit scope). */
    public record ClaimedJob(UUID id, String kind, JobState state, int attempts, int maxAttempts, JsonNode request,
            Caller owner) {
    }
}
