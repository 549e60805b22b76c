package org.imclab.training.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.imclab.common.testsupport.JpaRepositoryTest;
import org.imclab.common.web.Caller;
import org.imclab.common.web.IdKeyset;
import org.imclab.common.web.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Data set versions through the entity and repository on real PostgreSQL with training's Flyway schema
 * (Hibernate validates the mapping): version numbering per owner, JSON columns, lookups by name and
 * content, visibility and paging.
 */
class DatasetRepositoryTest extends JpaRepositoryTest {

    private static final Caller ALICE = new Caller("key:1", Caller.Scope.SUBMIT, "lab");
    private static final Caller CAROL = new Caller("key:3", Caller.Scope.SUBMIT, "lab");
    private static final Caller BOB = new Caller("key:2", Caller.Scope.SUBMIT, null);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DatasetRepository datasets;

    private DatasetVersion save(String name, String sha, Caller owner) {
        DatasetVersion row = new DatasetVersion(0, name, 0, "upload:idx", DatasetVersion.IMAGE, new int[] {1, 28, 28}, 2,
                List.of("zero", "one"), Map.of("train", Map.of("zero", 5, "one", 4)), 42, 0.1, 0.2, false, 9, 1, 2,
                new float[] {0.13f}, new float[] {0.31f}, sha, 1234, null, null, null);
        return datasets.insertNextVersion(row, owner, JSON);
    }

    @Test
    void versionsCountPerOwnerAndJsonColumnsRoundTrip() {
        DatasetVersion v1 = save("digits", "a".repeat(64), ALICE);
        DatasetVersion v2 = save("digits", "b".repeat(64), ALICE);
        assertThat(save("digits", "c".repeat(64), BOB).version()).isEqualTo(1);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.shape()).containsExactly(1, 28, 28);
        assertThat(v1.classNames()).containsExactly("zero", "one");
        assertThat(v1.counts()).isEqualTo(Map.of("train", Map.of("zero", 5, "one", 4)));
        assertThat(v1.mean()).containsExactly(0.13f);
        assertThat(v1.std()).containsExactly(0.31f);
        assertThat(v1.artifactSha()).isEqualTo("a".repeat(64));
        assertThat(v1.officialTest()).isFalse();
        assertThat(v1.createdAt()).isNotNull();
        assertThat(v1.owner()).isEqualTo("key:1");
        assertThat(v1.project()).isEqualTo("lab");
    }

    @Test
    void byNameTheViewersOwnComesFirstThenTheNewestVisible() {
        DatasetVersion alices = save("shared", "d".repeat(64), ALICE);
        DatasetVersion carols = save("shared", "e".repeat(64), CAROL);
        assertThat(datasets.find("shared", null, ALICE)).map(DatasetVersion::id).contains(alices.id());
        assertThat(datasets.find("shared", null, CAROL)).map(DatasetVersion::id).contains(carols.id());
        assertThat(datasets.find("shared", 1, Caller.SYSTEM)).map(DatasetVersion::id).contains(carols.id());
        assertThat(datasets.find("shared", null, BOB)).isEmpty();
        assertThat(datasets.find("shared", 2, ALICE)).isEmpty();
        assertThat(datasets.find(alices.id(), CAROL)).as("same project").isPresent();
        assertThat(datasets.find(alices.id(), BOB)).isEmpty();
    }

    @Test
    void contentLookupFindsTheOldestOfTheOwnersVersionsWithThatArchive() {
        DatasetVersion first = save("same", "f".repeat(64), ALICE);
        save("same", "f".repeat(64), ALICE);
        assertThat(datasets.findByContent("same", "f".repeat(64), ALICE)).map(DatasetVersion::id).contains(first.id());
        assertThat(datasets.findByContent("same", "f".repeat(64), BOB)).isEmpty();
    }

    @Test
    void listsAreVisibleRowsNewestFirstScrolledByIdKeyset() {
        List<Long> ids = List.of(save("paged", "1".repeat(64), ALICE).id(), save("paged", "2".repeat(64), ALICE).id(),
                save("paged", "3".repeat(64), ALICE).id());
        save("paged", "4".repeat(64), BOB);
        Page<DatasetVersion> first = page("paged", 2, null, ALICE);
        assertThat(first.items()).extracting(DatasetVersion::id).containsExactly(ids.get(2), ids.get(1));
        Page<DatasetVersion> second = page("paged", 2, first.nextPageToken(), ALICE);
        assertThat(second.items()).extracting(DatasetVersion::id).containsExactly(ids.get(0));
        assertThat(second.nextPageToken()).isNull();
        assertThat(page("paged", 10, null, Caller.SYSTEM).items()).hasSize(4);
        assertThat(page(null, 10, null, BOB).items()).extracting(DatasetVersion::name).containsOnly("paged").hasSize(1);
    }

    private Page<DatasetVersion> page(String name, int size, String token, Caller viewer) {
        return IdKeyset.page(datasets.scroll(name, IdKeyset.position(token), size, viewer)
                .map(DatasetEntity::toDatasetVersion), DatasetVersion::id);
    }
}
