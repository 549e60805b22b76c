-- Human-in-the-loop active-learning sessions. The classifier is never stored: it is retrained from
-- al_label after every batch, so a session survives restarts and moves between replicas.
create table pruning.al_session (
    id            uuid primary key,
    dataset_id    text not null,
    classifier    jsonb not null,
    strategy      text not null,
    adversarial   jsonb not null,
    batch_size    integer not null check (batch_size > 0),
    candidates    integer not null default 0,
    seed          bigint not null,
    round         integer not null default 0,
    -- [{round, labels, accuracy}] after every retraining
    history       jsonb not null default '[]',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

-- Labels given so far; adversarial holds DFAL's synthetic example (float32 little-endian) that shares the label.
create table pruning.al_label (
    session_id    uuid not null references pruning.al_session(id) on delete cascade,
    pool_id       integer not null,
    label         integer not null,
    source        text not null check (source in ('initial', 'human')),
    round         integer not null,
    adversarial   bytea,
    labelled_at   timestamptz not null default now(),
    primary key (session_id, pool_id)
);

-- The batch waiting for labels, in query order.
create table pruning.al_pending (
    session_id    uuid not null references pruning.al_session(id) on delete cascade,
    pool_id       integer not null,
    position      integer not null,
    adversarial   bytea,
    primary key (session_id, pool_id)
);
