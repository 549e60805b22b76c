package org.imclab.common.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers completion webhooks from the {@code jobs.webhook_delivery} outbox. The row is written in
 * the same transaction as the job's final state, so no completion is lost if the process dies; a
 * failed delivery is retried with exponential backoff (1 s, 2 s, 4 s, ...) up to a limit.
 * The body is signed: {@code X-IMCLab-Signature: sha256=<hex HMAC-SHA256(secret, body)>}.
 */
public class WebhookDispatcher {

    public static final String SIGNATURE_HEADER = "X-IMCLab-Signature";
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final byte[] secret;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookDispatcher(DataSource dataSource, String secret, int maxAttempts, Duration baseDelay) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
    }

    public static String sign(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
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
            String error = send(d.url(), d.payload(), d.id());
            if (error == null) {
                jdbc.sql("update jobs.webhook_delivery set delivered_at = now(), attempts = attempts + 1, last_error = null where id = ?")
                        .param(d.id()).update();
            } else {
                int attempts = d.attempts() + 1;
                long delayMs = baseDelay.toMillis() << Math.min(attempts - 1, 16);
                String next = attempts >= maxAttempts ? "'infinity'::timestamptz" : "now() + make_interval(secs => ?)";
                var stmt = jdbc.sql("update jobs.webhook_delivery set attempts = ?, last_error = ?, next_try_at = " + next
                        + " where id = ?");
                if (attempts >= maxAttempts) {
                    stmt.params(attempts, error, d.id()).update();
                    log.warn("Webhook {} to {} abandoned after {} attempts: {}", d.id(), d.url(), attempts, error);
                } else {
                    stmt.params(attempts, error, delayMs / 1000.0, d.id()).update();
                }
            }
        }
        return due.size();
    }

    private String send(String url, String body, long deliveryId) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, sign(secret, body))
                    .header("X-IMCLab-Delivery", String.valueOf(deliveryId))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
            return resp.statusCode() / 100 == 2 ? null : "HTTP " + resp.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
