package org.imclab.training.datasets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code training.dataset} (schema: training's Flyway migrations): one immutable data set
 * version. Rows are written once by {@link DatasetRepository#insertNextVersion} and never updated, so the
 * entity is read-only and has no version column. Shapes, class names, counts and channel statistics are
 * jsonb through Hibernate's JSON type.
 */
@Entity
@Table(schema = "training", name = "dataset")
@Immutable
class DatasetEntity {

    @Id
    private Long id;

    private String name;

    private int version;

    private String source;

    private String kind;

    @JdbcTypeCode(SqlTypes.JSON)
    private int[] shape;

    @Column(name = "num_classes")
    private int numClasses;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "class_names")
    private List<String> classNames;

    /** Per split, per class: how many samples. */
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Map<String, Integer>> counts;

    @Column(name = "split_seed")
    private long splitSeed;

    @Column(name = "val_fraction")
    private double valFraction;

    @Column(name = "test_fraction")
    private double testFraction;

    @Column(name = "official_test")
    private boolean officialTest;

    @Column(name = "train_size")
    private int trainSize;

    @Column(name = "val_size")
    private int valSize;

    @Column(name = "test_size")
    private int testSize;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "channel_mean")
    private float[] channelMean;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "channel_std")
    private float[] channelStd;

    /** char(64): the hex SHA-256 of the .npz archive. */
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "artifact_sha", length = 64)
    private String artifactSha;

    @Column(name = "size_bytes")
    private long sizeBytes;

    @Column(name = "created_at")
    private Instant createdAt;

    private String owner;

    private String project;

    protected DatasetEntity() {
    }

    DatasetVersion toDatasetVersion() {
        return new DatasetVersion(id, name, version, source, kind, shape, numClasses, classNames, counts, splitSeed,
                valFraction, testFraction, officialTest, trainSize, valSize, testSize, channelMean, channelStd,
                artifactSha.trim(), sizeBytes, createdAt, owner, project);
    }
}
