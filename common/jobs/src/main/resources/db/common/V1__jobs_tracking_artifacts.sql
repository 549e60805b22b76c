-- Shared schemas owned by common: the job queue and the MLflow-like tracking store.
-- Every service runs this migration at start-up; Flyway's PostgreSQL advisory lock serialises them.

create table tracking.experiment (
    id          bigserial primary key,
    name        text not null unique,
    created_at  timestamptz not null default now()
);

create table tracking.run (
    id            uuid primary key,
    experiment_id bigint not null references tracking.experiment(id),
    kind          text not null,
    service       text not null,
    name          text,
    state         text not null,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz
);
create index run_experiment_idx on tracking.run(experiment_id, created_at desc, id);
create index run_created_idx on tracking.run(created_at desc, id);

create table tracking.param (
    run_id uuid not null references tracking.run(id) on delete cascade,
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);

create table tracking.tag (
    run_id uuid not null references tracking.run(id) on delete cascade,
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);

-- (run, key, step) is unique: a job that resumes after a crash re-logs an epoch and overwrites it,
-- so the finished history holds every step exactly once.
create table tracking.metric (
    run_id    uuid not null references tracking.run(id) on delete cascade,
    key       text not null,
    step      bigint not null,
    value     double precision not null,
    logged_at timestamptz not null default now(),
    primary key (run_id, key, step)
);

create table tracking.artifact (
    sha256       char(64) primary key,
    size_bytes   bigint not null,
    chunk_count  int not null,
    content_type text not null,
    created_at   timestamptz not null default now()
);

create table tracking.artifact_chunk (
    sha256 char(64) not null references tracking.artifact(sha256) on delete cascade,
    idx    int not null,
    data   bytea not null,
    primary key (sha256, idx)
);

create table tracking.run_artifact (
    run_id uuid not null references tracking.run(id) on delete cascade,
    name   text not null,
    sha256 char(64) not null references tracking.artifact(sha256),
    primary key (run_id, name)
);

create table jobs.job (
    id               uuid primary key,
    kind             text not null,
    service          text not null,
    state            text not null,
    request          jsonb not null,
    result           jsonb,
    error            text,
    progress         double precision not null default 0,
    current_step     text,
    eta_seconds      double precision,
    attempts         int not null default 0,
    max_attempts     int not null default 3,
    lease_owner      text,
    lease_expires_at timestamptz,
    checkpoint_sha   char(64),
    checkpoint_meta  jsonb,
    idempotency_key  text,
    request_hash     char(64) not null,
    callback_url     text,
    experiment       text not null,
    created_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz not null default now()
);
create unique index job_idempotency_idx on jobs.job(kind, idempotency_key) where idempotency_key is not null;
create index job_claim_idx on jobs.job(kind, state, created_at);
create index job_list_idx on jobs.job(kind, created_at desc, id);

create table jobs.job_state_history (
    id         bigserial primary key,
    job_id     uuid not null references jobs.job(id) on delete cascade,
    from_state text,
    to_state   text not null,
    reason     text not null,
    worker     text,
    at         timestamptz not null default now()
);
create index job_history_idx on jobs.job_state_history(job_id, id);

create table jobs.webhook_delivery (
    id          bigserial primary key,
    job_id      uuid not null references jobs.job(id) on delete cascade,
    url         text not null,
    payload     jsonb not null,
    attempts    int not null default 0,
    next_try_at timestamptz not null default now(),
    delivered_at timestamptz,
    last_error  text
);
create index webhook_pending_idx on jobs.webhook_delivery(next_try_at) where delivered_at is null;
