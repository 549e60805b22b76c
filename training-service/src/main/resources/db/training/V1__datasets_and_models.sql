-- Data set versions: each row is one immutable .npz artifact with its split and normalisation.
create table dataset (
    id             bigint generated always as identity primary key,
    name           text        not null,
    version        integer     not null,
    source         text        not null,
    kind           text        not null check (kind in ('image', 'tabular')),
    shape          jsonb       not null,
    num_classes    integer     not null,
    class_names    jsonb       not null,
    counts         jsonb       not null,
    split_seed     bigint      not null,
    val_fraction   double precision not null,
    test_fraction  double precision not null,
    official_test  boolean     not null,
    train_size     integer     not null,
    val_size       integer     not null,
    test_size      integer     not null,
    channel_mean   jsonb       not null,
    channel_std    jsonb       not null,
    artifact_sha   char(64)    not null,
    size_bytes     bigint      not null,
    created_at     timestamptz not null default now(),
    unique (name, version)
);

-- Model registry: a spec plus a weights artifact, with metrics and where it came from.
create table model (
    id           bigint generated always as identity primary key,
    name         text        not null,
    version      integer     not null,
    kind         text        not null check (kind in ('standard', 'basisn')),
    spec         jsonb       not null,
    weights_sha  char(64)    not null,
    metrics      jsonb       not null default '{}'::jsonb,
    lineage      jsonb       not null default '{}'::jsonb,
    created_at   timestamptz not null default now(),
    unique (name, version)
);

create index model_lineage_job on model ((lineage ->> 'jobId'));
