package org.imclab.training.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.testsupport.JpaRepositoryTest;
import org.imclab.common.web.Caller;
import org.imclab.common.web.IdKeyset;
import org.imclab.common.web.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The model registry's entity and repository on real PostgreSQL with training's Flyway schema (Hibernate
 * validates the mapping): version numbering, the per-owner job key, JSON columns, visibility and paging.
 */
class ModelRepositoryTest extends JpaRepositoryTest {

    private static final Caller ALICE = new Caller("key:1", Caller.Scope.SUBMIT, "lab");
    private static final Caller BOB = new Caller("key:2", Caller.Scope.SUBMIT, null);
    private static final ModelSpec MLP = ModelZoo.mlp(new int[] {1, 4, 4}, new int[] {8}, 3);
    private static final String SHA = "ab".repeat(32);

    @Autowired
    ModelRepository models;

    private Long insert(String name, String job, Caller owner) {
        return models.insertNextVersion(name, "standard", MLP.toJson(), SHA, "{\"test_acc\":0.9}",
                job == null ? "{}" : "{\"jobId\":\"" + job + "\"}", job, owner.owner(), owner.project()).orElse(null);
    }

    @Test
    void versionsCountPerOwnerAndNameAndJsonColumnsRoundTrip() {
        long first = insert("net", null, ALICE);
        long second = insert("net", null, ALICE);
        long bobs = insert("net", null, BOB);
        assertThat(models.find(first, ALICE).orElseThrow().version()).isEqualTo(1);
        assertThat(models.find(second, ALICE).orElseThrow().version()).isEqualTo(2);
        assertThat(models.find(bobs, BOB).orElseThrow().version()).isEqualTo(1);

        ModelVersion m = models.find(first, ALICE).orElseThrow();
        assertThat(m.spec().toJson()).isEqualTo(MLP.toJson());
        assertThat(m.metrics()).isEqualTo(Map.of("test_acc", 0.9));
        assertThat(m.weightsSha()).isEqualTo(SHA);
        assertThat(m.createdAt()).isNotNull();
        assertThat(m.owner()).isEqualTo("key:1");
        assertThat(m.project()).isEqualTo("lab");
    }

    @Test
    void aJobRegistersOncePerOwner() {
        Long id = insert("from-job", "job-1", ALICE);
        assertThat(id).isNotNull();
        assertThat(insert("from-job", "job-1", ALICE)).as("the job's key is taken").isNull();
        assertThat(models.findByJob("job-1", ALICE.owner())).map(ModelVersion::id).contains(id);
        assertThat(insert("from-job", "job-1", BOB)).as("another owner naming the same job").isNotNull();
        assertThat(models.findByJob("job-1", "key:9")).isEmpty();
    }

    @Test
    void listsAreVisibleRowsNewestFirstScrolledByIdKeyset() {
        List<Long> ids = List.of(insert("paged", null, ALICE), insert("paged", null, ALICE), insert("paged", null, ALICE));
        insert("paged", null, BOB);
        Page<ModelVersion> first = page("paged", null, 2, null, ALICE);
        assertThat(first.items()).extracting(ModelVersion::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(first.nextPageToken()).isNotNull();
        // A model registered between two pages neither repeats nor shifts the next page: it starts below the token.
        insert("paged", null, ALICE);
        Page<ModelVersion> second = page("paged", null, 2, first.nextPageToken(), ALICE);
        assertThat(second.items()).extracting(ModelVersion::id).containsExactly(ids.get(0));
        assertThat(second.nextPageToken()).as("the last page has no token").isNull();
        assertThat(page("paged", "standard", 10, first.nextPageToken(), ALICE).items()).extracting(ModelVersion::id)
                .containsExactly(ids.get(0));
        assertThat(page("paged", "basisn", 10, null, ALICE).items()).isEmpty();
        assertThat(page("paged", null, 10, null, Caller.SYSTEM).items()).hasSize(5);
        assertThat(models.find(ids.get(0), BOB)).isEmpty();
    }

    private Page<ModelVersion> page(String name, String kind, int size, String token, Caller viewer) {
        return IdKeyset.page(models.scroll(name, kind, IdKeyset.position(token), size, viewer)
                .map(ModelEntity::toModelVersion), ModelVersion::id);
    }
}
