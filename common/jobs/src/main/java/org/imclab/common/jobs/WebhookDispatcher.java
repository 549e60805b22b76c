package org.imclab.common.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.jobs.webhooks.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers completion webhooks from the {@code jobs.webhook_delivery} outbox. The row is written in
 * the same transaction as the job's final state, so no completion is lost if the process dies; a
 * failed delivery is retried with exponential backoff (1 s, 2 s, 4 s, ...) up to a limit.
 *
 * <p>Each attempt is signed afresh ({@link WebhookSignature}: timestamp, delivery id, body). The URL
 * is vetted by the {@link CallbackUrlPolicy} again, and the HTTP client resolves host names only
 * through that policy, so it connects to the vetted addresses. Redirects are not followed: a 3xx is
 * a failed attempt. A URL the policy refuses is abandoned at once, since retrying cannot help.
 */
public class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final byte[] secret;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final CallbackUrlPolicy policy;
    private final Clock clock;
    private final CloseableHttpClient http;

    public WebhookDispatcher(DataSource dataSource, String secret, int maxAttempts, Duration baseDelay, CallbackUrlPolicy policy) {
        this(dataSource, secret, maxAttempts, baseDelay, policy, Clock.systemUTC());
    }

    public WebhookDispatcher(DataSource dataSource, String secret, int maxAttempts, Duration baseDelay, CallbackUrlPolicy policy,
            Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.policy = policy;
        this.clock = clock;
        // No system proxy, no redirects, no retries of its own: the outbox retries, and a proxy would
        // connect to names this process never vetted.
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(policy.dnsResolver())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(10)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** Sends every due delivery once; called on a schedule. Returns how many were attempted. */
    public int deliverDue() {
        record Due(long id, String url, String payload, int attempts) {
        }
        List<Due> due = tx.execute(s -> {
            List<Due> rows = jdbc.sql("""
                    select id, url, payload::text, attempts from jobs.webhook_delivery
                    where delivered_at is null and next_try_at <= now() order by id limit 20 for update skip locked""")
                    .query((rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
            // Claim them by pushing next_try_at out, so another replica does not send them concurrently.
            for (Due d : rows) {
                jdbc.sql("update jobs.webhook_delivery set next_try_at = now() + interval '60 seconds' where id = ?")
                        .param(d.id()).update();
            }
            return rows;
        });
        for (Due d : due) {
            Outcome outcome = send(d.url(), d.payload(), d.id());
            if (outcome.error() == null) {
                jdbc.sql("update jobs.webhook_delivery set delivered_at = now(), attempts = attempts + 1, last_error = null where id = ?")
                        .param(d.id()).update();
            } else {
                int attempts = d.attempts() + 1;
                boolean last = outcome.permanent() || attempts >= maxAttempts;
                long delayMs = baseDelay.toMillis() << Math.min(attempts - 1, 16);
                String next = last ? "'infinity'::timestamptz" : "now() + make_interval(secs => ?)";
                var stmt = jdbc.sql("update jobs.webhook_delivery set attempts = ?, last_error = ?, next_try_at = " + next
                        + " where id = ?");
                if (last) {
                    stmt.params(attempts, outcome.error(), d.id()).update();
                    log.warn("Webhook {} abandoned after {} attempt(s): {}", d.id(), attempts, outcome.error());
                } else {
                    stmt.params(attempts, outcome.error(), delayMs / 1000.0, d.id()).update();
                }
            }
        }
        return due.size();
    }

    /** error is null on success; permanent when the policy refuses the URL. */
    private record Outcome(String error, boolean permanent) {
    }

    private Outcome send(String url, String body, long deliveryId) {
        try {
            CallbackUrlPolicy.Target target = policy.check(url);
            HttpPost post = new HttpPost(target.uri());
            String id = String.valueOf(deliveryId);
            post.setHeader(WebhookSignature.HEADER, WebhookSignature.sign(secret, clock.instant().getEpochSecond(), id, body));
            post.setHeader(WebhookSignature.DELIVERY_HEADER, id);
            post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            int status = http.execute(post, response -> response.getCode());
            if (status / 100 == 2) {
                return new Outcome(null, false);
            }
            return new Outcome(status / 100 == 3 ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status, false);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CallbackUrlPolicy.RefusedCallback refused) {
                    return new Outcome("refused: callbackUrl " + refused.getMessage(), true);
                }
            }
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } catch (RuntimeException e) {
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
