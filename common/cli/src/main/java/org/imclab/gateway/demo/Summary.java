package org.imclab.gateway.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The summary table: one row per job (or step without a job), its outcome, wall time and result lines.
 * A row's further result lines go under its first, in the RESULT column.
 */
final class Summary {

    enum Outcome { OK, FAILED, SKIPPED }

    /** One row. {@code lines} is never empty. */
    record Row(String id, String step, Outcome outcome, double seconds, List<String> lines) {
        Row {
            lines = lines.isEmpty() ? List.of("-") : List.copyOf(lines);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    boolean anyFailed() {
        return rows.stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
    }

    long count(Outcome o) {
        return rows.stream().filter(r -> r.outcome() == o).count();
    }

    /** The table as plain text, columns padded to their widest cell. */
    String render() {
        int idW = "#".length();
        int stepW = "STEP".length();
        for (Row r : rows) {
            idW = Math.max(idW, r.id().length());
            stepW = Math.max(stepW, r.step().length());
        }
        int outW = "SKIPPED".length();
        int timeW = Math.max("TIME".length(), rows.stream().mapToInt(r -> Fmt.duration(r.seconds()).length()).max()
                .orElse(0));
        String format = "%-" + idW + "s  %-" + stepW + "s  %-" + outW + "s  %" + timeW + "s  %s%n";
        StringBuilder s = new StringBuilder();
        s.append(String.format(format, "#", "STEP", "OUTCOME", "TIME", "RESULT").stripTrailing()).append('\n');
        for (Row r : rows) {
            s.append(String.format(format, r.id(), r.step(), r.outcome(), Fmt.duration(r.seconds()), r.lines().get(0)));
            for (String more : r.lines().subList(1, r.lines().size())) {
                s.append(String.format(format, "", "", "", "", more));
            }
        }
        return s.toString();
    }
}
