package org.imclab.pruning.activelearning.session;

import java.util.Optional;
import java.util.UUID;
import org.imclab.common.web.Caller;
import org.imclab.common.web.VisibleTo;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Sessions ({@code pruning.al_session}) through Spring Data JPA; their labels and pending batch are in {@link SessionStore}. */
interface SessionRepository extends JpaRepository<SessionEntity, UUID>, JpaSpecificationExecutor<SessionEntity> {

    /** The session if {@code viewer} may see it; another owner's session is absent (the API answers 404). */
    default Optional<SessionEntity> find(UUID id, Caller viewer) {
        return findOne(VisibleTo.<SessionEntity>caller(viewer).and((root, query, cb) -> cb.equal(root.get("id"), id)));
    }

    /**
     * The session's current version, for a conflict's answer. Native SQL, so that nothing parses a JPQL query
     * at start-up (the first use of the HQL parsers cost about 0.15 s of CPU there; bench/persistence).
     */
    @Query(nativeQuery = true, value = "select version from pruning.al_session where id = :id")
    Optional<Long> currentVersion(@Param("id") UUID id);
}
