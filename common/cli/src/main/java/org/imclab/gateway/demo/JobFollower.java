package org.imclab.gateway.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a job through the gateway: polls {@code GET <job path>} every few seconds and shows state,
 * progress, current step and ETA on one updating line (on a terminal) or as a line per change at most
 * every {@code logInterval} seconds (in a log or pipe). Returns the terminal job.
 */
final class JobFollower {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final int MAX_POLL_ERRORS = 15;

    /** The job did not finish in time; it was asked to cancel. */
    static final class JobTimeout extends Exception {
        JobTimeout(String message) {
            super(message);
        }
    }

    private final GatewayClient client;
    private final PrintStream out;
    private final boolean tty;
    private final int columns;
    private final int pollSeconds;
    private final int timeoutSeconds;
    private final int logIntervalSeconds;
    private volatile String active;

    JobFollower(GatewayClient client, PrintStream out, boolean tty, int columns, int pollSeconds, int timeoutSeconds) {
        this.client = client;
        this.out = out;
        this.tty = tty;
        this.columns = columns;
        this.pollSeconds = pollSeconds;
        this.timeoutSeconds = timeoutSeconds;
        this.logIntervalSeconds = 15;
    }

    JsonNode follow(String jobPath) throws GatewayClient.ApiException, InterruptedException, JobTimeout {
        active = jobPath;
        long start = System.nanoTime();
        String lastState = null;
        String lastLine = null;
        long lastPrinted = 0;
        int errors = 0;
        try {
            while (true) {
                JsonNode job;
                try {
                    job = client.get(jobPath);
                    errors = 0;
                } catch (GatewayClient.ApiException e) {
                    // A restarting service answers 502/503 for a while; its job resumes from a checkpoint.
                    boolean transientError = e.status() == 0 || e.status() == 502 || e.status() == 503
                            || e.status() == 504;
                    if (!transientError || ++errors > MAX_POLL_ERRORS) {
                        throw e;
                    }
                    Thread.sleep(pollSeconds * 1000L);
                    continue;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                String state = Json.text(job, "/state");
                if (state == null) {
                    throw new GatewayClient.ApiException(0, "GET " + jobPath + " did not return a job (no state)");
                }
                String line = progressLine(job, elapsed);
                if (tty) {
                    out.print("\r\033[K  " + Fmt.truncate(line, columns - 3));
                    out.flush();
                } else {
                    boolean changed = !state.equals(lastState);
                    long now = System.nanoTime();
                    if (changed || (!line.equals(lastLine) && now - lastPrinted >= logIntervalSeconds * 1_000_000_000L)) {
                        out.println("  " + line);
                        lastPrinted = now;
                    }
                }
                lastState = state;
                lastLine = line;
                if (TERMINAL.contains(state)) {
                    if (tty) {
                        out.println();
                    }
                    return job;
                }
                if (timeoutSeconds > 0 && elapsed > timeoutSeconds) {
                    if (tty) {
                        out.println();
                    }
                    cancel(jobPath);
                    throw new JobTimeout("still " + state + " after " + Fmt.duration(elapsed)
                            + " (IMCLAB_DEMO_JOB_TIMEOUT); asked it to cancel");
                }
                Thread.sleep(pollSeconds * 1000L);
            }
        } finally {
            active = null;
        }
    }

    /** Best effort, for Ctrl-C: cancels the job being followed, if any. */
    void cancelActive() {
        String path = active;
        if (path != null) {
            out.println();
            out.println("  interrupted: cancelling " + path);
            cancel(path);
        }
    }

    private void cancel(String jobPath) {
        try {
            client.post(jobPath + "/cancel", null, null);
        } catch (Exception e) {
            out.println("  could not cancel " + jobPath + ": " + e.getMessage());
        }
    }

    /** "RUNNING   42.0%  epoch 2, batch 300/844  ETA 3m10s  (1m50s)". */
    static String progressLine(JsonNode job, double elapsedSeconds) {
        String state = Json.text(job, "/state");
        Double progress = Json.number(job, "/progress");
        String step = Json.text(job, "/currentStep");
        Double eta = Json.number(job, "/etaSeconds");
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-9s %6s", state == null ? "?" : state,
                Fmt.pct(progress == null ? 0.0 : progress, 1)));
        if (step != null && !step.isBlank()) {
            s.append("  ").append(step.strip().replaceAll("\\s+", " "));
        }
        if (eta != null && "RUNNING".equals(state)) {
            s.append("  ETA ").append(Fmt.duration(eta));
        }
        s.append("  (").append(Fmt.duration(elapsedSeconds)).append(')');
        return s.toString();
    }
}
