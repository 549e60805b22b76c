-- Tenancy reads: a key sees its own rows or its project's. Owner lookups use V2's indexes; these serve
-- the project half of the condition, and the artifact download check (is this hash attached to a run
-- the caller may see?).
create index job_project_list_idx on jobs.job(project, kind, created_at desc, id) where project is not null;
create index run_project_idx on tracking.run(project, created_at desc, id) where project is not null;
create index run_artifact_sha_idx on tracking.run_artifact(sha256);

-- A job runs with its submitter's scope, so an admin's job may use what the admin could name when it
-- was submitted. The platform's own jobs ('system') act as admin, as the platform does.
alter table jobs.job add column owner_scope text not null default 'submit';
update jobs.job set owner_scope = 'admin' where owner = 'system';
