package org.imclab.training.datasets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RowVisibility;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Rows of {@code training.dataset}. */
@Repository
class DatasetRepository {

    private static final String COLUMNS = """
            id, name, version, source, kind, shape, num_classes, class_names, counts, split_seed, val_fraction,
            test_fraction, official_test, train_size, val_size, test_size, channel_mean, channel_std, artifact_sha,
            size_bytes, created_at, owner, project""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DatasetRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Inserts the next version of {@code name} among {@code owner}'s versions; retries when a concurrent
     * import took the number.
     */
    DatasetVersion insertNextVersion(DatasetVersion v, Caller owner) {
        for (int attempt = 0; ; attempt++) {
            try {
                Long id = jdbc.sql("""
                        insert into training.dataset(name, version, source, kind, shape, num_classes, class_names, counts,
                            split_seed, val_fraction, test_fraction, official_test, train_size, val_size, test_size,
                            channel_mean, channel_std, artifact_sha, size_bytes, owner, project)
                        values (:name, (select coalesce(max(version), 0) + 1 from training.dataset
                                        where owner = :owner and name = :name),
                            :source, :kind, cast(:shape as jsonb), :classes, cast(:names as jsonb), cast(:counts as jsonb),
                            :seed, :valf, :testf, :official, :ntrain, :nval, :ntest, cast(:mean as jsonb),
                            cast(:std as jsonb), :sha, :size, :owner, :project)
                        returning id""")
                        .param("name", v.name()).param("source", v.source()).param("kind", v.kind())
                        .param("shape", json.writeValueAsString(v.shape())).param("classes", v.numClasses())
                        .param("names", json.writeValueAsString(v.classNames()))
                        .param("counts", json.writeValueAsString(v.counts())).param("seed", v.splitSeed())
                        .param("valf", v.valFraction()).param("testf", v.testFraction())
                        .param("official", v.officialTest()).param("ntrain", v.trainSize()).param("nval", v.valSize())
                        .param("ntest", v.testSize()).param("mean", json.writeValueAsString(v.mean()))
                        .param("std", json.writeValueAsString(v.std())).param("sha", v.artifactSha())
                        .param("size", v.sizeBytes()).param("owner", owner.owner())
                        .param("project", owner.project())
                        .query(Long.class).single();
                return find(id, Caller.SYSTEM).orElseThrow();
            } catch (DuplicateKeyException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** The version if {@code viewer} may see it. */
    Optional<DatasetVersion> find(long id, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        return visible.bind(jdbc.sql("select " + COLUMNS + " from training.dataset where id = :id and "
                + visible.named()).param("id", id)).query(this::map).optional();
    }

    /**
     * A version by name among those {@code viewer} may see ({@code version} null: the latest). Names are
     * per owner, so a project may hold several; the viewer's own comes first, then the newest.
     */
    Optional<DatasetVersion> find(String name, Integer version, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        return visible.bind(jdbc.sql("select " + COLUMNS + " from training.dataset where name = :name"
                        + " and (cast(:version as integer) is null or version = :version) and " + visible.named()
                        + " order by (owner = :me) desc, created_at desc, id desc limit 1")
                .param("name", name).param("version", version).param("me", viewer.owner()))
                .query(this::map).optional();
    }

    /**
     * The oldest of {@code owner}'s versions of {@code name} whose archive has this SHA-256, i.e. the same
     * content and split: re-importing it must not add a version.
     */
    Optional<DatasetVersion> findByContent(String name, String artifactSha, Caller owner) {
        return jdbc.sql("select " + COLUMNS + " from training.dataset where owner = ? and name = ? and artifact_sha = ? "
                + "order by version limit 1").params(owner.owner(), name, artifactSha).query(this::map).optional();
    }

    /** Versions {@code viewer} may see, newest first; {@code beforeId} pages backwards by id. */
    List<DatasetVersion> list(String name, Long beforeId, int limit, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        return visible.bind(jdbc.sql("select " + COLUMNS + " " + """
                 from training.dataset where (cast(:name as text) is null or name = :name)
                 and (cast(:before as bigint) is null or id < :before) and """ + " " + visible.named()
                        + " order by id desc limit :limit")
                .param("name", name).param("before", beforeId).param("limit", limit))
                .query(this::map).list();
    }

    private DatasetVersion map(ResultSet rs, int row) throws SQLException {
        return new DatasetVersion(rs.getLong("id"), rs.getString("name"), rs.getInt("version"), rs.getString("source"),
                rs.getString("kind"), json.readValue(rs.getString("shape"), int[].class), rs.getInt("num_classes"),
                json.readValue(rs.getString("class_names"), new TypeReference<List<String>>() {
                }),
                json.readValue(rs.getString("counts"), new TypeReference<Map<String, Map<String, Integer>>>() {
                }),
                rs.getLong("split_seed"), rs.getDouble("val_fraction"), rs.getDouble("test_fraction"),
                rs.getBoolean("official_test"), rs.getInt("train_size"), rs.getInt("val_size"), rs.getInt("test_size"),
                json.readValue(rs.getString("channel_mean"), float[].class),
                json.readValue(rs.getString("channel_std"), float[].class), rs.getString("artifact_sha").trim(),
                rs.getLong("size_bytes"), rs.getTimestamp("created_at").toInstant(), rs.getString("owner"),
                rs.getString("project"));
    }
}
