package org.imclab.pruning.pruning;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The per-iteration rows of pruning jobs (schema {@code pruning}, table {@code pruning_iterations}). */
@Repository
class PruningIterations {

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    PruningIterations(javax.sql.DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Inserts or, for an iteration redone after a resume, replaces the row. */
    void save(UUID job, PruningCriterion criterion, IterationReport r, String importanceSha, String scoresSha) {
        jdbc.sql("""
                INSERT INTO pruning.pruning_iterations (job_id, iteration, criterion, accepted, accuracy_before,
                    accuracy_after, params, macs, report, importance_sha, scores_sha)
                VALUES (:job, :it, :criterion, :accepted, :before, :after, :params, :macs, CAST(:report AS jsonb),
                    :importance, :scores)
                ON CONFLICT (job_id, iteration) DO UPDATE SET criterion = EXCLUDED.criterion,
                    accepted = EXCLUDED.accepted, accuracy_before = EXCLUDED.accuracy_before,
                    accuracy_after = EXCLUDED.accuracy_after, params = EXCLUDED.params, macs = EXCLUDED.macs,
                    report = EXCLUDED.report, importance_sha = EXCLUDED.importance_sha,
                    scores_sha = EXCLUDED.scores_sha, created_at = now()
                """)
                .param("job", job).param("it", r.iteration()).param("criterion", criterion.name())
                .param("accepted", r.accepted()).param("before", finite(r.accuracyAfterPruning()))
                .param("after", finite(r.accuracyAfterFineTuning())).param("params", r.params()).param("macs", r.macs())
                .param("report", json.writeValueAsString(r)).param("importance", importanceSha).param("scores", scoresSha)
                .update();
    }

    /** The importance artifact of an iteration, or of the latest one when {@code iteration} is null. */
    Optional<String> importanceSha(UUID job, Integer iteration) {
        if (iteration == null) {
            return jdbc.sql("SELECT importance_sha FROM pruning.pruning_iterations WHERE job_id = :job "
                    + "ORDER BY iteration DESC LIMIT 1").param("job", job).query(String.class).optional();
        }
        return jdbc.sql("SELECT importance_sha FROM pruning.pruning_iterations WHERE job_id = :job AND iteration = :it")
                .param("job", job).param("it", iteration).query(String.class).optional();
    }

    /** Every iteration's report, in order. */
    List<JsonNode> reports(UUID job) {
        return jdbc.sql("SELECT report::text FROM pruning.pruning_iterations WHERE job_id = :job ORDER BY iteration")
                .param("job", job).query(String.class).list().stream().map(json::readTree).toList();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
