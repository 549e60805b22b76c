package org.imclab.gateway.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reference study's knobs, read from {@code IMCLAB_DEMO_*} environment variables (docs/demo.md). Every
 * value has a default sized for a 2-core machine; a malformed value stops the demo before anything is
 * submitted, naming the variable.
 */
record DemoSettings(
        String experiment,
        Set<Integer> steps,
        int pollSeconds,
        int jobTimeoutSeconds,
        int columns,
        // step 2: LeNet-5 training
        int epochs,
        double learningRate,
        int batchSize,
        Integer threads,
        double minAccuracy,
        Long reuseModelId,
        // step 3: BasisN conversion
        int basisRows,
        int basisSize,
        int coeffBits,
        int basisEpochs,
        double basisLearningRate,
        // step 4: simulations
        String preset,
        int crossbars,
        boolean noise,
        List<Double> noiseSigmas,
        int noiseChips,
        int noiseSamples,
        // step 5: pruning
        Double pruneTarget,
        int pruneIterations,
        int pruneSamples,
        // step 6: active learning
        int alK,
        List<String> alStrategies,
        List<Long> alSeeds,
        int alInitial,
        int alBatch,
        int alBudget,
        double alTarget) {

    static final Set<Integer> ALL_STEPS = Set.of(1, 2, 3, 4, 5, 6);

    /** A variable that does not parse. */
    static final class InvalidSetting extends IllegalArgumentException {
        InvalidSetting(String name, String value, String expected) {
            super(name + "='" + value + "' is not " + expected);
        }
    }

    static DemoSettings fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        Double target = r.decimal("IMCLAB_DEMO_PRUNE_TARGET", 0.4);
        return new DemoSettings(
                r.text("IMCLAB_DEMO_EXPERIMENT", "demo"),
                r.steps("IMCLAB_DEMO_STEPS"),
                r.integer("IMCLAB_DEMO_POLL_SECONDS", 2, 1, 60),
                r.integer("IMCLAB_DEMO_JOB_TIMEOUT", 3600, 0, Integer.MAX_VALUE),
                Math.max(40, r.integer("IMCLAB_DEMO_COLUMNS", 120, 1, 100_000)),
                r.integer("IMCLAB_DEMO_EPOCHS", 4, 1, 1000),
                r.decimal("IMCLAB_DEMO_LR", 0.001),
                r.integer("IMCLAB_DEMO_BATCH", 64, 1, 8192),
                r.optionalInteger("IMCLAB_DEMO_THREADS"),
                r.decimal("IMCLAB_DEMO_MIN_ACCURACY", 0.985),
                r.optionalLong("IMCLAB_DEMO_MODEL_ID"),
                r.integer("IMCLAB_DEMO_BASISN_ROWS", 128, 1, 4096),
                r.integer("IMCLAB_DEMO_BASISN_SIZE", 64, 1, 4096),
                r.integer("IMCLAB_DEMO_BASISN_BITS", 4, 1, 32),
                r.integer("IMCLAB_DEMO_BASISN_EPOCHS", 1, 1, 1000),
                r.decimal("IMCLAB_DEMO_BASISN_LR", 0.001),
                r.text("IMCLAB_DEMO_PRESET", "isaac-puma"),
                r.integer("IMCLAB_DEMO_CROSSBARS", 64, 1, 1_000_000),
                r.flag("IMCLAB_DEMO_NOISE", true),
                r.decimals("IMCLAB_DEMO_NOISE_SIGMAS", "0,0.1,0.3"),
                r.integer("IMCLAB_DEMO_NOISE_CHIPS", 3, 1, 1000),
                r.integer("IMCLAB_DEMO_NOISE_SAMPLES", 2000, 0, Integer.MAX_VALUE),
                target == null || target <= 0 ? null : target,
                r.integer("IMCLAB_DEMO_PRUNE_ITERATIONS", 3, 1, 1000),
                r.integer("IMCLAB_DEMO_PRUNE_SAMPLES", 10000, 0, Integer.MAX_VALUE),
                r.integer("IMCLAB_DEMO_AL_K", 1, 1, 100),
                r.words("IMCLAB_DEMO_AL_STRATEGIES", "random,margin,deepfool"),
                r.longs("IMCLAB_DEMO_AL_SEEDS", "1,2,3"),
                r.integer("IMCLAB_DEMO_AL_INITIAL", 20, 1, 100_000),
                r.integer("IMCLAB_DEMO_AL_BATCH", 20, 1, 100_000),
                r.integer("IMCLAB_DEMO_AL_BUDGET", 300, 2, 1_000_000),
                r.decimal("IMCLAB_DEMO_AL_TARGET", 0.95));
    }

    boolean runs(int step) {
        return steps.contains(step);
    }

    /**
     * The API key: {@code IMCLAB_API_KEY}, else {@code IMCLAB_ADMIN_KEY}, else {@code $IMCLAB_HOME/admin.key}
     * ({@code ~/.imclab} by default), the launcher's order. Null when none is found.
     */
    static String apiKey(Map<String, String> env) throws java.io.IOException {
        for (String name : List.of("IMCLAB_API_KEY", "IMCLAB_ADMIN_KEY")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        Path file = keyFile(env);
        if (Files.isRegularFile(file)) {
            String v = Files.readString(file).replaceAll("\\s", "");
            return v.isEmpty() ? null : v;
        }
        return null;
    }

    static Path keyFile(Map<String, String> env) {
        String home = env.get("IMCLAB_HOME");
        Path dir = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".imclab");
        return dir.resolve("admin.key");
    }

    /** Parses variables with defaults. */
    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        private String raw(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v.strip();
        }

        String text(String name, String def) {
            String v = raw(name);
            return v == null ? def : v;
        }

        boolean flag(String name, boolean def) {
            String v = raw(name);
            if (v == null) {
                return def;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on" -> true;
                case "0", "false", "no", "off" -> false;
                default -> throw new InvalidSetting(name, v, "1/0, true/false, yes/no or on/off");
            };
        }

        int integer(String name, int def, int min, int max) {
            String v = raw(name);
            if (v == null) {
                return def;
            }
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    throw new InvalidSetting(name, v, "an integer in [" + min + ", " + max + "]");
                }
                return i;
            } catch (NumberFormatException e) {
                throw new InvalidSetting(name, v, "an integer");
            }
        }

        Integer optionalInteger(String name) {
            return raw(name) == null ? null : integer(name, 0, 0, 1024);
        }

        Long optionalLong(String name) {
            String v = raw(name);
            if (v == null) {
                return null;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new InvalidSetting(name, v, "an integer id");
            }
        }

        Double decimal(String name, double def) {
            String v = raw(name);
            if (v == null) {
                return def;
            }
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new InvalidSetting(name, v, "a finite number");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new InvalidSetting(name, v, "a number");
            }
        }

        List<Double> decimals(String name, String def) {
            List<Double> out = new ArrayList<>();
            for (String w : split(text(name, def))) {
                try {
                    out.add(Double.parseDouble(w));
                } catch (NumberFormatException e) {
                    throw new InvalidSetting(name, text(name, def), "a comma-separated list of numbers");
                }
            }
            if (out.isEmpty()) {
                throw new InvalidSetting(name, text(name, def), "a non-empty list");
            }
            return List.copyOf(out);
        }

        List<Long> longs(String name, String def) {
            List<Long> out = new ArrayList<>();
            for (String w : split(text(name, def))) {
                try {
                    out.add(Long.parseLong(w));
                } catch (NumberFormatException e) {
                    throw new InvalidSetting(name, text(name, def), "a comma-separated list of integers");
                }
            }
            if (out.isEmpty()) {
                throw new InvalidSetting(name, text(name, def), "a non-empty list");
            }
            return List.copyOf(out);
        }

        List<String> words(String name, String def) {
            List<String> out = split(text(name, def));
            if (out.isEmpty()) {
                throw new InvalidSetting(name, text(name, def), "a non-empty list");
            }
            return out;
        }

        Set<Integer> steps(String name) {
            String v = raw(name);
            if (v == null) {
                return ALL_STEPS;
            }
            Set<Integer> out = new LinkedHashSet<>();
            for (String w : split(v)) {
                try {
                    int s = Integer.parseInt(w);
                    if (!ALL_STEPS.contains(s)) {
                        throw new NumberFormatException();
                    }
                    out.add(s);
                } catch (NumberFormatException e) {
                    throw new InvalidSetting(name, v, "a comma-separated list of step numbers 1-6");
                }
            }
            return Set.copyOf(out);
        }

        private static List<String> split(String v) {
            List<String> out = new ArrayList<>();
            for (String w : v.split("[,\\s]+")) {
                if (!w.isBlank()) {
                    out.add(w.strip());
                }
            }
            return out;
        }
    }
}
