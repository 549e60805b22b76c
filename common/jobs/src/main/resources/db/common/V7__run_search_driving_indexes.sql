-- Combined run searches at a million runs (issue #20). A search pages newest first, so whichever filter
-- drives the plan must yield its runs in (created_at, id) order, or be sorted by that key without visiting
-- every matching run. V5's filter indexes held only run ids: a param matching a third of all runs had to
-- look up each of those runs to find the newest hundred (0.7-2 s at 1M runs).
--
-- Param and latest-metric rows therefore carry their run's creation time (run_created_at), which never
-- changes once the run exists. Searches join them on (run_id, run_created_at) = (r.id, r.created_at), so
-- the planner knows the columns are equal and can take the search order from any filter's index:
-- - param (key, value, run_created_at, run_id): one (key, value) is a range in search order; the newest
--   page of a param filter is read from the index and stops after a page, however many runs match;
-- - latest_metric (key, value) include (run_created_at, run_id): a value range is sorted by time from
--   the index alone (top-N), then only the page's runs are visited.
alter table tracking.param add column run_created_at timestamptz;
alter table tracking.latest_metric add column run_created_at timestamptz;

update tracking.param p set run_created_at = r.created_at from tracking.run r where r.id = p.run_id;
update tracking.latest_metric m set run_created_at = r.created_at from tracking.run r where r.id = m.run_id;

alter table tracking.param alter column run_created_at set not null;
alter table tracking.latest_metric alter column run_created_at set not null;

-- Filled on insert from the run row, whoever inserts (the store's upserts, V5's latest-metric trigger).
create function tracking.copy_run_created_at() returns trigger language plpgsql as $$
begin
    if new.run_created_at is null then
        new.run_created_at := (select r.created_at from tracking.run r where r.id = new.run_id);
    end if;
    return new;
end
$$;

create trigger param_copies_run_created_at before insert on tracking.param
    for each row execute function tracking.copy_run_created_at();
create trigger latest_metric_copies_run_created_at before insert on tracking.latest_metric
    for each row execute function tracking.copy_run_created_at();

drop index tracking.param_key_value_idx;
create index param_search_idx on tracking.param(key, value, run_created_at, run_id);
drop index tracking.latest_metric_key_value_idx;
create index latest_metric_search_idx on tracking.latest_metric(key, value) include (run_created_at, run_id);

-- A param value names its key (optimizer-1 only under optimizer), so key and value are far from
-- independent: without these statistics the planner multiplies the two selectivities and takes a
-- param matching a third of all runs for a selective one.
create statistics tracking.param_key_value_stats (mcv, dependencies) on key, value from tracking.param;
analyze tracking.param, tracking.latest_metric;
