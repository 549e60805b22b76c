-- Filters scoped to an experiment (issue #20). A search for an experiment with a param and a metric filter
-- walked the experiment's runs newest first and probed both filters per run: at 1M runs, 3,360 probes for
-- one page (exp-3, optimizer-1, val_acc >= 0.9: 330 ms at load 11). Param and latest-metric rows now carry
-- their run's experiment, as they carry its creation time (V7), and each filter table has an index that
-- starts with it, so a filter is sized and read within the experiment alone, already in page order.
alter table tracking.param add column experiment_id bigint;
alter table tracking.latest_metric add column experiment_id bigint;

update tracking.param p set experiment_id = r.experiment_id from tracking.run r where r.id = p.run_id;
update tracking.latest_metric m set experiment_id = r.experiment_id from tracking.run r where r.id = m.run_id;

alter table tracking.param alter column experiment_id set not null;
alter table tracking.latest_metric alter column experiment_id set not null;

-- V7's fill-in trigger, now for both run columns, under a name that says so. Writers that insert the run
-- in the same statement (TrackingStore.createRun) pass both values themselves: the trigger cannot see
-- that run yet.
create function tracking.copy_run_columns() returns trigger language plpgsql as $$
begin
    if new.run_created_at is null or new.experiment_id is null then
        select coalesce(new.run_created_at, r.created_at), coalesce(new.experiment_id, r.experiment_id)
            into new.run_created_at, new.experiment_id
            from tracking.run r where r.id = new.run_id;
    end if;
    return new;
end
$$;

drop trigger param_copies_run_created_at on tracking.param;
drop trigger latest_metric_copies_run_created_at on tracking.latest_metric;
drop function tracking.copy_run_created_at();
create trigger param_copies_run_columns before insert on tracking.param
    for each row execute function tracking.copy_run_columns();
create trigger latest_metric_copies_run_columns before insert on tracking.latest_metric
    for each row execute function tracking.copy_run_columns();

-- No code moves a run to another experiment; should SQL do it, the filter rows follow.
create function tracking.move_run_filters() returns trigger language plpgsql as $$
begin
    update tracking.param set experiment_id = new.experiment_id where run_id = new.id;
    update tracking.latest_metric set experiment_id = new.experiment_id where run_id = new.id;
    return null;
end
$$;

create trigger run_moves_filters
    after update of experiment_id on tracking.run
    for each row when (old.experiment_id is distinct from new.experiment_id)
    execute function tracking.move_run_filters();

create index param_experiment_search_idx on tracking.param(experiment_id, key, value, run_created_at, run_id);
create index latest_metric_experiment_search_idx on tracking.latest_metric(experiment_id, key, value)
    include (run_created_at, run_id);

analyze tracking.param, tracking.latest_metric;
