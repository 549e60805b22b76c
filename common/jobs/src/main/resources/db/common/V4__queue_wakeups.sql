-- Queue wake-ups: a job that becomes QUEUED (inserted, or handed back by a worker) is announced on
-- channel imclab_jobs with its kind as payload. Workers LISTEN and claim at once instead of waiting for
-- their next poll; NOTIFY is delivered on commit, so a woken worker always finds the row.
create function jobs.notify_job_queued() returns trigger language plpgsql as $$
begin
    perform pg_notify('imclab_jobs', new.kind);
    return null;
end
$$;

create trigger job_queued_notify
    after insert or update of state on jobs.job
    for each row when (new.state = 'QUEUED')
    execute function jobs.notify_job_queued();

-- The claim reads only QUEUED rows of a few kinds, oldest first: a partial index stays small however
-- many finished jobs pile up. Expired leases are found through the second one.
create index job_queued_idx on jobs.job(kind, created_at) where state = 'QUEUED';
create index job_lease_expiry_idx on jobs.job(lease_expires_at) where state in ('RUNNING', 'CANCELLING');
