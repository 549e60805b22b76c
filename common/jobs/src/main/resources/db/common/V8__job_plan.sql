-- The resolved plan of a job: what the submitting service worked out from the request (data set and
-- model versions, defaults, derived settings) when it validated it. The worker runs that plan instead of
-- resolving the request a second time, so a job runs exactly what was accepted, and the models and data
-- sets it names are looked up once. Null for kinds that need no plan (and for jobs queued before V8).
alter table jobs.job add column plan jsonb;
