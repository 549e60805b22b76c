package org.imclab.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imclab.common.testsupport.MockMvcDatabaseTest;
import org.imclabtest.sample.SampleApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * The job event stream as an EventSource sees it: ids on every event, retry, resumption from Last-Event-ID
 * with exactly the missed state changes and metric points, and 204 once the client has seen the end.
 */
@SpringBootTest(classes = SampleApplication.class, properties = {"imclab.service=sample",
        "imclab.webhooks.secret=job-events-test-webhook-secret"})
class JobEventsResumeTest extends MockMvcDatabaseTest {

    String job;

    /** One parsed event: its fields as sent. */
    record Event(String id, String name, String data, String retry) {
    }

    @BeforeEach
    void finishedJob() throws Exception {
        job = json.readTree(mvc.perform(post("/api/v1/echo-jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"steps\":3,\"mode\":\"FAST\"}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString()).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(mvc.perform(get("/api/v1/echo-jobs/" + job))
                .andReturn().getResponse().getContentAsString()).get("state").asString().equals("SUCCEEDED"));
    }

    private List<Event> stream(String lastEventId) throws Exception {
        var req = get("/api/v1/echo-jobs/" + job + "/events").accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
        }
        MvcResult r = mvc.perform(req).andExpect(request().asyncStarted()).andReturn();
        await().atMost(Duration.ofSeconds(10)).until(() -> r.getResponse().getContentAsString().contains("event:done"));
        return parse(r.getResponse().getContentAsString());
    }

    private static List<Event> parse(String body) {
        List<Event> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            Map<String, String> f = new java.util.HashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    f.merge(line.substring(0, colon), line.substring(colon + 1), (a, b) -> a + "\n" + b);
                }
            }
            if (!f.isEmpty()) {
                out.add(new Event(f.get("id"), f.get("event"), f.get("data"), f.get("retry")));
            }
        }
        return out;
    }

    private List<String> states(List<Event> events) {
        return events.stream().filter(e -> e.name().equals("state")).map(e -> json.readTree(e.data()).get("to").asString())
                .toList();
    }

    private List<String> points(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.name().equals("metrics")) {
                for (JsonNode p : json.readTree(e.data())) {
                    out.add(p.get("key").asString() + "@" + p.get("step").asLong() + "=" + p.get("value").asDouble());
                }
            }
        }
        return out;
    }

    @Test
    void everyEventHasAnIdTheFirstSetsRetryAndTheWholeStoryIsTold() throws Exception {
        List<Event> all = stream(null);
        assertThat(all).allSatisfy(e -> assertThat(e.id()).matches("\\d+\\.\\d+"));
        assertThat(all.get(0).retry()).isEqualTo("3000");
        assertThat(states(all)).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(points(all)).containsExactly("value@1=1.0", "value@2=4.0", "value@3=9.0");
        assertThat(all.get(all.size() - 1).name()).isEqualTo("done");
        assertThat(all.stream().filter(e -> e.name().equals("metrics"))).allSatisfy(e -> assertThat(e.data()).isNotEqualTo("[]"));
    }

    @Test
    void lastEventIdResumesWithExactlyTheMissedStateChangesAndPoints() throws Exception {
        List<Event> all = stream(null);
        // As if the connection dropped right after the RUNNING transition.
        Event running = all.stream().filter(e -> e.name().equals("state") && e.data().contains("\"to\":\"RUNNING\""))
                .findFirst().orElseThrow();
        List<Event> rest = stream(running.id());
        assertThat(states(rest)).containsExactly("SUCCEEDED");
        assertThat(points(rest)).containsExactly("value@1=1.0", "value@2=4.0", "value@3=9.0");

        // ... or after the first metric point: the history is done, two points are missing.
        String history = all.get(all.size() - 1).id().split("\\.")[0];
        // The three points took consecutive numbers, so the first is the metrics event's cursor minus two.
        long firstPoint = Long.parseLong(all.stream().filter(e -> e.name().equals("metrics")).findFirst().orElseThrow()
                .id().split("\\.")[1]) - 2;
        List<Event> tail = stream(history + "." + firstPoint);
        assertThat(states(tail)).isEmpty();
        assertThat(points(tail)).containsExactly("value@2=4.0", "value@3=9.0");
        assertThat(tail.get(tail.size() - 1).name()).isEqualTo("done");
    }

    @Test
    void aReconnectAfterDoneGets204AndAMalformedIdIs400() throws Exception {
        List<Event> all = stream(null);
        String doneId = all.get(all.size() - 1).id();
        mvc.perform(get("/api/v1/echo-jobs/" + job + "/events").header("Last-Event-ID", doneId))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/echo-jobs/" + job + "/events").header("Last-Event-ID", "not-a-cursor"))
                .andExpect(status().isBadRequest());
    }
}
