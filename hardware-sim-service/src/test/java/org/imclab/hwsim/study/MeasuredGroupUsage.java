package org.imclab.hwsim.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.LayerBasisUsage;
import org.imclab.hwsim.simulations.RegisteredUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crossbar-group usage measured on trained group-lasso BasisN models (bench/basisn/group-usage.json, written by
 * bench/basisn/group-usage.sh): each run holds the usage record the basisn job registers ({@code basisN}: basis
 * size, coefficient bits, G groups and per layer the groups used and the nonzero coefficients).
 *
 * <p>Two uses. {@link #exact} reads one run's record through the same parser the API applies to
 * {@code basisN.fromModelId}, for costing the trained network itself. {@link #transfer} carries a measured profile
 * over to a network that was not trained here (the zoo's ResNet-18 and DenseNet-121): the share of crossbar groups
 * the trained layers used and the share of their coefficients that are nonzero, applied layer by layer. That is an
 * extrapolation from LeNet-5, and the study says so wherever it uses it.
 */
final class MeasuredGroupUsage {

    /** One trained model. */
    record Run(String data, long seed, int basisSize, double lambda, double testAccuracy, JsonNode basisN) {
    }

    /**
     * The runs of one (data set, N, λ), pooled over their layers and seeds.
     *
     * @param groupFraction Σ groupsUsed / Σ G over every layer of every run
     * @param density       Σ nonzero coefficients / Σ coefficients over every layer of every run
     * @param accuracies    test accuracy of each run, in file order
     */
    record Profile(String data, int basisSize, double lambda, int groups, List<Long> seeds, double groupFraction,
            double density, double[] accuracies) {

    }

    private MeasuredGroupUsage() {
    }

    static List<Run> read(Path file) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readAllBytes(file));
        List<Run> runs = new ArrayList<>();
        for (JsonNode r : root.get("runs")) {
            runs.add(new Run(r.get("data").asString(), r.get("seed").asLong(), r.get("basisSize").asInt(),
                    r.get("lambda").asDouble(), r.get("testAccuracy").asDouble(), r.get("basisN")));
        }
        return runs;
    }

    /** The runs ordered by data set (as the file first names them), λ, N, then seed. */
    static List<Run> sorted(List<Run> runs) {
        List<String> datasets = runs.stream().map(Run::data).distinct().toList();
        return runs.stream().sorted(java.util.Comparator.comparingInt((Run r) -> datasets.indexOf(r.data()))
                .thenComparingDouble(Run::lambda).thenComparingInt(Run::basisSize).thenComparingLong(Run::seed))
                .toList();
    }

    /** One profile per (data set, N, λ), in {@link #sorted} order. */
    static List<Profile> profiles(List<Run> runs) {
        Map<String, List<Run>> byKey = new LinkedHashMap<>();
        sorted(runs).forEach(r -> byKey.computeIfAbsent(r.data() + "|" + r.basisSize() + "|" + r.lambda(),
                k -> new ArrayList<>()).add(r));
        List<Profile> out = new ArrayList<>();
        for (List<Run> rs : byKey.values()) {
            long used = 0;
            long available = 0;
            long nonzero = 0;
            long coefficients = 0;
            for (Run r : rs) {
                int g = r.basisN().get("groups").asInt();
                for (JsonNode layer : r.basisN().get("perLayer")) {
                    used += layer.get("groupsUsed").asLong();
                    available += g;
                    nonzero += layer.get("nonzeroCoefficients").asLong();
                    coefficients += layer.get("coefficients").asLong();
                }
            }
            Run first = rs.get(0);
            out.add(new Profile(first.data(), first.basisSize(), first.lambda(), first.basisN().get("groups").asInt(),
                    rs.stream().map(Run::seed).toList(), (double) used / available, (double) nonzero / coefficients,
                    rs.stream().mapToDouble(Run::testAccuracy).toArray()));
        }
        return out;
    }

    /** The run's own usage, read as {@code basisN.fromModelId} reads a registered model's record. */
    static BasisNUsage exact(Run run, ModelSpec spec, List<LayerInfo> layers, CrossbarParams params) {
        RegisteredUsage.Parsed parsed = RegisteredUsage.parse(run.basisN(), spec, layers, params);
        if (!parsed.denseFallback().isEmpty()) {
            throw new IllegalArgumentException("run " + run.data() + " seed " + run.seed() + " lists no usage for "
                    + parsed.denseFallback());
        }
        return parsed.usage();
    }

    /**
     * A measured profile applied to another network: per layer, groupsUsed = ceil(groupFraction · X_B) within
     * 1..X_B, and nnz = ceil(density · dense nnz), where the dense nnz is S_l · N · M_l at the profile's N.
     */
    static BasisNUsage transfer(Profile p, List<LayerInfo> layers, int coeffBits, CrossbarParams params) {
        BasisNUsage dense = BasisNUsage.dense(layers, p.basisSize(), coeffBits, params);
        long xb = dense.basisCrossbars(params);
        Map<String, LayerBasisUsage> out = new LinkedHashMap<>();
        dense.layers().forEach((name, u) -> {
            // 1e-9: a fraction such as 0.25 · 4 must give 1 group, not 2 from rounding noise.
            long groups = Math.max(1, Math.min(xb, (long) Math.ceil(p.groupFraction() * xb - 1e-9)));
            long nnz = (long) Math.ceil(p.density() * u.nonzeroCoefficients() - 1e-9);
            out.put(name, new LayerBasisUsage((int) groups, nnz));
        });
        return new BasisNUsage(p.basisSize(), coeffBits, out);
    }
}
