package org.imclab.training.models;

import java.util.Optional;
import org.imclab.common.web.Caller;
import org.imclab.common.web.IdKeyset;
import org.imclab.common.web.VisibleTo;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code training.model} through Spring Data JPA: reads are derived queries and specifications (who may
 * see what is {@link Visible}); the insert is SQL, because the next version number and the job's unique
 * key are decided by the database in the same statement.
 */
interface ModelRepository extends JpaRepository<ModelEntity, Long>, JpaSpecificationExecutor<ModelEntity> {

    /**
     * Inserts the next version of {@code name} among {@code owner}'s models and returns its id, or nothing
     * when {@code sourceJobId} is set and that job already registered a model for this owner: the unique
     * (owner, source_job_id) key decides, so of two concurrent registrations of one job exactly one inserts.
     * A concurrent registration of the same name may take the version number first (a unique violation
     * the caller retries).
     */
    @Transactional
    @Query(nativeQuery = true, value = """
            insert into training.model(name, version, kind, spec, weights_sha, metrics, lineage, source_job_id, owner, project)
            values (:name, (select coalesce(max(version), 0) + 1 from training.model where owner = :owner and name = :name),
                    :kind, cast(:spec as jsonb), :sha, cast(:metrics as jsonb), cast(:lineage as jsonb), :job, :owner, :project)
            on conflict (owner, source_job_id) do nothing
            returning id""")
    Optional<Long> insertNextVersion(@Param("name") String name, @Param("kind") String kind, @Param("spec") String spec,
            @Param("sha") String weightsSha, @Param("metrics") String metrics, @Param("lineage") String lineage,
            @Param("job") String sourceJobId, @Param("owner") String owner, @Param("project") String project);

    Optional<ModelEntity> findByOwnerAndSourceJobId(String owner, String sourceJobId);

    /**
     * The model {@code owner}'s job registered, if it did: makes registration idempotent across retries,
     * per owner, so naming another key's job id neither finds nor blocks that key's model.
     */
    default Optional<ModelVersion> findByJob(String jobId, String owner) {
        return findByOwnerAndSourceJobId(owner, jobId).map(ModelEntity::toModelVersion);
    }

    /** The model if {@code viewer} may see it. */
    default Optional<ModelVersion> find(long id, Caller viewer) {
        return findOne(VisibleTo.<ModelEntity>caller(viewer).and(attribute("id", id))).map(ModelEntity::toModelVersion);
    }

    /** A window of the models {@code viewer} may see, newest first, from {@code position} (Spring Data keyset scrolling). */
    default Window<ModelEntity> scroll(String name, String kind, KeysetScrollPosition position, int size, Caller viewer) {
        Specification<ModelEntity> where = VisibleTo.caller(viewer);
        if (name != null) {
            where = where.and(attribute("name", name));
        }
        if (kind != null) {
            where = where.and(attribute("kind", kind));
        }
        return findBy(where, q -> q.sortBy(IdKeyset.NEWEST_FIRST).limit(size).scroll(position));
    }

    private static Specification<ModelEntity> attribute(String attribute, Object value) {
        return (root, query, cb) -> cb.equal(root.get(attribute), value);
    }
}
