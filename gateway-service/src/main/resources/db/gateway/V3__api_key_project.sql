-- An optional project per key: keys of one project share the jobs, runs and models they create
-- (the gateway forwards it in the signed caller; services decide visibility from it).
alter table api_key add column project text check (project ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$');
