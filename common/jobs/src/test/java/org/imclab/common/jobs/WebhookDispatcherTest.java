package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.jobs.webhooks.WebhookSettings;
import org.imclab.common.jobs.webhooks.WebhookSignature;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Completion webhooks: signed with HMAC-SHA256, retried with backoff until the receiver accepts. */
class WebhookDispatcherTest {

    static final CallbackUrlPolicy LOCAL_RECEIVERS = new CallbackUrlPolicy(
            new WebhookSettings(true, null, 5, Duration.ofMillis(400), true, List.of()));

    record Delivery(String body, String signature, String deliveryId, long atMillis) {
    }

    @Test
    void signedDeliveryIsRetriedWithBackoffUntilAccepted() throws Exception {
        DataSource ds = TestDatabase.freshDataSource();
        SharedSchemas.migrate(ds);
        JsonMapper json = JsonMapper.builder().build();

        List<Delivery> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Delivery(body, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    ex.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_HEADER), System.currentTimeMillis()));
            // The receiver is down for the first two attempts.
            ex.sendResponseHeaders(calls.incrementAndGet() <= 2 ? 503 : 204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JobSubmissions submissions = new JobSubmissions(new JobStore(ds, json), new TrackingStore(ds), json, "test");
            UUID id = submissions.submit("hooked", new StepJobHandler.Request(1, 0, "hooks", url), null, "hooks", url, null)
                    .job().id();
            JobStore store = new JobStore(ds, json);
            store.claim("hooked", "w", Duration.ofSeconds(30)).orElseThrow();
            store.complete(id, "w", JobState.SUCCEEDED, "completed", json.readTree("{\"accuracy\":0.99}"), null);

            // The receiver is on loopback, which only an explicit opt-in allows.
            WebhookDispatcher dispatcher = new WebhookDispatcher(ds, "s3cret", 5, Duration.ofMillis(400), LOCAL_RECEIVERS);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                dispatcher.deliverDue();
                return received.size() >= 3;
            });
            for (Delivery d : received) {
                assertThat(WebhookSignature.verify("s3cret".getBytes(StandardCharsets.UTF_8), d.signature(), d.deliveryId(), d.body(),
                        Instant.now(), Duration.ofMinutes(5))).as("signature verifies").isTrue();
                assertThat(json.readTree(d.body()).get("jobId").asString()).isEqualTo(id.toString());
                assertThat(json.readTree(d.body()).get("state").asString()).isEqualTo("SUCCEEDED");
            }
            assertThat(d(received, 1) - d(received, 0)).as("first backoff").isGreaterThanOrEqualTo(350);
            assertThat(d(received, 2) - d(received, 1)).as("second backoff doubles").isGreaterThanOrEqualTo(750);
            dispatcher.deliverDue();
            assertThat(received).hasSize(3);
            assertThat(JdbcClient.create(ds).sql("select attempts from jobs.webhook_delivery where job_id = ? and delivered_at is not null")
                    .param(id).query(Integer.class).single()).isEqualTo(3);
            Delivery first = received.get(0);
            assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), first.signature(), first.deliveryId(),
                    first.body(), Instant.now(), Duration.ofMinutes(5))).as("another secret does not verify").isFalse();
            assertThat(received).extracting(Delivery::deliveryId).as("retries keep the delivery id").containsOnly(first.deliveryId());
        } finally {
            receiver.stop(0);
        }
    }

    private static long d(List<Delivery> l, int i) {
        return l.get(i).atMillis();
    }
}
