-- One row per finished pruning iteration (accepted or dropped at the accuracy floor). The job id is the
-- run id in tracking; the importance matrix I[f,c] and the criterion's scores are artifacts.
CREATE TABLE pruning_iterations (
    job_id          UUID        NOT NULL,
    iteration       INT         NOT NULL,
    criterion       TEXT        NOT NULL,
    accepted        BOOLEAN     NOT NULL,
    accuracy_before DOUBLE PRECISION,
    accuracy_after  DOUBLE PRECISION,
    params          BIGINT      NOT NULL,
    macs            BIGINT      NOT NULL,
    report          JSONB       NOT NULL,
    importance_sha  TEXT        NOT NULL,
    scores_sha      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, iteration)
);
