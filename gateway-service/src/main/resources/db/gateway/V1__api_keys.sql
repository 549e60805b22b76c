-- API keys look like imc_<prefix>_<secret>. The prefix finds the row; only SHA-256(secret) is kept,
-- so a database dump does not leak usable keys.
create table api_key (
    id                    bigint generated always as identity primary key,
    name                  text        not null,
    prefix                text        not null unique,
    secret_sha256         text        not null,
    scopes                text[]      not null check (cardinality(scopes) > 0),
    created_at            timestamptz not null default now(),
    revoked_at            timestamptz,
    rate_limit_per_minute integer     check (rate_limit_per_minute > 0)
);

create unique index api_key_secret_sha256 on api_key (secret_sha256);
