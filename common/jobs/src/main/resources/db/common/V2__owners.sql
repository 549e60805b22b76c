-- Tenancy: every job and run records the API key it belongs to (as 'key:<id>', or 'system' for the
-- platform's own) and an optional project. Idempotency keys are per owner, so one key's retries can
-- never return, or collide with, another key's job.
alter table jobs.job add column owner text not null default 'system';
alter table jobs.job add column project text;
alter table tracking.run add column owner text not null default 'system';
alter table tracking.run add column project text;

drop index jobs.job_idempotency_idx;
create unique index job_idempotency_idx on jobs.job(owner, kind, idempotency_key) where idempotency_key is not null;
create index job_owner_list_idx on jobs.job(owner, kind, created_at desc, id);
create index run_owner_idx on tracking.run(owner, created_at desc, id);
