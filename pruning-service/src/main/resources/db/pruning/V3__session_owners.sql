-- Tenancy: a session belongs to the API key that created it ('key:<id>'; 'system' for sessions from
-- before owners existed, which only admins then see) and to that key's project.
alter table pruning.al_session add column owner text not null default 'system';
alter table pruning.al_session add column project text;
