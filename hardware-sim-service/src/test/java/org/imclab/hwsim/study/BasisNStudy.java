package org.imclab.hwsim.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.stats.BenchStatistics;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CostReport;
import org.imclab.hwsim.cost.CrossbarCostModel;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.EnergyBreakdown;
import org.imclab.hwsim.cost.LayerBasisUsage;
import org.imclab.hwsim.cost.LayerCost;
import org.imclab.hwsim.cost.ReplicaPolicy;
import org.imclab.hwsim.cost.Sweep;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.cost.SweepPoint;
import org.imclab.hwsim.cost.SweepResult;
import org.imclab.hwsim.presets.CrossbarPresets;

/**
 * The README study of issue 5: BasisN against the reprogramming baseline for ResNet-18 and
 * DenseNet-121 at ImageNet and CIFAR-100 shapes on 64 crossbars of 128x128 (isaac-puma, 10
 * write-verify iterations, batch 1), with sweeps over the crossbar budget, the batch size and the
 * digital unit's throughput. Everything is computed by the cost model from the zoo specs' layer shapes. The
 * BasisN usages: dense (the stated worst case), and the group-lasso usage measured on trained BasisN LeNet-5
 * models (bench/basisn/group-usage.json), carried over to these networks by {@link MeasuredGroupUsage#transfer}
 * and also costed exactly on LeNet-5 itself.
 *
 * <p>Run through bench/hwsim/study.sh. Arguments: the report path (default bench/hwsim/study.md) and the measured
 * usage (default bench/basisn/group-usage.json).
 */
public final class BasisNStudy {

    static final int CROSSBARS = 64;
    static final int BATCH = 1;
    static final int WRITE_VERIFY = 10;
    static final int COEFF_BITS = 4;
    static final int[] BASIS_SIZES = {64, 128};
    static final double CLAIM = 0.01;

    private final CrossbarCostModel model = new CrossbarCostModel();
    private final Sweep sweep = new Sweep(model);
    private final CrossbarParams params = CrossbarPresets.get(CrossbarPresets.ISAAC_PUMA,
            Map.of("writeVerifyIterations", WRITE_VERIFY));
    private final StringBuilder md = new StringBuilder();

    /** One network at one input shape. */
    record Net(String label, ModelSpec spec, List<LayerInfo> layers) {
        static Net of(String label, ModelSpec spec) {
            return new Net(label, spec, SpecAnalysis.analyze(spec).layers());
        }
    }

    /**
     * Which BasisN usage is charged: dense (data null), or the group-lasso usage measured on models trained on
     * {@code data} with {@code lambda} and transferred to the network ({@link MeasuredGroupUsage#transfer}).
     */
    record Usage(String label, String data, double lambda) {
        static final Usage DENSE = new Usage("dense", null, 0);
    }

    private final List<MeasuredGroupUsage.Run> runs;
    private final List<MeasuredGroupUsage.Profile> profiles;
    private final List<Usage> usages = new ArrayList<>();

    BasisNStudy(List<MeasuredGroupUsage.Run> runs) {
        this.runs = MeasuredGroupUsage.sorted(runs);
        this.profiles = MeasuredGroupUsage.profiles(runs);
        usages.add(Usage.DENSE);
        profiles.stream().map(p -> new Usage("group lasso λ = " + lambda(p.lambda()) + ", measured on " + p.data()
                + " LeNet-5", p.data(), p.lambda())).distinct().forEach(usages::add);
    }

    /** Dense, then one measured usage per data set the trained models cover. */
    List<Usage> usages() {
        return usages;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/hwsim/study.md");
        Path measured = Path.of(args.length > 1 ? args[1] : "bench/basisn/group-usage.json");
        BasisNStudy study = new BasisNStudy(MeasuredGroupUsage.read(measured));
        study.run();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, study.md.toString());
        System.out.print(study.md);
    }

    static List<Net> networks() {
        List<Net> nets = new ArrayList<>();
        int[] imagenet = {3, 224, 224};
        int[] cifar = {3, 32, 32};
        nets.add(Net.of("ResNet-18, ImageNet 3x224x224, 1000 classes", ModelZoo.byName("resnet18", imagenet, 1000)));
        nets.add(Net.of("DenseNet-121, ImageNet 3x224x224, 1000 classes", ModelZoo.byName("densenet121", imagenet, 1000)));
        nets.add(Net.of("ResNet-18 (CIFAR stem), CIFAR-100 3x32x32, 100 classes",
                cifarStem(ModelZoo.byName("resnet18", cifar, 100), "conv1", "pool1")));
        nets.add(Net.of("DenseNet-121 (CIFAR stem), CIFAR-100 3x32x32, 100 classes",
                cifarStem(ModelZoo.byName("densenet121", cifar, 100), "conv0", "pool0")));
        return nets;
    }

    /**
     * The CIFAR variant of an ImageNet topology, as CIFAR ResNet/DenseNet-121 code bases build it: the
     * 7x7/2 stem conv becomes 3x3/1 (same width) and the 3x3/2 max pool after it is removed; readers of
     * the pool read the layer before it.
     */
    static ModelSpec cifarStem(ModelSpec spec, String stem, String pool) {
        int poolIndex = spec.indexOf(pool);
        String beforePool = spec.layers().get(poolIndex - 1).name();
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            if (l.name().equals(pool)) {
                continue;
            }
            if (l.name().equals(stem)) {
                l = LayerSpec.conv(stem, l.out(), 3, 1, 1, false);
            }
            if (l.inputs() != null && l.inputs().contains(pool)) {
                l = l.withInputs(l.inputs().stream().map(n -> n.equals(pool) ? beforePool : n).toList());
            }
            layers.add(l);
        }
        return new ModelSpec(spec.name() + "-cifar", spec.input(), spec.classes(), layers, spec.basis());
    }

    /**
     * Dense: every layer uses all X_B groups and every coefficient is nonzero. Measured: the group share and
     * coefficient density of the group-lasso models trained on the usage's data set with its λ at the same N, carried
     * over layer by layer; null when no such model was trained.
     */
    BasisNUsage usage(Net net, int n, Usage kind, CrossbarParams p) {
        if (kind.data() == null) {
            return BasisNUsage.dense(net.layers(), n, COEFF_BITS, p);
        }
        return profiles.stream().filter(pr -> pr.data().equals(kind.data()) && pr.lambda() == kind.lambda()
                && pr.basisSize() == n).findFirst()
                .map(pr -> MeasuredGroupUsage.transfer(pr, net.layers(), COEFF_BITS, p)).orElse(null);
    }

    void run() {
        List<Net> nets = networks();
        header(nets);
        measured();
        trainedLeNet();
        headline(nets);
        breakdown(nets.get(0));
        crossbarSweep(nets);
        batchSweep(nets);
        writeVerifySweep(nets);
        digitalSweep(nets);
    }

    private void header(List<Net> nets) {
        md.append("# BasisN vs. weight-stationary reprogramming: cost-model study\n\n");
        md.append("Generated by `bench/hwsim/study.sh` (`org.imclab.hwsim.study.BasisNStudy`, test sources of "
                + "hardware-sim-service) on ")
                .append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(". Every number below is computed by `CrossbarCostModel` from the zoo specs' layer shapes; "
                        + "nothing is measured on hardware and nothing is copied from the paper.\n\n");
        md.append("## Setup\n\n");
        md.append("| what | value |\n|---|---|\n");
        md.append("| chip | ").append(CROSSBARS).append(" crossbars of ").append(params.rows()).append("x")
                .append(params.cols()).append(", preset `isaac-puma` (").append(params.bitsPerCell())
                .append(" bits/cell, ").append(params.weightBits()).append("-bit weights -> ")
                .append(params.cellsPerValue()).append(" cells per value, ").append(params.inputBits())
                .append("-bit inputs over ").append(params.dacBits()).append("-bit DACs -> ")
                .append(params.inputCycles()).append(" cycles per input vector, cycle ")
                .append(fmt(params.cycleNs())).append(" ns) |\n");
        md.append("| programming | ").append(params.writeVerifyIterations()).append(" write-verify iterations, ")
                .append(fmt(params.writeLatencyPerRowNs())).append(" ns per row write, ")
                .append(params.parallelWriteCrossbars()).append(" crossbars written in parallel, ")
                .append(fmt(params.writeEnergyPerCellPj())).append(" pJ per cell write |\n");
        md.append("| batch | ").append(BATCH).append(" (baseline reprograms every round once per batch) |\n");
        md.append("| BasisN | N = 64 and 128, ").append(COEFF_BITS).append("-bit coefficients, X_B = ceil(N x ")
                .append(params.cellsPerValue()).append(" / ").append(params.cols()).append(") = ")
                .append(BasisNUsage.basisCrossbars(64, params)).append(" and ")
                .append(BasisNUsage.basisCrossbars(128, params)).append(" basis crossbars, replica policy PER_GROUP |\n");
        md.append("| digital unit | ").append(fmt(params.digitalMacsPerCycle())).append(" MACs per cycle, ")
                .append(fmt(params.digitalMacEnergyPj())).append(" pJ per MAC |\n");
        md.append("| networks | ");
        for (int i = 0; i < nets.size(); i++) {
            Net n = nets.get(i);
            long weightLayers = n.layers().stream().filter(LayerInfo::isWeightLayer).count();
            md.append(i == 0 ? "" : "; ").append(n.label()).append(" (").append(weightLayers).append(" conv/linear layers)");
        }
        md.append(" |\n\n");
        md.append("**CIFAR-100 shapes.** The zoo has no CIFAR ResNet-18 or DenseNet-121, so the study derives "
                + "them from the ImageNet topologies as CIFAR code bases do: the 7x7/2 stem becomes a 3x3/1 conv of "
                + "the same width and the 3x3/2 max pool is removed; the rest, and the 100-class classifier, is "
                + "unchanged.\n\n");
        md.append("**BasisN usage.** *Dense* (assumed): every layer uses all X_B crossbar groups and every "
                + "coefficient is nonzero, nnz(c_l) = S_l x N x M_l, the worst case for BasisN. *Group lasso, measured "
                + "on D LeNet-5*: no BasisN ResNet-18 or DenseNet-121 is trained here, so the study takes the usage of "
                + "group-lasso BasisN LeNet-5 models trained on data set D (`bench/basisn/group-usage.sh`, committed as "
                + "`bench/basisn/group-usage.json`; the next section lists them) and carries it over layer by layer: "
                + "groupsUsed = ceil(g x X_B) and nnz = ceil(d x dense nnz), where g is the share of crossbar groups "
                + "and d the share of nonzero coefficients over all layers and seeds of the trained models at the same "
                + "N. That transfer from a 5-layer network to 21- and 121-layer networks is an extrapolation, not a "
                + "measurement of those networks; the section after next costs the trained LeNet-5 models themselves "
                + "with their exact per-layer usage.\n\n");
        md.append("Claim checked: BasisN's cycles per inference **and** EDP below ").append(pct(CLAIM))
                .append(" of the reprogramming baseline.\n\n");
    }

    /** The measured usage the study charges: one row per (data set, N), pooled over seeds, and every run's layers. */
    private void measured() {
        md.append("## Measured group usage of the trained group-lasso models\n\n");
        md.append("From `bench/basisn/group-usage.json` (LeNet-5, BasisN from scratch, R = 128, ").append(COEFF_BITS)
                .append("-bit coefficients, G = X_B groups, proximal group lasso with ordered weights; the protocol "
                        + "block of the file gives epochs and data sizes). Groups share g = Σ groupsUsed / Σ G and "
                        + "density d = Σ nonzero / Σ coefficients, over all layers of the n seeds.\n\n");
        md.append("| data | N | G | λ | n (seeds) | test accuracy | groups share g | coefficient density d |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (MeasuredGroupUsage.Profile p : profiles) {
            md.append("| ").append(p.data()).append(" | ").append(p.basisSize()).append(" | ").append(p.groups())
                    .append(" | ").append(lambda(p.lambda())).append(" | ").append(p.seeds().size()).append(" ")
                    .append(p.seeds()).append(" | ").append(String.format(Locale.ROOT, "%.2f ± %.2f %%",
                            100 * BenchStatistics.mean(p.accuracies()), 100 * BenchStatistics.std(p.accuracies())))
                    .append(" | ").append(String.format(Locale.ROOT, "%.3f", p.groupFraction())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", p.density())).append(" |\n");
        }
        md.append("\nPer run and layer: groups used / G, nonzero / total coefficients.\n\n");
        List<String> layerNames = new ArrayList<>();
        runs.forEach(r -> r.basisN().get("perLayer").propertyNames().forEach(n -> {
            if (!layerNames.contains(n)) {
                layerNames.add(n);
            }
        }));
        md.append("| data | N | λ | seed | test accuracy |");
        layerNames.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append("\n|---|---|---|---|---|").append("---|".repeat(layerNames.size())).append("\n");
        for (MeasuredGroupUsage.Run r : runs) {
            md.append("| ").append(r.data()).append(" | ").append(r.basisSize()).append(" | ").append(lambda(r.lambda()))
                    .append(" | ").append(r.seed()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f %%", 100 * r.testAccuracy())).append(" |");
            int g = r.basisN().get("groups").asInt();
            for (String n : layerNames) {
                var l = r.basisN().get("perLayer").get(n);
                md.append(' ').append(l.get("groupsUsed").asInt()).append('/').append(g).append(", ")
                        .append(l.get("nonzeroCoefficients").asLong()).append(" / ").append(l.get("coefficients").asLong())
                        .append(" |");
            }
            md.append("\n");
        }
        md.append("\n");
    }

    /**
     * The trained LeNet-5 models costed with their own per-layer usage (read as basisN.fromModelId reads a
     * registered model), against the reprogramming baseline of the same LeNet-5, over crossbar budgets: mean ± std
     * of the per-seed ratios, n stated.
     */
    private void trainedLeNet() {
        ModelSpec lenet = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
        List<LayerInfo> layers = SpecAnalysis.analyze(lenet).layers();
        int[] budgets = {4, 8, 16, 32, 64};
        md.append("## The trained LeNet-5 models on the chip, with their measured usage\n\n");
        md.append("LeNet-5 (MNIST shape 1x28x28, 10 classes) against its own reprogramming baseline, batch ").append(BATCH)
                .append(". Cells give cycles ratio / EDP ratio (BasisN / baseline), mean ± std over the n seeds of each "
                        + "row; baseline rounds in brackets (0 = LeNet-5 is resident and programmed once). *dense* is "
                        + "the same LeNet-5 with every group and coefficient used, for comparison.\n\n");
        md.append("| data | N | λ | usage | n |");
        for (int x : budgets) {
            md.append(" X = ").append(x).append(" |");
        }
        md.append("\n|---|---|---|---|---|").append("---|".repeat(budgets.length)).append("\n");
        for (int n : profiles.stream().mapToInt(MeasuredGroupUsage.Profile::basisSize).distinct().sorted().toArray()) {
            // The dense LeNet-5 of this N, once, then every measured (data set, λ) of this N.
            lenetRow("—", n, "—", "dense", List.of(BasisNUsage.dense(layers, n, COEFF_BITS, params)), layers, budgets);
            for (MeasuredGroupUsage.Profile p : profiles) {
                if (p.basisSize() != n) {
                    continue;
                }
                List<BasisNUsage> measured = runs.stream().filter(r -> r.data().equals(p.data())
                        && r.basisSize() == n && r.lambda() == p.lambda())
                        .map(r -> MeasuredGroupUsage.exact(r, lenet, layers, params)).toList();
                lenetRow(p.data(), n, lambda(p.lambda()), "measured (group lasso)", measured, layers, budgets);
            }
        }
        md.append("\n");
    }

    /** One row of the LeNet-5 table: mean ± std over the usages (seeds) of the ratios at every budget. */
    private void lenetRow(String data, int n, String lambda, String label, List<BasisNUsage> us, List<LayerInfo> layers,
            int[] budgets) {
        md.append("| ").append(data).append(" | ").append(n).append(" | ").append(lambda).append(" | ").append(label)
                .append(" | ").append(us.size()).append(" |");
        for (int x : budgets) {
            if (x < us.get(0).basisCrossbars(params)) {
                md.append(" n/a |");
                continue;
            }
            CostReport base = model.reprogramming(layers, params, x, BATCH);
            double[] cr = new double[us.size()];
            double[] er = new double[us.size()];
            for (int i = 0; i < us.size(); i++) {
                CostReport b = model.basisN(layers, params, x, BATCH, us.get(i), ReplicaPolicy.PER_GROUP);
                cr[i] = b.cycles() / base.cycles();
                er[i] = b.edpPjNs() / base.edpPjNs();
            }
            md.append(' ').append(pct(BenchStatistics.mean(cr)));
            if (us.size() > 1) {
                md.append(" ± ").append(pct(BenchStatistics.std(cr)));
            }
            md.append(" / ").append(pct(BenchStatistics.mean(er)));
            if (us.size() > 1) {
                md.append(" ± ").append(pct(BenchStatistics.std(er)));
            }
            md.append(" (").append(base.programmingRounds()).append(") |");
        }
        md.append("\n");
    }

    private void headline(List<Net> nets) {
        md.append("## Headline: X = ").append(CROSSBARS).append(", batch ").append(BATCH).append("\n\n");
        md.append("| network | N | usage | baseline crossbars needed | baseline rounds | baseline cycles | BasisN cycles "
                + "| cycles ratio | baseline EDP (J·s) | BasisN EDP (J·s) | EDP ratio | energy ratio | claim (< 1%) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int holds = 0;
        int total = 0;
        double minRatio = Double.MAX_VALUE;
        double maxRatio = 0;
        for (Net net : nets) {
            CostReport base = model.reprogramming(net.layers(), params, CROSSBARS, BATCH);
            for (int n : BASIS_SIZES) {
                for (Usage kind : usages) {
                    BasisNUsage u = usage(net, n, kind, params);
                    if (u == null) {
                        continue;
                    }
                    CostReport b = model.basisN(net.layers(), params, CROSSBARS, BATCH, u, ReplicaPolicy.PER_GROUP);
                    double cr = b.cycles() / base.cycles();
                    double er = b.edpPjNs() / base.edpPjNs();
                    boolean ok = cr < CLAIM && er < CLAIM;
                    holds += ok ? 1 : 0;
                    total++;
                    minRatio = Math.min(minRatio, Math.max(cr, er));
                    maxRatio = Math.max(maxRatio, Math.max(cr, er));
                    md.append("| ").append(net.label()).append(" | ").append(n).append(" | ").append(kind.label())
                            .append(" | ").append(base.crossbarsNeeded()).append(" | ").append(base.programmingRounds())
                            .append(" | ").append(sci(base.cycles())).append(" | ").append(sci(b.cycles()))
                            .append(" | ").append(pct(cr)).append(" | ").append(sci(base.edpJs())).append(" | ")
                            .append(sci(b.edpJs())).append(" | ").append(pct(er)).append(" | ")
                            .append(pct(b.energyPj() / base.energyPj())).append(" | ")
                            .append(ok ? "holds" : "fails").append(" |\n");
                }
            }
        }
        md.append("\nThe claim holds in ").append(holds).append(" of ").append(total)
                .append(" configurations; the larger of the two ratios ranges from ").append(pct(minRatio))
                .append(" to ").append(pct(maxRatio)).append(".\n\n");
    }

    private void breakdown(Net net) {
        CostReport base = model.reprogramming(net.layers(), params, CROSSBARS, BATCH);
        md.append("## Where time and energy go: ").append(net.label()).append(", X = ").append(CROSSBARS)
                .append(", batch ").append(BATCH).append("\n\n");
        md.append("| mapping | compute cycles | programming cycles | digital-bound layers | array read (pJ) | ADC (pJ) "
                + "| DAC (pJ) | digital MAC (pJ) | programming (pJ) | one-time programming (pJ, not per inference) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        row("baseline (reprogramming)", base);
        for (int n : BASIS_SIZES) {
            for (Usage kind : usages) {
                BasisNUsage u = usage(net, n, kind, params);
                if (u != null) {
                    row("BasisN N = " + n + ", " + kind.label(), model.basisN(net.layers(), params, CROSSBARS, BATCH,
                            u, ReplicaPolicy.PER_GROUP));
                }
            }
        }
        md.append("\n");
    }

    private void row(String label, CostReport r) {
        EnergyBreakdown e = r.energy();
        long digitalBound = r.layers().stream().filter(l -> l.digitalCycles() > l.computeCycles()).count();
        md.append("| ").append(label).append(" | ").append(sci(r.computeCycles())).append(" | ")
                .append(sci(r.programmingCycles())).append(" | ").append(digitalBound).append(" of ")
                .append(r.layers().size()).append(" | ").append(sci(e.arrayReadPj())).append(" | ").append(sci(e.adcPj()))
                .append(" | ").append(sci(e.dacPj())).append(" | ").append(sci(e.digitalMacPj())).append(" | ")
                .append(sci(e.programmingPj())).append(" | ").append(sci(r.oneTimeProgramming().energyPj())).append(" |\n");
    }

    private void crossbarSweep(List<Net> nets) {
        md.append("## Sweep: crossbar budget X (batch ").append(BATCH).append(", N = 64)\n\n");
        md.append("Cells give cycles ratio / EDP ratio (BasisN / baseline); `n/a` where X < X_B. "
                + "Baseline rounds in brackets (0 = the whole network is resident and programmed once).\n\n");
        List<Number> xs = SweepAxis.CROSSBARS.defaultValues();
        sweepTable(nets, SweepAxis.CROSSBARS, xs, "X");
    }

    private void batchSweep(List<Net> nets) {
        md.append("## Sweep: batch size (X = ").append(CROSSBARS).append(", N = 64)\n\n");
        md.append("The baseline's programming is shared by the batch; BasisN's cost per inference does not depend on it. "
                + "Cells give cycles ratio / EDP ratio.\n\n");
        List<Number> bs = new ArrayList<>();
        for (int b = 1; b <= 256; b *= 2) {
            bs.add(b);
        }
        sweepTable(nets, SweepAxis.BATCH, bs, "batch");
    }

    private void writeVerifySweep(List<Net> nets) {
        md.append("## Sweep: write-verify iterations (X = ").append(CROSSBARS).append(", batch ").append(BATCH)
                .append(", N = 64)\n\n");
        md.append("How slow programming must be for the claim to hold: each iteration rewrites every row at ")
                .append(fmt(params.writeLatencyPerRowNs())).append(" ns. Cells give cycles ratio / EDP ratio.\n\n");
        sweepTable(nets, SweepAxis.WRITE_VERIFY_ITERATIONS, List.of(1, 10, 100, 1000, 10000), "iterations");
    }

    private void sweepTable(List<Net> nets, SweepAxis axis, List<Number> xs, String name) {
        md.append("| network | usage |");
        xs.forEach(x -> md.append(' ').append(name).append(" = ").append(x).append(" |"));
        md.append("\n|---|---|");
        xs.forEach(x -> md.append("---|"));
        md.append("\n");
        List<String> crossings = new ArrayList<>();
        for (Net net : nets) {
            for (Usage kind : usages) {
                BasisNUsage u = usage(net, 64, kind, params);
                if (u == null) {
                    continue;
                }
                SweepResult r = sweep.sweep(net.layers(), params, u, axis, xs, CROSSBARS, BATCH, ReplicaPolicy.PER_GROUP);
                md.append("| ").append(net.label()).append(" | ").append(kind.label()).append(" |");
                List<Number> holding = new ArrayList<>();
                for (SweepPoint p : r.points()) {
                    if (p.cycleRatio() == null) {
                        md.append(" n/a |");
                        continue;
                    }
                    boolean ok = p.cycleRatio() < CLAIM && p.edpRatio() < CLAIM;
                    if (ok) {
                        holding.add(p.value());
                    }
                    md.append(' ').append(ok ? "" : "**").append(pct(p.cycleRatio())).append(" / ").append(pct(p.edpRatio()))
                            .append(ok ? "" : "**");
                    if (axis == SweepAxis.CROSSBARS) {
                        md.append(" (").append(p.baselineRounds()).append(")");
                    }
                    md.append(" |");
                }
                md.append("\n");
                crossings.add(net.label() + ", " + kind.label() + ": " + (holding.isEmpty()
                        ? "the claim holds at no " + name + " swept"
                        : "the claim holds at " + name + " = " + holding + " of the values swept"));
            }
        }
        md.append("\nBold: the claim fails (a ratio is 1% or more).\n\n");
        crossings.forEach(c -> md.append("- ").append(c).append("\n"));
        md.append("\n");
    }

    private void digitalSweep(List<Net> nets) {
        md.append("## Is the digital unit the bottleneck? digitalMacsPerCycle (X = ").append(CROSSBARS)
                .append(", batch ").append(BATCH).append(", N = 64)\n\n");
        md.append("The preset assumes one MAC lane per column at a 1 ns clock: ")
                .append(fmt(params.digitalMacsPerCycle()))
                .append(" MACs per 100 ns cycle. Cells give BasisN cycles / share of layers whose digital cycles exceed "
                        + "their analog cycles.\n\n");
        double[] factors = {0.125, 0.25, 0.5, 1, 2, 4, 8, 16};
        md.append("| network | usage |");
        for (double f : factors) {
            md.append(' ').append(fmt(params.digitalMacsPerCycle() * f)).append(" MAC/cycle |");
        }
        md.append("\n|---|---|");
        for (int i = 0; i < factors.length; i++) {
            md.append("---|");
        }
        md.append("\n");
        for (Net net : nets) {
            for (Usage kind : usages) {
                if (usage(net, 64, kind, params) == null) {
                    continue;
                }
                md.append("| ").append(net.label()).append(" | ").append(kind.label()).append(" |");
                for (double f : factors) {
                    CrossbarParams p = params.withOverrides(Map.of("digitalMacsPerCycle", params.digitalMacsPerCycle() * f));
                    CostReport b = model.basisN(net.layers(), p, CROSSBARS, BATCH, usage(net, 64, kind, p),
                            ReplicaPolicy.PER_GROUP);
                    long bound = b.layers().stream().filter(l -> l.digitalCycles() > l.computeCycles()).count();
                    md.append(' ').append(sci(b.cycles())).append(" / ").append(pct((double) bound / b.layers().size()))
                            .append(" |");
                }
                md.append("\n");
            }
        }
        md.append("\n");
        List<LayerCost> worst = model.basisN(nets.get(0).layers(), params, CROSSBARS, BATCH,
                usage(nets.get(0), 64, Usage.DENSE, params), ReplicaPolicy.PER_GROUP).layers();
        long analog = worst.stream().mapToLong(LayerCost::computeCycles).sum();
        long digital = worst.stream().mapToLong(LayerCost::digitalCycles).sum();
        md.append("For ").append(nets.get(0).label()).append(" with dense usage at the preset's throughput, the "
                + "layers' analog cycles sum to ").append(sci(analog)).append(" and their digital cycles to ")
                .append(sci(digital)).append(".\n");
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** λ as written in the training run: 0.1, not 0.1000. */
    static String lambda(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.3g%%", 100 * ratio);
    }
}
