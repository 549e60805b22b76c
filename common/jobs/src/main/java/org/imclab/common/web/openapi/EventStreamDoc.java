package org.imclab.common.web.openapi;

/** The job event stream's contract, as the spec states it (docs/observability.md has the full text). */
final class EventStreamDoc {

    static final String DESCRIPTION = """
            Server-Sent Events until the job ends. Every event has an id, <history>.<metrics>; the first sets \
            retry: 3000. Reconnecting with Last-Event-ID resumes after it, nothing lost or repeated. Events (data is JSON):
            - state: {from, to, reason, worker, at}, one per state-history row, in order
            - metrics: [{key, step, value}], only the points logged since the last one
            - progress: {id, state, progress, currentStep, etaSeconds}, on connect and when it changes
            - done: the job (as GET returns it), once, after which the stream ends""";

    private EventStreamDoc() {
    }
}
