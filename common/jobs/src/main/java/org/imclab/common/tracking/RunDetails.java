package org.imclab.common.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Params, tags, latest metric values and artifacts of a whole page of runs in four queries
 * ({@code run_id = any(?)}), however many runs the page holds.
 */
final class RunDetails {

    private final JdbcClient jdbc;

    RunDetails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RunView> fill(List<RunView> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        UUID[] ids = runs.stream().map(RunView::id).toArray(UUID[]::new);
        Map<UUID, Map<String, String>> params = pairs("tracking.param", ids);
        Map<UUID, Map<String, String>> tags = pairs("tracking.tag", ids);
        Map<UUID, Map<String, Double>> metrics = new HashMap<>();
        jdbc.sql("select run_id, key, value from tracking.latest_metric where run_id = any(?) order by run_id, key")
                .param(ids).query(rs -> {
                    metrics.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getDouble(3));
                });
        Map<UUID, List<RunView.RunArtifact>> artifacts = new HashMap<>();
        jdbc.sql("select run_id, name, sha256 from tracking.run_artifact where run_id = any(?) order by run_id, name")
                .param(ids).query(rs -> {
                    artifacts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new RunView.RunArtifact(rs.getString(2), rs.getString(3).trim()));
                });
        return runs.stream().map(r -> new RunView(r.id(), r.experiment(), r.kind(), r.service(), r.name(), r.state(),
                r.createdAt(), r.startedAt(), r.finishedAt(), params.getOrDefault(r.id(), Map.of()),
                tags.getOrDefault(r.id(), Map.of()), metrics.getOrDefault(r.id(), Map.of()),
                artifacts.getOrDefault(r.id(), List.of()), r.owner(), r.project())).toList();
    }

    private Map<UUID, Map<String, String>> pairs(String table, UUID[] ids) {
        Map<UUID, Map<String, String>> out = new HashMap<>();
        jdbc.sql("select run_id, key, value from " + table + " where run_id = any(?) order by run_id, key").param(ids)
                .query(rs -> {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getString(3));
                });
        return out;
    }
}
