-- A job registers its model once, enforced by a unique key rather than a lookup before the insert:
-- with only the (non-unique) lineage index, two concurrent registrations of one job could both insert.
-- Per owner, as before: another key naming the same job id gets its own model and never sees this one.
alter table model add column source_job_id text;

-- Rows from before: the first model of each owner's job takes the key; a duplicate an earlier race made,
-- if any, keeps its job id in lineage only.
update model m set source_job_id = m.lineage ->> 'jobId'
where m.lineage ->> 'jobId' is not null
  and m.id = (select min(o.id) from model o where o.owner = m.owner and o.lineage ->> 'jobId' = m.lineage ->> 'jobId');

alter table model add constraint model_owner_source_job_key unique (owner, source_job_id);
drop index model_lineage_job;
