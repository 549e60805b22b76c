package org.imclab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the dashboard in headless Debian Chromium against a running stack (./imclab up), with
 * data from real jobs: enters the key, finds an experiment in the list, opens a run and checks that
 * its metric chart holds the logged points, checks the pruning charts (accuracy vs FLOPs per method,
 * channels per layer, class-importance heatmap) and accuracy vs sigma with its band, then opens one run
 * of each other kind that has charts. It needs a successful pruning run and NOISY_ACCURACY simulation
 * ({@code ./imclab demo}). Screenshots go to docs/screenshots/. Runs only under the e2e profile, from
 * {@code bash scripts/e2e.sh} (which starts a stack and runs a quick demo first) or by hand:
 * {@code IMCLAB_E2E_URL=http://localhost:8080 IMCLAB_E2E_KEY=imc_... mvn -Pe2e -pl gateway-service -am
 * test-compile failsafe:integration-test failsafe:verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String baseUrl;
    private static String apiKey;
    private static Path screenshots;
    private static HttpClient http;
    private static WebDriver driver;
    private static JsonNode runWithHistory;
    private static String historyMetric;

    @BeforeAll
    static void connect() throws Exception {
        baseUrl = setting("IMCLAB_E2E_URL", "imclab.e2e.url").orElse("http://localhost:8080").replaceAll("/+$", "");
        apiKey = setting("IMCLAB_E2E_KEY", "imclab.e2e.key").or(DashboardBrowserIT::launcherKey).orElse(null);
        screenshots = Path.of(setting("IMCLAB_E2E_SCREENSHOTS", "imclab.e2e.screenshots").orElse("docs/screenshots"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> index;
        try {
            index = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("The IMC Lab stack is not reachable at " + baseUrl + " (" + e + "). Start it with "
                    + "'./imclab up' or point IMCLAB_E2E_URL at a running gateway.", e);
        }
        assertThat(index.statusCode()).as("GET %s/ (the dashboard page)", baseUrl).isEqualTo(200);
        assertThat(index.body()).as("dashboard page at %s/", baseUrl).contains("/assets/app.js");
        if (apiKey == null) {
            fail("No API key: set IMCLAB_E2E_KEY (./imclab up prints one and stores it in ~/.imclab/admin.key).");
        }
        HttpResponse<String> experiments = api("/api/v1/experiments");
        if (experiments.statusCode() != 200) {
            fail("GET /api/v1/experiments with IMCLAB_E2E_KEY answered " + experiments.statusCode() + ": "
                    + experiments.body());
        }
        findRunWithHistory();
        driver = startChromium();
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void refusesAWrongKeyWithAClearMessage() {
        driver.get(baseUrl + "/#/experiments");
        WebElement input = waitFor(By.id("api-key"));
        input.sendKeys("imc_0000000000_notarealsecretnotarealsecret");
        driver.findElement(By.id("key-submit")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textMatches(By.id("key-error"),
                java.util.regex.Pattern.compile("401")));
        assertThat(driver.findElement(By.id("key-error")).getText()).contains("refused");
    }

    @Test
    @Order(2)
    void listsTheExperimentOfARealJob() throws Exception {
        driver.get(baseUrl + "/#/experiments");
        WebElement input = waitFor(By.id("api-key"));
        input.clear();
        input.sendKeys(apiKey);
        driver.findElement(By.id("key-submit")).click();
        String experiment = runWithHistory.path("experiment").asString();
        WebElement row = waitFor(By.cssSelector("#experiments-table tr[data-experiment='" + cssEscape(experiment) + "']"));
        assertThat(row.getText()).contains(experiment);
        screenshot("experiments.png");

        row.findElement(By.tagName("a")).click();
        waitFor(By.cssSelector("#runs-table tr[data-run='" + runWithHistory.path("id").asString() + "']"));
        waitReady();
        screenshot("experiment.png");
    }

    @Test
    @Order(3)
    void showsARunWithItsMetricChart() throws Exception {
        String id = runWithHistory.path("id").asString();
        open("#/runs/" + id);
        WebElement box = waitFor(By.cssSelector("#metric-charts [data-metric='" + cssEscape(historyMetric) + "']"));
        new WebDriverWait(driver, WAIT).until(d -> !box.findElements(By.tagName("canvas")).isEmpty());
        long points = ((Number) js("const c = echarts.getInstanceByDom(arguments[0]);"
                + "return c ? c.getOption().series.reduce((n, s) => n + (s.data ? s.data.length : 0), 0) : 0;", box))
                .longValue();
        assertThat(points).as("points drawn for metric %s of run %s", historyMetric, id).isGreaterThan(1);
        assertThat(canvasHasInk(box)).as("the metric chart's canvas has something drawn on it").isTrue();
        assertThat(driver.findElement(By.id("progress-panel")).getText()).contains(runWithHistory.path("state").asString());
        screenshot("run.png");
    }

    @Test
    @Order(4)
    void drawsThePruningChartsOfARealPruningRun() throws Exception {
        Optional<JsonNode> found = latestSucceeded("pruning", "criterion:CLASS_AWARE");
        if (found.isEmpty()) {
            found = latestSucceeded("pruning", null);
        }
        JsonNode run = found.orElseThrow(() -> new AssertionError("The stack at " + baseUrl + " has no successful pruning run. Run "
                        + "'./imclab demo' (or 'bash scripts/e2e.sh', which runs a quick one) first."));
        String id = run.path("id").asString();
        open("#/runs/" + id);

        // Accuracy vs FLOPs: this run's trajectory, then the experiment's other methods once they are loaded.
        WebElement tradeOff = waitForChart("Accuracy vs FLOPs");
        new WebDriverWait(driver, WAIT).until(d -> tradeOff.getDomAttribute("data-compared") != null);
        List<Map<String, Object>> lines = series(tradeOff);
        Map<String, Object> own = lines.stream().filter(s -> name(s).contains("(this run)")).findFirst()
                .orElseThrow(() -> new AssertionError("no series of run " + id + " in " + lines));
        assertThat(count(own)).as("accuracy/FLOPs points of run %s (unpruned start + iterations)", id).isGreaterThan(1);
        assertThat(tradeOff.getDomAttribute("data-compared"))
                .as("other pruning methods in experiment %s drawn beside run %s", run.path("experiment").asString(), id)
                .isEqualTo("true");
        long methods = lines.stream().filter(s -> count(s) > 1 && !name(s).contains("right after pruning"))
                .map(s -> name(s).split("[:·]")[0].strip()).distinct().count();
        assertThat(methods).as("pruning methods with an accuracy/FLOPs trajectory: %s", lines).isGreaterThanOrEqualTo(2);

        // Channels per layer: one bar per layer per iteration.
        WebElement channels = waitForChart("Channels per layer");
        List<Map<String, Object>> bars = series(channels);
        assertThat(bars).as("iterations in the channels chart").isNotEmpty();
        assertThat(bars).allSatisfy(b -> assertThat(count(b)).as("layers in %s", name(b)).isGreaterThan(0));
        assertThat(((Number) js("return echarts.getInstanceByDom(arguments[0]).getOption().series"
                + ".flatMap(s => s.data).filter(v => v > 0).length;", channels)).longValue())
                .as("layers with channels left").isGreaterThan(0);

        // Class-importance heatmap: loaded from GET /pruning-jobs/{id}/importance after the page.
        WebElement heatmap = waitForChart("Class importance heatmap");
        new WebDriverWait(driver, WAIT).until(d -> count(series(heatmap).get(0)) > 0);
        Map<String, Object> dims = castMap(js("const o = echarts.getInstanceByDom(arguments[0]).getOption();"
                + "return {classes: o.xAxis[0].data.length, filters: o.yAxis[0].data.length, cells: o.series[0].data.length,"
                + " max: Math.max(...o.series[0].data.map(d => d[2]))};", heatmap));
        assertThat(((Number) dims.get("classes")).intValue()).as("classes (heatmap columns)").isGreaterThan(1);
        assertThat(((Number) dims.get("filters")).intValue()).as("filters (heatmap rows)").isGreaterThan(0);
        assertThat(((Number) dims.get("cells")).longValue()).as("heatmap cells = filters x classes")
                .isEqualTo(((Number) dims.get("classes")).longValue() * ((Number) dims.get("filters")).longValue());
        assertThat(((Number) dims.get("max")).doubleValue()).as("largest importance").isGreaterThan(0);
        assertThat(canvasHasInk(heatmap)).as("the heatmap's canvas has something drawn on it").isTrue();
        screenshot("pruning.png");
    }

    @Test
    @Order(5)
    void drawsAccuracyAgainstSigmaWithItsConfidenceBand() throws Exception {
        JsonNode run = latestSucceeded("simulation", "type:NOISY_ACCURACY")
                .orElseThrow(() -> new AssertionError("The stack at " + baseUrl + " has no successful NOISY_ACCURACY "
                        + "simulation. Run './imclab demo' (or 'bash scripts/e2e.sh') first."));
        String id = run.path("id").asString();
        open("#/runs/" + id);
        WebElement chart = waitForChart("Accuracy vs sigma");
        List<Map<String, Object>> all = series(chart);
        List<Map<String, Object>> curves = all.stream().filter(s -> "line".equals(s.get("type")) && count(s) > 0).toList();
        List<Map<String, Object>> bands = all.stream().filter(s -> "custom".equals(s.get("type"))).toList();
        assertThat(curves).as("accuracy curves of simulation %s: %s", id, all).isNotEmpty();
        assertThat(count(curves.get(0))).as("sigma values on the curve").isGreaterThan(1);
        assertThat(bands).as("confidence bands of simulation %s: %s", id, all).hasSameSizeAs(curves);
        assertThat(count(bands.get(0))).as("points of the band").isEqualTo(count(curves.get(0)));
        // Each band point is [sigma, low, high] around the mean; some chip-to-chip spread must show.
        List<?> band = (List<?>) js("const o = echarts.getInstanceByDom(arguments[0]).getOption();"
                + "return o.series.filter(s => s.type === 'custom')[0].data.map(d => Array.isArray(d) ? d : d.value);", chart);
        List<?> means = (List<?>) js("const o = echarts.getInstanceByDom(arguments[0]).getOption();"
                + "return o.series.filter(s => s.type === 'line' && s.data.length)[0].data.map(d => Array.isArray(d) ? d : d.value);", chart);
        boolean spread = false;
        for (int i = 0; i < band.size(); i++) {
            List<?> b = (List<?>) band.get(i);
            double lo = ((Number) b.get(1)).doubleValue();
            double hi = ((Number) b.get(2)).doubleValue();
            double mean = ((Number) ((List<?>) means.get(i)).get(1)).doubleValue();
            assertThat(lo).as("band low at sigma %s", b.get(0)).isLessThanOrEqualTo(mean + 1e-9);
            assertThat(hi).as("band high at sigma %s", b.get(0)).isGreaterThanOrEqualTo(mean - 1e-9);
            spread |= hi > lo;
        }
        assertThat(spread).as("the band has a non-zero width at some sigma").isTrue();
        assertThat(canvasHasInk(chart)).as("the accuracy chart's canvas has something drawn on it").isTrue();
        screenshot("hwsim-noise.png");
    }

    @Test
    @Order(6)
    void drawsKindSpecificChartsWhereSuchRunsExist() throws Exception {
        String[][] kinds = {
            {"simulation", "type:SWEEP", "hwsim.png"},
            {"simulation", "type:COST", "hwsim-cost.png"},
            {"al-study", null, "al.png"},
        };
        for (String[] kind : kinds) {
            Optional<JsonNode> run = latestSucceeded(kind[0], kind[1]);
            if (run.isEmpty()) {
                continue;
            }
            String id = run.get().path("id").asString();
            open("#/runs/" + id);
            List<WebElement> charts = driver.findElements(By.cssSelector("#kind-panels .chart"));
            assertThat(charts).as("charts for %s run %s (its job result holds nothing the dashboard can draw?)",
                    kind[0], id).isNotEmpty();
            for (WebElement chart : charts) {
                new WebDriverWait(driver, WAIT).until(d -> !chart.findElements(By.tagName("canvas")).isEmpty());
                assertThat(series(chart).stream().mapToLong(DashboardBrowserIT::count).sum())
                        .as("data points in chart '%s' of %s run %s", chart.getDomAttribute("aria-label"), kind[0], id)
                        .isGreaterThan(0);
            }
            screenshot(kind[2]);
        }
    }

    /**
     * The experiment page shows one API page at a time and walks the API's own keyset tokens: with two
     * runs a page, page 1 and page 2 hold exactly the runs GET /api/v1/runs returns for the first token
     * and the next, "newer" comes back to page 1, and a filter typed in the box is sent to the API.
     */
    @Test
    @Order(7)
    void pagesTheRunsOfAnExperimentFromTheServer() throws Exception {
        String experiment = runWithHistory.path("experiment").asString();
        String exp = URLEncoder.encode(experiment, StandardCharsets.UTF_8);
        JsonNode first = JSON.readTree(api("/api/v1/runs?page_size=2&experiment=" + exp).body());
        if (first.path("next_page_token").isNull() || first.path("next_page_token").isMissingNode()) {
            return; // an experiment of one or two runs has no second page to show
        }
        JsonNode second = JSON.readTree(api("/api/v1/runs?page_size=2&experiment=" + exp + "&page_token="
                + URLEncoder.encode(first.path("next_page_token").asString(), StandardCharsets.UTF_8)).body());

        // Same document as the earlier tests (hash routes): forget their requests.
        js("performance.clearResourceTimings();");
        open("#/experiments/" + exp + "?page_size=2");
        assertThat(rowIds()).isEqualTo(ids(first));
        driver.findElement(By.id("runs-older")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("runs-page"), "data-page", "2"));
        assertThat(rowIds()).isEqualTo(ids(second));
        assertThat(driver.findElement(By.id("runs-newer")).isEnabled()).isTrue();
        driver.findElement(By.id("runs-newer")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("runs-page"), "data-page", "1"));
        assertThat(rowIds()).isEqualTo(ids(first));
        @SuppressWarnings("unchecked")
        // The table's requests; the pruning panel asks for its own page (kind=pruning, 50 runs).
        List<String> requests = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/api/v1/runs?') && !n.includes('kind=pruning'));");
        assertThat(requests).as("run-list requests of the table").isNotEmpty()
                .allSatisfy(u -> assertThat(u).contains("page_size=2"))
                .anySatisfy(u -> assertThat(u).contains("page_token="));

        WebElement filter = driver.findElement(By.id("runs-filter"));
        filter.sendKeys("state=SUCCEEDED", org.openqa.selenium.Keys.ENTER);
        new WebDriverWait(driver, WAIT).until(d -> Boolean.TRUE.equals(js("return performance.getEntriesByType('resource')"
                + ".some(e => e.name.includes('/api/v1/runs?') && e.name.includes('state=SUCCEEDED'));")));
        JsonNode succeeded = JSON.readTree(api("/api/v1/runs?page_size=2&state=SUCCEEDED&experiment=" + exp).body());
        new WebDriverWait(driver, WAIT).until(d -> rowIds().equals(ids(succeeded)));
    }

    private static List<String> rowIds() {
        return driver.findElements(By.cssSelector("#runs-table tbody tr")).stream().map(r -> r.getDomAttribute("data-run")).toList();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.path("items").forEach(r -> out.add(r.path("id").asString()));
        return out;
    }

    /** The kind-specific chart with this aria-label, once ECharts has drawn it. */
    private static WebElement waitForChart(String label) {
        WebElement box = waitFor(By.cssSelector("#kind-panels .chart[aria-label='" + cssEscape(label) + "']"));
        try {
            new WebDriverWait(driver, WAIT).until(d -> Boolean.TRUE.equals(
                    js("const c = echarts.getInstanceByDom(arguments[0]); return !!c && c.getOption().series.length > 0;", box)));
        } catch (TimeoutException e) {
            throw new AssertionError("Chart '" + label + "' was not drawn; its panel shows: "
                    + box.findElement(By.xpath("./ancestor::section[1] | ./..")).getText(), e);
        }
        return box;
    }

    /** Type, name and data length of every series of the chart in box. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> series(WebElement box) {
        return (List<Map<String, Object>>) js("const c = echarts.getInstanceByDom(arguments[0]);"
                + "return c ? c.getOption().series.map(s => ({type: s.type, name: s.name == null ? '' : String(s.name),"
                + " n: s.data ? s.data.length : 0})) : [];", box);
    }

    private static long count(Map<String, Object> series) {
        return ((Number) series.get("n")).longValue();
    }

    private static String name(Map<String, Object> series) {
        return String.valueOf(series.get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    // ---------------------------------------------------------------------------------------------

    private static void findRunWithHistory() throws Exception {
        // Training runs first: their per-epoch curves make the clearest run page.
        List<JsonNode> runs = new java.util.ArrayList<>();
        JSON.readTree(api("/api/v1/runs?page_size=200").body()).path("items").forEach(runs::add);
        runs.sort(java.util.Comparator.comparing(r -> !"training".equals(r.path("kind").asString())));
        for (JsonNode run : runs) {
            if (run.path("metrics").isEmpty()) {
                continue;
            }
            JsonNode histories = JSON.readTree(api("/api/v1/runs/" + run.path("id").asString() + "/metrics").body());
            for (Map.Entry<String, JsonNode> e : histories.properties()) {
                if (e.getValue().size() > 1) {
                    runWithHistory = run;
                    historyMetric = e.getKey();
                    return;
                }
            }
        }
        fail("The stack at " + baseUrl + " has no run with a metric logged at two or more steps. Run a real job "
                + "first (a training job, or './imclab demo'), then rerun this test.");
    }

    private static Optional<JsonNode> latestSucceeded(String kind, String param) throws Exception {
        HttpResponse<String> res = api("/api/v1/runs?state=SUCCEEDED&page_size=1&kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8)
                + (param == null ? "" : "&param=" + URLEncoder.encode(param, StandardCharsets.UTF_8)));
        JsonNode items = JSON.readTree(res.body()).path("items");
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    private static HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static WebDriver startChromium() throws IOException {
        String chromium = setting("IMCLAB_E2E_CHROMIUM", "imclab.e2e.chromium").orElse("/usr/bin/chromium");
        String chromedriver = setting("IMCLAB_E2E_CHROMEDRIVER", "imclab.e2e.chromedriver").orElse("/usr/bin/chromedriver");
        for (String binary : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail(binary + " is missing: install Debian's browser with 'apt-get install -y chromium chromium-driver'.");
            }
        }
        Path profile = Files.createTempDirectory("imclab-e2e-chromium");
        profile.toFile().deleteOnExit();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1366,768", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void open(String hash) {
        driver.get(baseUrl + "/" + hash);
        waitReady();
    }

    private static void waitReady() {
        try {
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("view"), "data-ready", "true"));
        } catch (TimeoutException e) {
            throw new AssertionError("The dashboard view did not finish loading: " + driver.findElement(By.id("view")).getText(), e);
        }
        List<WebElement> problems = driver.findElements(By.id("problem"));
        if (!problems.isEmpty()) {
            fail("The dashboard shows an error: " + problems.get(0).getText());
        }
    }

    private static WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + by + "; the page shows: "
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** True when some pixel of the chart's canvas is not transparent. */
    private static boolean canvasHasInk(WebElement box) {
        return Boolean.TRUE.equals(js("const c = arguments[0].querySelector('canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false;", box));
    }

    /** A full-page PNG at the laptop width (1366 px), via DevTools so content below the fold is included. */
    private static void screenshot(String name) throws IOException {
        Files.createDirectories(screenshots);
        byte[] png;
        try {
            Object result = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true));
            png = Base64.getDecoder().decode((String) ((Map<?, ?>) result).get("data"));
        } catch (RuntimeException e) {
            png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        }
        Files.write(screenshots.resolve(name), png);
    }

    private static String cssEscape(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static Optional<String> setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The admin key ./imclab up stores, when IMCLAB_E2E_KEY is not set. */
    private static Optional<String> launcherKey() {
        String home = Optional.ofNullable(System.getenv("IMCLAB_HOME")).orElse(System.getProperty("user.home") + "/.imclab");
        Path file = Path.of(home, "admin.key");
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
