-- Run searches at a million runs, filters that are dense on their own (issue #20). A page driven by one
-- filter checks each candidate against the others. Those checks read the metric's row through its primary
-- key and the run's row for its owner, project, kind and state: a param of 10 % with a metric bound of 9 %
-- (1 % together) read 1,143 run rows and 1,143 metric rows for a page of 101 at 1M runs (10,502 buffers,
-- 36 ms), and a project member's search of a 0.2 % metric bound read 745 run rows (26 ms).

-- Each run's latest metric values per key in page order. A candidate's (key, run_created_at, run_id) entry
-- answers a metric bound from the index alone (no row read), and a dense bound (val_acc >= 0.9) is walked
-- newest first with its value checked in the index, stopping after a page, instead of sorting a range of
-- 100,000 entries or probing the newest runs one by one.
create index latest_metric_key_time_idx on tracking.latest_metric(key, run_created_at, run_id) include (value);

-- The run columns a search checks a candidate against, next to its id: a candidate that fails visibility,
-- kind or state costs an index probe, not a row read; only the page's runs are read.
create index run_filter_columns_idx on tracking.run(id) include (owner, project, kind, state);

analyze tracking.latest_metric, tracking.run;
