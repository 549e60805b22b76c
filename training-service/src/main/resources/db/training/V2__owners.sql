-- Tenancy: every data set version and model version records the API key that created it ('key:<id>';
-- 'system' for rows from before owners existed, which only admins then see) and that key's project.
-- Versions count per owner and name, so one key's uploads never reveal, or take, another key's numbers.
alter table dataset add column owner text not null default 'system';
alter table dataset add column project text;
alter table dataset drop constraint dataset_name_version_key;
alter table dataset add constraint dataset_owner_name_version_key unique (owner, name, version);
create index dataset_owner_idx on dataset(owner, id desc);
create index dataset_project_idx on dataset(project, id desc) where project is not null;

alter table model add column owner text not null default 'system';
alter table model add column project text;
alter table model drop constraint model_name_version_key;
alter table model add constraint model_owner_name_version_key unique (owner, name, version);
create index model_owner_idx on model(owner, id desc);
create index model_project_idx on model(project, id desc) where project is not null;
-- A job registers its model once: the lookup is by the registering owner and the job id.
drop index model_lineage_job;
create index model_lineage_job on model(owner, (lineage ->> 'jobId'));
