package org.imclab.training.datasets;

import java.util.Optional;
import org.imclab.common.web.Caller;
import org.imclab.common.web.IdKeyset;
import org.imclab.common.web.VisibleTo;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code training.dataset} through Spring Data JPA: reads are derived queries and specifications (who may
 * see what is {@link VisibleTo}); the insert is SQL, because the next version number is decided by the
 * database in the same statement.
 */
interface DatasetRepository extends JpaRepository<DatasetEntity, Long>, JpaSpecificationExecutor<DatasetEntity> {

    /** Inserts version max + 1 of {@code name} among {@code owner}'s versions; returns its id. */
    @Transactional
    @Query(nativeQuery = true, value = """
            insert into training.dataset(name, version, source, kind, shape, num_classes, class_names, counts,
                split_seed, val_fraction, test_fraction, official_test, train_size, val_size, test_size,
                channel_mean, channel_std, artifact_sha, size_bytes, owner, project)
            values (:name, (select coalesce(max(version), 0) + 1 from training.dataset where owner = :owner and name = :name),
                :source, :kind, cast(:shape as jsonb), :classes, cast(:names as jsonb), cast(:counts as jsonb),
                :seed, :valf, :testf, :official, :ntrain, :nval, :ntest, cast(:mean as jsonb),
                cast(:std as jsonb), :sha, :size, :owner, :project)
            returning id""")
    long insertVersion(@Param("name") String name, @Param("source") String source, @Param("kind") String kind,
            @Param("shape") String shape, @Param("classes") int classes, @Param("names") String classNames,
            @Param("counts") String counts, @Param("seed") long seed, @Param("valf") double valFraction,
            @Param("testf") double testFraction, @Param("official") boolean officialTest, @Param("ntrain") int trainSize,
            @Param("nval") int valSize, @Param("ntest") int testSize, @Param("mean") String mean,
            @Param("std") String std, @Param("sha") String artifactSha, @Param("size") long sizeBytes,
            @Param("owner") String owner, @Param("project") String project);

    /**
     * Inserts the next version of {@code v.name()} among {@code owner}'s versions; retries when a concurrent
     * import took the number (the unique (owner, name, version) key).
     */
    default DatasetVersion insertNextVersion(DatasetVersion v, Caller owner, JsonMapper json) {
        for (int attempt = 0; ; attempt++) {
            try {
                long id = insertVersion(v.name(), v.source(), v.kind(), json.writeValueAsString(v.shape()), v.numClasses(),
                        json.writeValueAsString(v.classNames()), json.writeValueAsString(v.counts()), v.splitSeed(),
                        v.valFraction(), v.testFraction(), v.officialTest(), v.trainSize(), v.valSize(), v.testSize(),
                        json.writeValueAsString(v.mean()), json.writeValueAsString(v.std()), v.artifactSha(),
                        v.sizeBytes(), owner.owner(), owner.project());
                return find(id, Caller.SYSTEM).orElseThrow();
            } catch (DataIntegrityViolationException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** The version if {@code viewer} may see it. */
    default Optional<DatasetVersion> find(long id, Caller viewer) {
        return findOne(VisibleTo.<DatasetEntity>caller(viewer).and(attribute("id", id)))
                .map(DatasetEntity::toDatasetVersion);
    }

    /**
     * A version by name among those {@code viewer} may see ({@code version} null: the latest). Names are
     * per owner, so a project may hold several; the viewer's own comes first, then the newest.
     */
    default Optional<DatasetVersion> find(String name, Integer version, Caller viewer) {
        Specification<DatasetEntity> named = attribute("name", name);
        if (version != null) {
            named = named.and(attribute("version", version));
        }
        Sort newest = Sort.by(Sort.Direction.DESC, "createdAt", "id");
        Specification<DatasetEntity> own = named.and(attribute("owner", viewer.owner()));
        Optional<DatasetEntity> found = findBy(own, q -> q.sortBy(newest).first());
        if (found.isEmpty()) {
            found = findBy(named.and(VisibleTo.caller(viewer)), q -> q.sortBy(newest).first());
        }
        return found.map(DatasetEntity::toDatasetVersion);
    }

    Optional<DatasetEntity> findFirstByOwnerAndNameAndArtifactShaOrderByVersionAsc(String owner, String name,
            String artifactSha);

    /**
     * The oldest of {@code owner}'s versions of {@code name} whose archive has this SHA-256, i.e. the same
     * content and split: re-importing it must not add a version.
     */
    default Optional<DatasetVersion> findByContent(String name, String artifactSha, Caller owner) {
        return findFirstByOwnerAndNameAndArtifactShaOrderByVersionAsc(owner.owner(), name, artifactSha)
                .map(DatasetEntity::toDatasetVersion);
    }

    /** A window of the versions {@code viewer} may see, newest first, from {@code position} (Spring Data keyset scrolling). */
    default Window<DatasetEntity> scroll(String name, KeysetScrollPosition position, int size, Caller viewer) {
        Specification<DatasetEntity> where = VisibleTo.caller(viewer);
        if (name != null) {
            where = where.and(attribute("name", name));
        }
        return findBy(where, q -> q.sortBy(IdKeyset.NEWEST_FIRST).limit(size).scroll(position));
    }

    private static Specification<DatasetEntity> attribute(String attribute, Object value) {
        return (root, query, cb) -> cb.equal(root.get(attribute), value);
    }
}
