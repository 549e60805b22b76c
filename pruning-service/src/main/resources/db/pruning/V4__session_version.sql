-- Optimistic locking for labelling: a labelling reads the session and its version, retrains outside any
-- transaction (minutes with the DNN classifier), and commits only if the version is still the one it read.
alter table pruning.al_session add column version bigint not null default 0;
