package org.imclab.common.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * The API's paging contract ({@link Page}: {@code page_size}, opaque {@code page_token}, newest first) over
 * Spring Data's keyset scrolling, for JPA entities ordered by their generated id. A page is a
 * {@link Window} read with {@link #NEWEST_FIRST} from a {@link KeysetScrollPosition}; its token is the
 * last id of the page, so the next page starts strictly below it and rows inserted meanwhile neither
 * repeat nor shift a page, as with {@link PageToken} over (created_at, id) for the JDBC lists.
 */
public final class IdKeyset {

    /** The order every id-keyed list is read in. */
    public static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "id");

    /** An id as text is at most 20 characters; its Base64 form well under this. */
    private static final int MAX_TOKEN_LENGTH = 32;

    private IdKeyset() {
    }

    /** Where the page a client's token names starts: the first page when there is no token. */
    public static KeysetScrollPosition position(String pageToken) {
        if (pageToken == null || pageToken.isBlank()) {
            return ScrollPosition.keyset();
        }
        try {
            if (pageToken.length() > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            long id = Long.parseLong(new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
            if (id < 1) {
                throw new IllegalArgumentException("not an id");
            }
            return ScrollPosition.forward(Map.of("id", id));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("page_token", "is not a token this API issued");
        }
    }

    /** The window as the API's page; the token names the window's last row when more follow. */
    public static <T> Page<T> page(Window<T> window, Function<T, Long> id) {
        List<T> rows = window.getContent();
        String next = window.hasNext() && !rows.isEmpty()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                        Long.toString(id.apply(rows.get(rows.size() - 1))).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(List.copyOf(rows), next);
    }
}
