-- A per-run sequence number on metric points, so an event stream can resume exactly where it stopped
-- (Last-Event-ID). Each logging statement takes its numbers by updating the run's counter, which locks the
-- run row until it commits: within a run, numbers therefore commit in order, and "seq > cursor" never
-- skips a point that commits late (logged_at, a transaction's start time, cannot promise that).
-- A re-logged step gets a new number: its new value is a new point.
alter table tracking.run add column metric_seq bigint not null default 0;
alter table tracking.metric add column seq bigint not null default 0;

update tracking.metric m set seq = n.rn
from (select run_id, key, step, row_number() over (partition by run_id order by logged_at, key, step) as rn
      from tracking.metric) n
where m.run_id = n.run_id and m.key = n.key and m.step = n.step;
update tracking.run r set metric_seq = c.last
from (select run_id, max(seq) as last from tracking.metric group by run_id) c
where r.id = c.run_id;

create index metric_seq_idx on tracking.metric(run_id, seq);
