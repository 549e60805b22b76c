package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

class IdKeysetTest {

    @Test
    void aPageWithMoreToComeNamesItsLastIdAndThatTokenScrollsOnBelowIt() {
        Window<Long> window = Window.from(List.of(42L, 17L), i -> ScrollPosition.offset(), true);
        Page<Long> page = IdKeyset.page(window, id -> id);
        assertThat(page.items()).containsExactly(42L, 17L);
        KeysetScrollPosition next = IdKeyset.position(page.nextPageToken());
        assertThat(next.getKeys()).isEqualTo(Map.of("id", 17L));
        assertThat(next.scrollsForward()).isTrue();
    }

    @Test
    void theLastPageHasNoTokenAndNoTokenIsTheFirstPage() {
        assertThat(IdKeyset.page(Window.from(List.of(3L), i -> ScrollPosition.offset(), false), id -> id).nextPageToken()).isNull();
        assertThat(IdKeyset.position(null).isInitial()).isTrue();
        assertThat(IdKeyset.position(" ").isInitial()).isTrue();
    }

    @Test
    void aTokenThisApiDidNotIssueIsA400OnPageToken() {
        for (String bad : List.of("not base64!", "bm90LWEtbnVtYmVy", "LTE", "x".repeat(40))) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> IdKeyset.position(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("page_token");
        }
    }
}
