package org.imclab.training.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RowVisibility;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Rows of {@code training.model}. */
@Repository
class ModelRepository {

    private static final String COLUMNS = "id, name, version, kind, spec, weights_sha, metrics, lineage, created_at, owner, project";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ModelRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The next version of {@code name} among {@code owner}'s models, or empty when {@code sourceJobId} is
     * set and that job already registered a model for this owner: the unique (owner, source_job_id) key
     * decides, so of two concurrent registrations of one job exactly one inserts.
     */
    Optional<ModelVersion> insertNextVersion(String name, String kind, ModelSpec spec, String weightsSha,
            Map<String, Object> metrics, Map<String, Object> lineage, String sourceJobId, Caller owner) {
        for (int attempt = 0; ; attempt++) {
            try {
                Optional<Long> id = jdbc.sql("""
                        insert into training.model(name, version, kind, spec, weights_sha, metrics, lineage, source_job_id,
                                                   owner, project)
                        values (:name, (select coalesce(max(version), 0) + 1 from training.model
                                        where owner = :owner and name = :name),
                            :kind, cast(:spec as jsonb), :sha, cast(:metrics as jsonb), cast(:lineage as jsonb), :job,
                            :owner, :project)
                        on conflict (owner, source_job_id) do nothing
                        returning id""")
                        .param("name", name).param("kind", kind).param("spec", spec.toJson()).param("sha", weightsSha)
                        .param("metrics", json.writeValueAsString(metrics))
                        .param("lineage", json.writeValueAsString(lineage)).param("job", sourceJobId)
                        .param("owner", owner.owner()).param("project", owner.project())
                        .query(Long.class).optional();
                return id.map(i -> find(i, Caller.SYSTEM).orElseThrow());
            } catch (DuplicateKeyException e) {
                // Another registration of the same name took this version number first: count again.
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** The model if {@code viewer} may see it. */
    Optional<ModelVersion> find(long id, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        return visible.bind(jdbc.sql("select " + COLUMNS + " from training.model where id = :id and "
                + visible.named()).param("id", id)).query(this::map).optional();
    }

    /**
     * The model {@code owner}'s job registered, if it did: makes registration idempotent across retries,
     * per owner, so naming another key's job id neither finds nor blocks that key's model.
     */
    Optional<ModelVersion> findByJob(String jobId, String owner) {
        return jdbc.sql("select " + COLUMNS + " from training.model where owner = ? and source_job_id = ?")
                .params(owner, jobId).query(this::map).optional();
    }

    /** Models {@code viewer} may see, newest first. */
    List<ModelVersion> list(String name, String kind, Long beforeId, int limit, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        return visible.bind(jdbc.sql("select " + COLUMNS + " " + """
                 from training.model where (cast(:name as text) is null or name = :name)
                 and (cast(:kind as text) is null or kind = :kind)
                 and (cast(:before as bigint) is null or id < :before) and """ + " " + visible.named()
                        + " order by id desc limit :limit")
                .param("name", name).param("kind", kind).param("before", beforeId).param("limit", limit))
                .query(this::map).list();
    }

    private ModelVersion map(ResultSet rs, int row) throws SQLException {
        return new ModelVersion(rs.getLong("id"), rs.getString("name"), rs.getInt("version"), rs.getString("kind"),
                ModelSpec.fromJson(rs.getString("spec")), rs.getString("weights_sha").trim(),
                json.readValue(rs.getString("metrics"), MAP), json.readValue(rs.getString("lineage"), MAP),
                rs.getTimestamp("created_at").toInstant(), rs.getString("owner"), rs.getString("project"));
    }
}
