package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.jobs.webhooks.WebhookSettings;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery re-checks the callback: it connects only to addresses the policy vetted (no second DNS
 * answer can move it onto loopback), and it never follows a redirect.
 */
class WebhookDeliveryGuardTest {

    static final String SECRET = "delivery-guard-test-secret-0123";
    final JsonMapper json = JsonMapper.builder().build();
    DataSource ds;
    HttpServer receiver;
    HttpServer inside;
    final AtomicInteger receiverCalls = new AtomicInteger();
    final AtomicInteger insideCalls = new AtomicInteger();
    final AtomicReference<String> redirectTo = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        ds = TestDatabase.freshDataSource();
        SharedSchemas.migrate(ds);
        // "inside" stands for an internal service that a callback must never reach.
        inside = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        inside.createContext("/", ex -> {
            insideCalls.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        inside.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            receiverCalls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            if (redirectTo.get() != null) {
                ex.getResponseHeaders().add("Location", redirectTo.get());
                ex.sendResponseHeaders(302, -1);
            } else {
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
        inside.stop(0);
    }

    private UUID completedJobWithCallback(String url) {
        JobSubmissions submissions = new JobSubmissions(new JobStore(ds, json), new TrackingStore(ds), json, "test");
        UUID id = submissions.submit("hooked", new StepJobHandler.Request(1, 0, "hooks", url), null, "hooks", url, null)
                .job().id();
        JobStore store = new JobStore(ds, json);
        store.claim("hooked", "w", Duration.ofSeconds(30)).orElseThrow();
        store.complete(id, "w", JobState.SUCCEEDED, "completed", json.readTree("{}"), null);
        return id;
    }

    private Map<String, Object> delivery(UUID job) {
        return JdbcClient.create(ds).sql("""
                select attempts, last_error, delivered_at is not null as delivered, next_try_at = 'infinity' as abandoned
                from jobs.webhook_delivery where job_id = ?""").param(job).query().singleRow();
    }

    private static WebhookSettings settings(boolean allowPrivate) {
        return new WebhookSettings(true, SECRET, 3, Duration.ofMillis(10), allowPrivate, List.of());
    }

    /** A DNS answer that changes between submission and delivery. */
    private static CallbackUrlPolicy.NameLookup rebinding(String host, String first, String later) {
        AtomicInteger lookups = new AtomicInteger();
        return name -> {
            if (!name.equals(host)) {
                return InetAddress.getAllByName(name);
            }
            String answer = lookups.getAndIncrement() == 0 ? first : later;
            return new InetAddress[] {InetAddress.getByAddress(name, InetAddress.getByName(answer).getAddress())};
        };
    }

    @Test
    void aHostThatRebindsToLoopbackAfterSubmissionIsNotContacted() throws Exception {
        String url = "http://hooks.rebind.test:" + receiver.getAddress().getPort() + "/hook";
        var policy = new CallbackUrlPolicy(settings(false), rebinding("hooks.rebind.test", "203.0.113.9", "127.0.0.1"));
        policy.checkSubmitted(url);
        UUID job = completedJobWithCallback(url);
        try (var dispatcher = new WebhookDispatcher(ds, SECRET, 3, Duration.ofMillis(10), policy)) {
            assertThat(dispatcher.deliverDue()).isEqualTo(1);
        }
        assertThat(receiverCalls).hasValue(0);
        Map<String, Object> row = delivery(job);
        assertThat((String) row.get("last_error")).startsWith("refused:").contains("127.0.0.1").contains("loopback");
        assertThat(row.get("abandoned")).as("a refused URL is not retried").isEqualTo(true);
    }

    @Test
    void theConnectionGoesToTheAddressThePolicyResolvedNotToASecondLookup() throws Exception {
        // The name exists only in the policy's resolver; delivery arriving proves the client used that answer.
        String url = "http://hooks.pinned.test:" + receiver.getAddress().getPort() + "/hook";
        var policy = new CallbackUrlPolicy(settings(true), rebinding("hooks.pinned.test", "127.0.0.1", "127.0.0.1"));
        UUID job = completedJobWithCallback(url);
        try (var dispatcher = new WebhookDispatcher(ds, SECRET, 3, Duration.ofMillis(10), policy)) {
            dispatcher.deliverDue();
        }
        assertThat(receiverCalls).hasValue(1);
        assertThat(delivery(job).get("delivered")).isEqualTo(true);
    }

    @Test
    void aStoredLoopbackUrlIsRefusedAtDeliveryWhenPrivateNetworksAreNotAllowed() throws Exception {
        UUID job = completedJobWithCallback("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (var dispatcher = new WebhookDispatcher(ds, SECRET, 3, Duration.ofMillis(10), new CallbackUrlPolicy(settings(false)))) {
            dispatcher.deliverDue();
        }
        assertThat(receiverCalls).hasValue(0);
        assertThat((String) delivery(job).get("last_error")).startsWith("refused:");
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailedAttempt() throws Exception {
        redirectTo.set("http://127.0.0.1:" + inside.getAddress().getPort() + "/api/v1/training-jobs/x/cancel");
        UUID job = completedJobWithCallback("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (var dispatcher = new WebhookDispatcher(ds, SECRET, 3, Duration.ofMillis(10), new CallbackUrlPolicy(settings(true)))) {
            dispatcher.deliverDue();
        }
        assertThat(receiverCalls).hasValue(1);
        assertThat(insideCalls).as("the redirect target").hasValue(0);
        Map<String, Object> row = delivery(job);
        assertThat(row.get("delivered")).isEqualTo(false);
        assertThat(row.get("abandoned")).as("retried like any failure").isEqualTo(false);
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat((String) row.get("last_error")).isEqualTo("HTTP 302 (redirects are not followed)");
    }
}
