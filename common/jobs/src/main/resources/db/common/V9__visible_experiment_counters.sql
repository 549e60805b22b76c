-- Experiment counters per owner and project (issue #20). A non-admin's experiment list counts only the runs
-- they may see (owner = caller, or project = caller's project). Grouping their runs per request grew with
-- their runs (160 ms at 1M runs for an owner of 50,000). These rows hold the same counts per
-- (experiment, owner, project, state), kept by the run trigger in the run's own transaction, so the list
-- sums a few rows whatever the number of runs. A run without a project is counted under project ''.
create table tracking.experiment_visible_count (
    experiment_id bigint not null references tracking.experiment(id) on delete cascade,
    owner         text not null,
    project       text not null,
    state         text not null,
    runs          bigint not null,
    -- The newest run created in this group while in this state. A run that leaves the state leaves it
    -- possibly too new for the rows it left, but the run's current row has it too, so the newest over a
    -- group's rows with runs > 0 is exact until a run is deleted; a delete recomputes its group.
    last_run_at   timestamptz not null,
    primary key (experiment_id, owner, project, state)
);
create index experiment_visible_count_owner_idx on tracking.experiment_visible_count(owner);
create index experiment_visible_count_project_idx on tracking.experiment_visible_count(project);

insert into tracking.experiment_visible_count(experiment_id, owner, project, state, runs, last_run_at)
select experiment_id, owner, coalesce(project, ''), state, count(*), max(created_at)
from tracking.run group by experiment_id, owner, coalesce(project, ''), state;

create function tracking.count_visible_runs() returns trigger language plpgsql as $$
begin
    -- V5's trigger (run_counts_experiment) runs first (triggers fire in name order) and locks the
    -- experiment's row, so concurrent changes to one experiment's counters are serialised there.
    if tg_op in ('UPDATE', 'DELETE') then
        update tracking.experiment_visible_count set runs = runs - 1
            where experiment_id = old.experiment_id and owner = old.owner
              and project = coalesce(old.project, '') and state = old.state;
    end if;
    if tg_op = 'DELETE' then
        update tracking.experiment_visible_count c set last_run_at = coalesce(
                (select max(r.created_at) from tracking.run r where r.experiment_id = c.experiment_id
                   and r.owner = c.owner and coalesce(r.project, '') = c.project and r.state = c.state),
                c.last_run_at)
            where c.experiment_id = old.experiment_id and c.owner = old.owner and c.project = coalesce(old.project, '');
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        insert into tracking.experiment_visible_count(experiment_id, owner, project, state, runs, last_run_at)
            values (new.experiment_id, new.owner, coalesce(new.project, ''), new.state, 1, new.created_at)
            on conflict (experiment_id, owner, project, state) do update
            set runs = tracking.experiment_visible_count.runs + 1,
                last_run_at = greatest(tracking.experiment_visible_count.last_run_at, excluded.last_run_at);
    end if;
    return null;
end
$$;

create trigger run_counts_visible
    after insert or delete or update of state, experiment_id, owner, project on tracking.run
    for each row execute function tracking.count_visible_runs();
