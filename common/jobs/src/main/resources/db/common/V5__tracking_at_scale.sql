-- Tracking at a million runs (issue #20): every run-search filter gets an index the planner can drive
-- from, and experiment counts are kept instead of recounted on every read.

-- Param filters (key = ? and value = ?) read the matching run ids straight from this index.
create index param_key_value_idx on tracking.param(key, value, run_id);

-- Kind and state filters: ascending (created_at, id) so a backward scan yields the search order
-- (created_at desc, id desc) and the page token's row comparison is an index condition.
create index run_kind_idx on tracking.run(kind, created_at, id);
create index run_state_idx on tracking.run(state, created_at, id);

-- Each run's latest value per metric key, so a metric filter is an index range scan on (key, value)
-- instead of a "latest step" subquery per run. Kept by a trigger on tracking.metric, so it changes in the
-- same transaction as the metric write whoever writes it; the upsert only moves forward in step, and
-- ON CONFLICT re-checks that against the row it locked, so concurrent writers end on the highest step.
create table tracking.latest_metric (
    run_id uuid not null references tracking.run(id) on delete cascade,
    key    text not null,
    step   bigint not null,
    value  double precision not null,
    primary key (run_id, key)
);
create index latest_metric_key_value_idx on tracking.latest_metric(key, value, run_id);
-- Metric filters ask for the tail of a distribution (val_acc >= 0.94); a finer histogram keeps the
-- planner's estimate of such a tail small enough that it starts from this index.
alter table tracking.latest_metric alter column value set statistics 1000;

insert into tracking.latest_metric(run_id, key, step, value)
select distinct on (run_id, key) run_id, key, step, value from tracking.metric order by run_id, key, step desc;

create function tracking.keep_latest_metric() returns trigger language plpgsql as $$
begin
    insert into tracking.latest_metric(run_id, key, step, value) values (new.run_id, new.key, new.step, new.value)
    on conflict (run_id, key) do update set step = excluded.step, value = excluded.value
        where tracking.latest_metric.step <= excluded.step;
    return null;
end
$$;

create trigger metric_keeps_latest
    after insert or update of value, step on tracking.metric
    for each row execute function tracking.keep_latest_metric();

-- Experiment counters: run count, newest run, runs per state. Kept by a trigger on tracking.run in the
-- run's own transaction. Every change first updates the experiment's row, so that row serialises all
-- counter changes of one experiment and two runs changing state in opposite directions cannot deadlock
-- on the per-state rows. These serve admins (who see every run); other callers' counts cover only
-- their visible runs and are computed per request from the owner and project indexes.
alter table tracking.experiment add column run_count bigint not null default 0;
alter table tracking.experiment add column last_run_at timestamptz;

create table tracking.experiment_state_count (
    experiment_id bigint not null references tracking.experiment(id) on delete cascade,
    state         text not null,
    runs          bigint not null,
    primary key (experiment_id, state)
);

update tracking.experiment e set run_count = c.n, last_run_at = c.last
from (select experiment_id, count(*) as n, max(created_at) as last from tracking.run group by experiment_id) c
where c.experiment_id = e.id;
insert into tracking.experiment_state_count(experiment_id, state, runs)
select experiment_id, state, count(*) from tracking.run group by experiment_id, state;

create function tracking.count_experiment_runs() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.experiment_id = new.experiment_id then
        update tracking.experiment set run_count = run_count where id = new.experiment_id;
        update tracking.experiment_state_count set runs = runs - 1
            where experiment_id = old.experiment_id and state = old.state;
        insert into tracking.experiment_state_count(experiment_id, state, runs) values (new.experiment_id, new.state, 1)
            on conflict (experiment_id, state) do update set runs = tracking.experiment_state_count.runs + 1;
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        update tracking.experiment set run_count = run_count - 1,
            last_run_at = (select max(r.created_at) from tracking.run r where r.experiment_id = old.experiment_id)
            where id = old.experiment_id;
        update tracking.experiment_state_count set runs = runs - 1
            where experiment_id = old.experiment_id and state = old.state;
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        update tracking.experiment set run_count = run_count + 1,
            last_run_at = greatest(last_run_at, new.created_at)
            where id = new.experiment_id;
        insert into tracking.experiment_state_count(experiment_id, state, runs) values (new.experiment_id, new.state, 1)
            on conflict (experiment_id, state) do update set runs = tracking.experiment_state_count.runs + 1;
    end if;
    return null;
end
$$;

create trigger run_counts_experiment
    after insert or delete or update of state, experiment_id on tracking.run
    for each row execute function tracking.count_experiment_runs();
