package org.imclab.pruning.activelearning.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.imclab.common.web.Caller;
import org.imclab.pruning.activelearning.AdversarialSettings;
import org.imclab.pruning.activelearning.ClassifierConfig;

/**
 * A row of {@code pruning.al_session} (schema: pruning's Flyway migrations). Two labellings of one session
 * may commit at once, so the row carries a version: a labelling advances the round on the version it read,
 * and Hibernate's version check turns a concurrent advance into an optimistic-lock failure.
 */
@Entity
@Table(schema = "pruning", name = "al_session")
class SessionEntity {

    @Id
    private UUID id;

    @Column(name = "dataset_id")
    private String datasetId;

    @JdbcTypeCode(SqlTypes.JSON)
    private ClassifierConfig classifier;

    private String strategy;

    @JdbcTypeCode(SqlTypes.JSON)
    private AdversarialSettings adversarial;

    @Column(name = "batch_size")
    private int batchSize;

    private int candidates;

    private long seed;

    private int round;

    /** Test accuracy after every retraining. */
    @JdbcTypeCode(SqlTypes.JSON)
    private List<SessionDtos.HistoryPoint> history;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(updatable = false)
    private String owner;

    @Column(updatable = false)
    private String project;

    /** Null until first saved, which also tells Spring Data to insert rather than merge. */
    @Version
    private Long version;

    protected SessionEntity() {
    }

    SessionEntity(UUID id, String datasetId, ClassifierConfig classifier, String strategy, AdversarialSettings adversarial,
            int batchSize, int candidates, long seed, List<SessionDtos.HistoryPoint> history, Caller owner) {
        this.id = id;
        this.datasetId = datasetId;
        this.classifier = classifier;
        this.strategy = strategy;
        this.adversarial = adversarial;
        this.batchSize = batchSize;
        this.candidates = candidates;
        this.seed = seed;
        this.round = 0;
        this.history = new ArrayList<>(history);
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        this.owner = owner.owner();
        this.project = owner.project();
    }

    /** The session after a labelling: its new round and the accuracy it reached. */
    void advance(int newRound, SessionDtos.HistoryPoint point) {
        List<SessionDtos.HistoryPoint> h = new ArrayList<>(history);
        h.add(point);
        this.history = h;
        this.round = newRound;
        this.updatedAt = Instant.now();
    }

    UUID id() {
        return id;
    }

    String datasetId() {
        return datasetId;
    }

    ClassifierConfig classifier() {
        return classifier;
    }

    String strategy() {
        return strategy;
    }

    AdversarialSettings adversarial() {
        return adversarial;
    }

    int batchSize() {
        return batchSize;
    }

    int candidates() {
        return candidates;
    }

    long seed() {
        return seed;
    }

    int round() {
        return round;
    }

    List<SessionDtos.HistoryPoint> history() {
        return List.copyOf(history);
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    String owner() {
        return owner;
    }

    String project() {
        return project;
    }

    long version() {
        return version == null ? 0 : version;
    }
}
