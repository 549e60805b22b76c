-- Bucket4j's PostgreSQL proxy keeps one token bucket per API key id here, so every gateway replica
-- draws from the same bucket. Layout is the one Bucket4j's select-for-update proxy expects.
create table rate_limit_bucket (
    id         bigint primary key,
    state      bytea,
    expires_at bigint
);
