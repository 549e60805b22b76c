package org.imclab.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imclab.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** X-RateLimit-Limit is the limit of the bucket X-RateLimit-Remaining counts; the IETF-draft fields name both. */
class RateLimitHeadersTest extends GatewayTestSupport {

    @Test
    void withTheBurstCapBindingLimitAndRemainingAreTheBurstBucket() {
        String key = newKey("six-hundred", 600, "read").key();
        HttpResponse<String> r = get("/api/v1/runs", key);
        assertThat(r.statusCode()).isEqualTo(200);
        // 600 per minute, at most 100 in one second (IMCLAB_RATE_LIMIT_BURST): the burst bucket has fewer left.
        assertThat(r.headers().firstValue(RateLimitFilter.LIMIT)).hasValue("100");
        assertThat(r.headers().firstValue(RateLimitFilter.REMAINING)).hasValue("99");
        assertThat(r.headers().firstValue(RateLimitFilter.POLICY_NAME)).hasValue("burst");
        assertThat(r.headers().firstValue(RateLimitFilter.POLICY))
                .hasValue("\"minute\";q=600;w=60, \"burst\";q=100;w=1");
        assertThat(r.headers().firstValue(RateLimitFilter.RATE_LIMIT)).hasValue("\"burst\";r=99;t=1");
    }

    @Test
    void belowTheBurstCapOnlyTheMinuteLimitExists() {
        String key = newKey("five", 5, "read").key();
        HttpResponse<String> r = get("/api/v1/runs", key);
        assertThat(r.headers().firstValue(RateLimitFilter.LIMIT)).hasValue("5");
        assertThat(r.headers().firstValue(RateLimitFilter.REMAINING)).hasValue("4");
        assertThat(r.headers().firstValue(RateLimitFilter.POLICY_NAME)).hasValue("minute");
        assertThat(r.headers().firstValue(RateLimitFilter.POLICY)).hasValue("\"minute\";q=5;w=60");
        // One of five per minute used: full again in 12 s.
        assertThat(r.headers().firstValue(RateLimitFilter.RATE_LIMIT)).hasValue("\"minute\";r=4;t=12");
    }

    @Test
    void concurrentRequestsOfOneKeyAreChargedExactlyOnceEach() throws Exception {
        // Requests arriving together, on a bucket that does not exist yet, serialise on its row: one token
        // each, so exactly the limit gets through and every other request gets 429 (never a 500).
        // (Bucket4j's batching optimisation failed this test with BucketNotFoundException.)
        String key = newKey("twenty", 20, "read").key();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                codes.add(clients.submit(() -> get("/api/v1/runs", key).statusCode()));
            }
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Future<Integer> code : codes) {
                byStatus.merge(code.get(), 1L, Long::sum);
            }
            assertThat(byStatus).containsExactly(Map.entry(200, 20L), Map.entry(429, 28L));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theBucketWithFewerTokensLeftIsTheOneReported() {
        List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("minute", 600, 60),
                new RateLimitPolicy("burst", 100, 1));
        MockHttpServletResponse late = new MockHttpServletResponse();
        // Late in a busy minute: 50 of 600 left, the burst bucket nearly full.
        RateLimitFilter.setHeaders(late, policies, new long[] {50, 99});
        assertThat(late.getHeader(RateLimitFilter.LIMIT)).isEqualTo("600");
        assertThat(late.getHeader(RateLimitFilter.REMAINING)).isEqualTo("50");
        assertThat(late.getHeader(RateLimitFilter.POLICY_NAME)).isEqualTo("minute");
        assertThat(late.getHeader(RateLimitFilter.RATE_LIMIT)).isEqualTo("\"minute\";r=50;t=55");
    }
}
