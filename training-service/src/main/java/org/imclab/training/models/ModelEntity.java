package org.imclab.training.models;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.imclab.common.nn.ModelSpec;

/**
 * A row of {@code training.model} (schema: training's Flyway migrations). Rows are written once, by
 * {@link ModelRepository#insertNextVersion} (the version number and the job's unique key need SQL), and
 * never updated, so the entity is read-only and has no version column.
 */
@Entity
@Table(schema = "training", name = "model")
@org.hibernate.annotations.Immutable
class ModelEntity {

    @Id
    private Long id;

    private String name;

    private int version;

    private String kind;

    /** The spec as its own JSON (ModelSpec has its own reader and writer), in a jsonb column. */
    @JdbcTypeCode(SqlTypes.JSON)
    private String spec;

    /** char(64): the hex SHA-256 of the weights artifact. */
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "weights_sha", length = 64)
    private String weightsSha;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> metrics;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> lineage;

    @Column(name = "source_job_id")
    private String sourceJobId;

    @Column(name = "created_at")
    private Instant createdAt;

    private String owner;

    private String project;

    protected ModelEntity() {
    }

    ModelVersion toModelVersion() {
        return new ModelVersion(id, name, version, kind, ModelSpec.fromJson(spec), weightsSha.trim(), metrics, lineage,
                createdAt, owner, project);
    }
}
