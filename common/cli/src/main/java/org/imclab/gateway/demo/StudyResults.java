package org.imclab.gateway.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Turns the services' answers into the demo's result lines. Field names follow the services' records:
 * DatasetVersion, TrainingJobHandler.Result, BasisNJobHandler.Result, CostComparison, NoisyAccuracyResult,
 * the pruning job's result map and the active-learning StudyResult. A missing figure prints as "n/a",
 * never as a made-up number.
 */
final class StudyResults {

    private StudyResults() {
    }

    /**
     * The data set version to reuse from a {@code GET /api/v1/datasets?name=} page (newest first): the newest
     * version of that name imported from the built-in source, else the newest of that name; null if none.
     */
    static JsonNode pickDataset(JsonNode page, String name) {
        JsonNode any = null;
        for (JsonNode v : page.path("items")) {
            if (!name.equals(Json.text(v, "/name"))) {
                continue;
            }
            if (("builtin:" + name).equals(Json.text(v, "/source"))) {
                return v;
            }
            if (any == null) {
                any = v;
            }
        }
        return any;
    }

    /** "mnist v1 (data set 1, builtin:mnist): 54000 train / 6000 val / 10000 test". */
    static String datasetLine(JsonNode v) {
        return String.format(Locale.ROOT, "%s v%s (data set %s, %s): %s train / %s val / %s test",
                Json.text(v, "/name"), Json.text(v, "/version"), Json.id(v, "/id"), Json.text(v, "/source"),
                Json.text(v, "/trainSize"), Json.text(v, "/valSize"), Json.text(v, "/testSize"));
    }

    /** Test accuracy and the registered model of a training job's result. */
    static List<String> trainingLines(JsonNode result, int epochs, double minAccuracy) {
        Double acc = Json.number(result, "/testAccuracy");
        String check = acc == null ? "no test accuracy in the result"
                : acc >= minAccuracy ? "reference >= " + Fmt.pct(minAccuracy) + ": met"
                : "reference >= " + Fmt.pct(minAccuracy) + ": NOT met";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "test accuracy %s on %s images (%s)", Fmt.pct(acc),
                orNa(Json.text(result, "/testSamples")), check));
        lines.add(String.format(Locale.ROOT, "%d epochs (best: %s); model %s v%s (id %s)", epochs,
                orNa(Json.text(result, "/bestEpoch")), Json.text(result, "/modelName"),
                Json.text(result, "/modelVersion"), Json.id(result, "/modelId")));
        return lines;
    }

    /** Accuracy against the source, X_B and groups of a BasisN job's result. */
    static List<String> basisNLines(JsonNode r) {
        Double acc = Json.number(r, "/testAccuracy");
        Double source = Json.number(r, "/baselineAccuracy");
        Double converted = Json.number(r, "/convertedAccuracy");
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "test accuracy %s vs source %s (%s); right after conversion %s",
                Fmt.pct(acc), Fmt.pct(source), Fmt.points(acc, source), Fmt.pct(converted)));
        lines.add(String.format(Locale.ROOT, "R=%s N=%s %s-bit: X_B = %s crossbars, mean groups used %s of %s, "
                + "coefficient sparsity %s", Json.text(r, "/rows"), Json.text(r, "/basisSize"),
                Json.text(r, "/coeffBits"), Json.text(r, "/basisCrossbars"), Fmt.num(Json.number(r, "/meanGroupsUsed"), 2),
                Json.text(r, "/groups"), Fmt.pct(Json.number(r, "/coefficientSparsity"), 1)));
        lines.add(String.format(Locale.ROOT, "model %s v%s (id %s)", Json.text(r, "/modelName"),
                Json.text(r, "/modelVersion"), Json.id(r, "/modelId")));
        return lines;
    }

    /**
     * BasisN / baseline ratios of a COST simulation's result (CostComparison), the baseline's crossbars and
     * programming rounds (0 rounds: its weights fit on the chip and are written once, so nothing is
     * reprogrammed per inference), and the operating point.
     */
    static List<String> costLines(JsonNode r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "BasisN/baseline: cycles %s, energy %s, EDP %s",
                Fmt.ratioPct(Json.number(r, "/ratios/cycles")), Fmt.ratioPct(Json.number(r, "/ratios/energy")),
                Fmt.ratioPct(Json.number(r, "/ratios/edp"))));
        Long rounds = Json.integer(r, "/baseline/programmingRounds");
        String programming = rounds == null ? "n/a programming rounds"
                : rounds == 0 ? "all resident, no reprogramming"
                : rounds + " programming rounds per batch";
        lines.add(String.format(Locale.ROOT, "baseline: %s crossbars, %s, %s cycles; BasisN: %s cycles",
                orNa(Json.text(r, "/baseline/crossbarsNeeded")), programming,
                cycles(Json.number(r, "/baseline/cycles")), cycles(Json.number(r, "/basisN/cycles"))));
        lines.add(String.format(Locale.ROOT, "%s, %s crossbars, batch %s; usage %s, N=%s, %s-bit, X_B=%s",
                Json.text(r, "/preset"), orNa(Json.text(r, "/baseline/crossbarBudget")),
                orNa(Json.text(r, "/baseline/batch")), Json.text(r, "/usage/source"), Json.text(r, "/usage/basisSize"),
                Json.text(r, "/usage/coeffBits"), Json.text(r, "/usage/basisCrossbars")));
        return lines;
    }

    private static String cycles(Double v) {
        return v == null ? "n/a" : Fmt.sig3(v);
    }

    /** Mean ± std accuracy per σ of a NOISY_ACCURACY result. */
    static List<String> noisyLines(JsonNode r) {
        List<String> parts = new ArrayList<>();
        for (JsonNode p : r.path("points")) {
            parts.add(String.format(Locale.ROOT, "sigma %s: %s+-%s%%", trim(Json.number(p, "/sigma")),
                    Fmt.num(scale(Json.number(p, "/mean")), 2), Fmt.num(scale(Json.number(p, "/std")), 2)));
        }
        List<String> lines = new ArrayList<>();
        lines.add(parts.isEmpty() ? "no points in the result"
                : "accuracy (mean+-std over chips) " + String.join(", ", parts));
        lines.add(String.format(Locale.ROOT, "%s, %s chips x %s images, float %s, %s-bit weights in %s-bit cells, "
                + "%s-bit ADC", Json.text(r, "/mapping"), Json.text(r, "/chips"), Json.text(r, "/samples"),
                Fmt.pct(Json.number(r, "/floatAccuracy")), Json.text(r, "/weightBits"), Json.text(r, "/bitsPerCell"),
                Json.text(r, "/adcBits")));
        return lines;
    }

    /** Accuracy and MAC reduction of a pruning job's result. */
    static List<String> pruningLines(JsonNode r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "accuracy %s -> %s (%s) at %s fewer MACs (%s -> %s)",
                Fmt.pct(Json.number(r, "/original/accuracy")), Fmt.pct(Json.number(r, "/final/accuracy")),
                Fmt.points(Json.number(r, "/final/accuracy"), Json.number(r, "/original/accuracy")),
                Fmt.pct(Json.number(r, "/final/macReduction"), 1), count(Json.number(r, "/original/macs")),
                count(Json.number(r, "/final/macs"))));
        String channels = channels(Json.node(r, "/final/channels"));
        lines.add(String.format(Locale.ROOT, "%s iterations (stop: %s), params %s fewer%s%s",
                orNa(Json.text(r, "/iterations")), orNa(Json.text(r, "/stopReason")),
                Fmt.pct(Json.number(r, "/final/paramReduction"), 1), channels.isEmpty() ? "" : ", channels " + channels,
                Json.id(r, "/registeredModelId") == null ? "" : ", model id " + Json.id(r, "/registeredModelId")));
        String registrationError = Json.text(r, "/registrationError");
        if (registrationError != null) {
            lines.add("not registered: " + Fmt.truncate(withoutBody(registrationError), 110));
        }
        return lines;
    }

    /** An error message without the response body it quotes (from the first {@code : "} or {@code : {} on). */
    static String withoutBody(String message) {
        String m = message.replaceAll("\\s+", " ").strip();
        int cut = -1;
        for (String marker : new String[] {": \"", ": {"}) {
            int i = m.indexOf(marker);
            if (i > 0 && (cut < 0 || i < cut)) {
                cut = i;
            }
        }
        return cut > 0 ? m.substring(0, cut) : m;
    }

    /** "class-aware - L1 at the same MAC budget: +0.15 pts". */
    static String pruningComparison(JsonNode classAware, JsonNode l1) {
        return String.format(Locale.ROOT, "class-aware vs L1 at matched MACs (%s vs %s fewer): %s accuracy",
                Fmt.pct(Json.number(classAware, "/final/macReduction"), 1),
                Fmt.pct(Json.number(l1, "/final/macReduction"), 1),
                Fmt.points(Json.number(classAware, "/final/accuracy"), Json.number(l1, "/final/accuracy")));
    }

    /**
     * The setting and one line per strategy of an active-learning StudyResult, in {@code order} (the request's
     * strategies; the stored result's map may come back in another order), then any others.
     */
    static List<String> activeLearningLines(JsonNode r, List<String> order) {
        List<String> lines = new ArrayList<>();
        Double target = Json.number(r, "/targetAccuracy");
        lines.add(String.format(Locale.ROOT, "%s: pool %s, test %s; %s, seeds %s; %s + %s/round -> %s labels",
                Json.text(r, "/dataset"), Json.text(r, "/poolSize"), Json.text(r, "/testSize"),
                classifier(Json.node(r, "/classifier")), seeds(Json.node(r, "/seeds")), Json.text(r, "/initialLabelled"),
                Json.text(r, "/batchSize"), Json.text(r, "/budget")));
        JsonNode summaries = r.path("summaries");
        List<String> names = new ArrayList<>();
        order.stream().filter(summaries::has).forEach(names::add);
        summaries.propertyNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        for (String name : names) {
            JsonNode s = summaries.path(name);
            Long toTarget = Json.integer(s, "/labelsToTarget");
            Double ratio = Json.number(s, "/ratioToRandom");
            String reach = target == null ? ""
                    : toTarget == null ? String.format(Locale.ROOT, ", %s not reached", Fmt.pct(target, 0))
                    : String.format(Locale.ROOT, ", %s at %d labels (%s random's)", Fmt.pct(target, 0), toTarget,
                            ratio == null ? "n/a x" : Fmt.num(ratio, 2) + "x");
            lines.add(String.format(Locale.ROOT, "%-" + width + "s AULC %s +- %s%s", name,
                    Fmt.num(Json.number(s, "/aulc"), 3), Fmt.num(Json.number(s, "/aulcStd"), 3), reach));
        }
        if ("knn".equalsIgnoreCase(Json.text(r, "/classifier/type")) && Long.valueOf(1).equals(
                Json.integer(r, "/classifier/k")) && names.contains("margin") && names.contains("random")) {
            lines.add("(1-NN votes are one-hot: margin's scores all tie, so it picks what random picks)");
        }
        return lines;
    }

    /** The first line of a failed job's error, shortened. */
    static String jobError(JsonNode job) {
        String error = Json.text(job, "/error");
        if (error == null || error.isBlank()) {
            return "no error message";
        }
        String first = error.strip().lines().findFirst().orElse("");
        return Fmt.truncate(first, 240);
    }

    private static String classifier(JsonNode c) {
        if (c == null) {
            return "classifier n/a";
        }
        String type = Json.text(c, "/type");
        if ("knn".equalsIgnoreCase(type)) {
            return "k-NN (k=" + orNa(Json.text(c, "/k")) + ")";
        }
        return type == null ? "classifier n/a" : type;
    }

    private static String seeds(JsonNode seeds) {
        if (seeds == null) {
            return "n/a";
        }
        List<String> s = new ArrayList<>();
        seeds.forEach(n -> s.add(n.asString()));
        return String.join(",", s);
    }

    private static String channels(JsonNode channels) {
        if (channels == null) {
            return "";
        }
        List<String> s = new ArrayList<>();
        for (var e : channels.properties()) {
            s.add(e.getKey() + "=" + e.getValue().asString());
        }
        return String.join(" ", s);
    }

    /** 416520 → "416.5k". */
    static String count(Double v) {
        if (v == null) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static Double scale(Double fraction) {
        return fraction == null ? null : 100 * fraction;
    }

    private static String trim(Double v) {
        if (v == null) {
            return "n/a";
        }
        String s = Fmt.num(v, 3);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String orNa(String s) {
        return s == null ? "n/a" : s;
    }
}
