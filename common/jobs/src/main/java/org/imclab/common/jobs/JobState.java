package org.imclab.common.jobs;

/** Lifecycle of a job: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED, with CANCELLING between. */
public enum JobState {
    QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
