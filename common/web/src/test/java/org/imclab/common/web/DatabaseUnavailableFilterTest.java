package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.dao.DataIntegrityViolationException;
import jakarta.servlet.http.HttpServlet;

/** A filter that needs the database (API keys, rate limits) and cannot reach it yields 503, not 500. */
class DatabaseUnavailableFilterTest {

    private static MockFilterChain failingWith(RuntimeException e) {
        return new MockFilterChain(new HttpServlet() {
        }, (req, res, chain) -> {
            throw e;
        });
    }

    @Test
    void connectionFailuresInFiltersBecome503ProblemJson() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new DatabaseUnavailableFilter().doFilter(new MockHttpServletRequest("GET", "/api/v1/x"), response,
                failingWith(new CannotGetJdbcConnectionException("pool empty",
                        new SQLTransientConnectionException("timed out", "08001"))));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":503").contains("database is unavailable");
    }

    @Test
    void otherFailuresPassThrough() {
        assertThatThrownBy(() -> new DatabaseUnavailableFilter().doFilter(new MockHttpServletRequest("GET", "/"),
                new MockHttpServletResponse(), failingWith(new DataIntegrityViolationException("bad row"))))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
