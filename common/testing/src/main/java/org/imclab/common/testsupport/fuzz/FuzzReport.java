package org.imclab.common.testsupport.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.Assertions;

/** What a fuzz run got back: counts by status, and every response that breaks the API's error contract. */
public final class FuzzReport {

    private final String service;
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<Integer, Integer> containerByStatus = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int total;
    private int containerProblemJson;

    FuzzReport(String service) {
        this.service = service;
    }

    void record(FuzzRequest request, RawHttpClient.Response response) {
        total++;
        byStatus.merge(response.status(), 1, Integer::sum);
        if (request.containerLevel()) {
            containerByStatus.merge(response.status(), 1, Integer::sum);
            if (response.contentType().startsWith("application/problem+json")) {
                containerProblemJson++;
            }
        }
        if (response.status() >= 500) {
            violations.add(describe(request, response, "server error"));
        } else if (response.status() >= 400 && !request.containerLevel()
                && !response.contentType().startsWith("application/problem+json")) {
            violations.add(describe(request, response, "4xx without application/problem+json"));
        }
    }

    void failed(FuzzRequest request, Exception e) {
        total++;
        byStatus.merge(-1, 1, Integer::sum);
        violations.add(request.method() + " " + abbreviate(request.target(), 120) + " [" + request.label()
                + "]: no response: " + e);
    }

    private static String describe(FuzzRequest request, RawHttpClient.Response response, String what) {
        return what + ": " + request.method() + " " + abbreviate(request.target(), 120) + " [" + request.label() + "] -> "
                + response.status() + " " + response.contentType() + " " + abbreviate(response.bodyText(), 200);
    }

    private static String abbreviate(String s, int max) {
        String flat = s.replace("\n", " ").replace("\u0000", "\\0");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    public int total() {
        return total;
    }

    public Map<Integer, Integer> byStatus() {
        return byStatus;
    }

    public List<String> violations() {
        return violations;
    }

    /**
     * Asserts the run's verdict: more than {@code minimumRequests} requests went out (so a spec that lost its
     * operations fails, not passes) and none broke the error contract.
     */
    public void assertClean(int minimumRequests) {
        Assertions.assertThat(total).as(summary()).isGreaterThan(minimumRequests);
        Assertions.assertThat(violations).as(summary()).isEmpty();
    }

    /** One line per service: the total and the count of each status (-1: no response). */
    public String summary() {
        return "API fuzz " + service + ": " + total + " requests, by status " + byStatus
                + (containerByStatus.isEmpty() ? "" : "; refused by Tomcat before the app " + containerByStatus
                        + " (" + containerProblemJson + " of them problem+json)")
                + ", " + violations.size() + " violations";
    }
}
