package org.imclab.pruning.activelearning.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.testsupport.JpaRepositoryTest;
import org.imclab.common.web.Caller;
import org.imclab.pruning.activelearning.AdversarialSettings;
import org.imclab.pruning.activelearning.ClassifierConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The session entity on real PostgreSQL with pruning's Flyway schema (Hibernate validates the mapping):
 * JSON columns, visibility and the version check. Not transactional, so each save commits as in the service.
 */
class SessionRepositoryTest extends JpaRepositoryTest {

    private static final Caller ALICE = new Caller("key:1", Caller.Scope.SUBMIT, "lab");
    private static final Caller BOB = new Caller("key:2", Caller.Scope.SUBMIT, null);
    private static final Caller CAROL = new Caller("key:3", Caller.Scope.SUBMIT, "lab");

    @Autowired
    SessionRepository sessions;

    @Autowired
    DataSource dataSource;

    private SessionEntity newSession(Caller owner) {
        return new SessionEntity(UUID.randomUUID(), "builtin:digits", ClassifierConfig.dnn("mlp", List.of(64, 32), 5, 10),
                "margin", AdversarialSettings.defaults(), 5, 0, 7L,
                List.of(new SessionDtos.HistoryPoint(0, 20, 0.5)), owner);
    }

    @Test
    void jsonColumnsRoundTripAndAreStoredAsJsonb() {
        SessionEntity saved = sessions.saveAndFlush(newSession(ALICE));
        assertThat(saved.version()).isZero();
        SessionEntity found = sessions.findById(saved.id()).orElseThrow();
        assertThat(found.classifier()).isEqualTo(ClassifierConfig.dnn("mlp", List.of(64, 32), 5, 10));
        assertThat(found.adversarial()).isEqualTo(AdversarialSettings.defaults());
        assertThat(found.history()).containsExactly(new SessionDtos.HistoryPoint(0, 20, 0.5));
        assertThat(JdbcClient.create(dataSource).sql("select classifier ->> 'model' from pruning.al_session where id = ?")
                .param(saved.id()).query(String.class).single()).isEqualTo("mlp");
    }

    @Test
    void anotherOwnersSessionIsAbsentUnlessTheyShareAProject() {
        UUID id = sessions.saveAndFlush(newSession(ALICE)).id();
        assertThat(sessions.find(id, ALICE)).isPresent();
        assertThat(sessions.find(id, CAROL)).as("same project").isPresent();
        assertThat(sessions.find(id, BOB)).isEmpty();
        assertThat(sessions.find(id, Caller.SYSTEM)).as("admin").isPresent();
    }

    @Test
    void advancingAStaleCopyFailsTheVersionCheck() {
        UUID id = sessions.saveAndFlush(newSession(ALICE)).id();
        SessionEntity first = sessions.findById(id).orElseThrow();
        SessionEntity second = sessions.findById(id).orElseThrow();
        first.advance(1, new SessionDtos.HistoryPoint(1, 25, 0.6));
        assertThat(sessions.saveAndFlush(first).version()).isEqualTo(1);

        second.advance(1, new SessionDtos.HistoryPoint(1, 25, 0.7));
        assertThatThrownBy(() -> sessions.saveAndFlush(second)).isInstanceOf(OptimisticLockingFailureException.class);
        SessionEntity stored = sessions.findById(id).orElseThrow();
        assertThat(stored.round()).isEqualTo(1);
        assertThat(stored.history()).extracting(SessionDtos.HistoryPoint::accuracy).containsExactly(0.5, 0.6);
        assertThat(sessions.currentVersion(id)).contains(1L);
    }
}
