import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.basisn.BasisConversion;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.nn.basisn.ConversionResult;
import org.imclab.common.nn.training.EngineThreads;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.NoiseOptions;
import org.imclab.hwsim.noise.NoisyAccuracyEvaluator;
import org.imclab.hwsim.noise.NoisyAccuracyResult;
import org.imclab.hwsim.noise.SigmaAccuracy;
import org.imclab.hwsim.noise.TestSet;
import org.imclab.hwsim.noise.VariationModel;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.imclab.training.basisn.BasisNOutcome;
import org.imclab.training.basisn.BasisNRun;
import org.imclab.training.basisn.BasisNSettings;
import org.imclab.training.basisn.CrossbarGeometry;
import org.imclab.training.basisn.GroupLasso;
import tools.jackson.databind.json.JsonMapper;

/**
 * BasisN vs. standard LeNet-5 on noisy chips, full MNIST (bench/hwsim/noisy-basisn.sh, docs/hwsim.md).
 *
 * <p>Per seed: train the standard LeNet-5 ({@link BasisNRun#trainStandard}, the basisn job's baseline
 * phase), convert it to BasisN and fine-tune ({@link BasisNRun#convert}, the basisn job's convert mode),
 * then run both through hwsim's NOISY_ACCURACY evaluator ({@link NoisyAccuracyEvaluator}, the code the
 * simulation job runs) on the chosen presets: the standard model with every conv/linear weight in noisy
 * cells, the BasisN model with only its one shared basis in noisy cells. One JSON line per (seed, model,
 * preset) is appended to OUT/noisy-basisn.jsonl.
 *
 * <pre>
 * java -cp CP bench/hwsim/NoisyBasisNBench.java MNIST_DIR OUT_DIR EPOCHS FT_EPOCHS [key=value ...]
 *   FT_EPOCHS 0: no fine-tuning, the model right after conversion
 *   keys: seeds (1,2,3) sigmas (0,0.05,0.1,0.2,0.3,0.45,0.6) chips (5) presets (isaac-puma) maxSamples (all)
 *         basisSize (128) rows (128) coeffBits (4) lr (0.002) threads (2) chipSeed (2024)
 * </pre>
 * Splits as bench/basisn: train the first 55,000 training images, validation the last 5,000, test the
 * official 10,000 (all of them are evaluated on every chip).
 */
public class NoisyBasisNBench {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Path mnist = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int ftEpochs = Integer.parseInt(args[3]);
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        List<Long> seeds = new ArrayList<>();
        for (String s : kv.getOrDefault("seeds", "1,2,3").split(",")) {
            seeds.add(Long.parseLong(s));
        }
        List<Double> sigmas = new ArrayList<>();
        for (String s : kv.getOrDefault("sigmas", "0,0.05,0.1,0.2,0.3,0.45,0.6").split(",")) {
            sigmas.add(Double.parseDouble(s));
        }
        int chips = Integer.parseInt(kv.getOrDefault("chips", "5"));
        Integer maxSamples = kv.containsKey("maxSamples") ? Integer.valueOf(kv.get("maxSamples")) : null;
        long chipSeed = Long.parseLong(kv.getOrDefault("chipSeed", "2024"));
        String[] presets = kv.getOrDefault("presets", CrossbarPresets.ISAAC_PUMA).split(",");
        int rows = Integer.parseInt(kv.getOrDefault("rows", "128"));
        int n = Integer.parseInt(kv.getOrDefault("basisSize", "128"));
        int bits = Integer.parseInt(kv.getOrDefault("coeffBits", "4"));
        double lr = Double.parseDouble(kv.getOrDefault("lr", "0.002"));
        int threads = Integer.parseInt(kv.getOrDefault("threads", "2"));
        Files.createDirectories(out);

        ImageDataset all = IdxReader.readSplit(mnist, "train");
        ImageDataset testData = IdxReader.readSplit(mnist, "t10k");
        ImageDataset train = all.subset(IntStream.range(0, 55000).toArray());
        ImageDataset val = all.subset(IntStream.range(55000, 60000).toArray());
        ChannelStats stats = ChannelStats.of(train);
        ImageSamples tr = ImageSamples.standardizedOn(train);
        Samples va = tr.withData(val);
        Samples te = tr.withData(testData);
        TestSet noisyTest = new TestSet("MNIST t10k (10,000 samples)", testData, stats.mean(), stats.std());
        EngineThreads.apply(threads);

        ModelSpec lenet = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);
        CrossbarGeometry crossbar = new CrossbarGeometry(rows, 2, 8, false);
        BasisConfig basis = new BasisConfig(rows, n, bits, Math.min(n, crossbar.basisCrossbars(n)));
        ModelSpec basisSpec = BasisNSpec.of(BasisNSpec.standard(lenet), basis);
        for (long seed : seeds) {
            TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(64)
                    .withOptimizer(TrainingConfig.OptimizerKind.ADAM, lr)
                    .withSchedule(TrainingConfig.Schedule.COSINE, 0).withSeed(seed).withThreads(threads);
            BasisNSettings standardSettings = settings(basis, crossbar, config);
            // FT_EPOCHS 0: the converted model as BasisConversion leaves it (SVD basis, quantised coefficients)
            BasisNSettings convertSettings = settings(basis, crossbar, config.withEpochs(Math.max(1, ftEpochs)));
            long t0 = System.nanoTime();
            byte[] standardWeights;
            byte[] basisWeights;
            double standardAcc;
            double convertedAcc;
            double basisAcc;
            BasisNOutcome o;
            try (NDManager m = NDManager.newBaseManager()) {
                BasisNRun.Baseline b = new BasisNRun(standardSettings, tr, va, te, sink(seed)).trainStandard(lenet, m,
                        null);
                standardWeights = SpecWeights.toBytes(b.model());
                standardAcc = b.test().accuracy();
                double trainS = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "seed %d standard test %.4f (%.0f s)%n", seed, standardAcc, trainS);
                if (ftEpochs > 0) {
                    o = new BasisNRun(convertSettings, tr, va, te, sink(seed)).convert(b.model(), m, null);
                    basisWeights = SpecWeights.toBytes(o.model());
                    convertedAcc = o.convertedAccuracy();
                    basisAcc = o.testAccuracy();
                } else {
                    o = null;
                    ConversionResult c = BasisConversion.convert(b.model(), basis, BasisInit.parse("svd"), seed,
                            BasisQuantization.NONE, m);
                    basisWeights = SpecWeights.toBytes(c.model());
                    convertedAcc = Evaluation.run(c.model(), m, te, BasisNRun.EVAL_BATCH).accuracy();
                    basisAcc = convertedAcc;
                }
                System.out.printf(Locale.ROOT, "seed %d basisn test %.4f (converted %.4f)%n", seed, basisAcc,
                        convertedAcc);
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            Files.write(out.resolve("lenet5-standard-seed" + seed + ".params"), standardWeights);
            Files.write(out.resolve("lenet5-basisn-seed" + seed + ".params"), basisWeights);
            EvaluableModel standard = new EvaluableModel("lenet5-standard-seed" + seed, lenet, standardWeights, null,
                    noisyTest);
            EvaluableModel basisN = new EvaluableModel("lenet5-basisn-seed" + seed, basisSpec, basisWeights,
                    new BasisNBlockFactory(), noisyTest);
            for (String preset : presets) {
                CrossbarParams params = CrossbarPresets.get(preset);
                for (EvaluableModel model : List.of(standard, basisN)) {
                    long e0 = System.nanoTime();
                    NoiseOptions options = new NoiseOptions(sigmas, VariationModel.LOGNORMAL, chips, chipSeed, null,
                            null, null, maxSamples, null, null);
                    NoisyAccuracyResult r = new NoisyAccuracyEvaluator().evaluate(model, params, options,
                            NoisyAccuracyEvaluator.SILENT);
                    Map<String, Object> line = new LinkedHashMap<>();
                    boolean isBasis = model == basisN;
                    line.put("seed", seed);
                    line.put("model", isBasis ? "basisn" : "standard");
                    line.put("preset", preset);
                    line.put("epochs", epochs);
                    line.put("ftEpochs", isBasis ? ftEpochs : 0);
                    line.put("basisSize", isBasis ? n : 0);
                    line.put("coeffBits", isBasis ? bits : 0);
                    line.put("testAcc", isBasis ? basisAcc : standardAcc);
                    if (isBasis) {
                        line.put("convertedAcc", convertedAcc);
                    }
                    line.put("mapping", r.mapping());
                    line.put("perturbed", String.join("|", r.perturbed()));
                    line.put("weightBits", r.weightBits());
                    line.put("bitsPerCell", r.bitsPerCell());
                    line.put("adcBits", r.adcBits());
                    line.put("chips", r.chips());
                    line.put("chipSeed", r.seed());
                    line.put("samples", r.samples());
                    line.put("floatAccuracy", r.floatAccuracy());
                    line.put("trainSeconds", trainSeconds);
                    line.put("evalSeconds", (System.nanoTime() - e0) / 1e9);
                    StringBuilder pts = new StringBuilder("[");
                    for (SigmaAccuracy p : r.points()) {
                        if (pts.length() > 1) {
                            pts.append(", ");
                        }
                        StringBuilder accs = new StringBuilder("[");
                        for (double a : p.accuracies()) {
                            accs.append(accs.length() > 1 ? ", " : "").append(a);
                        }
                        pts.append(String.format(Locale.ROOT,
                                "{\"sigma\": %s, \"mean\": %s, \"std\": %s, \"min\": %s, \"max\": %s, \"accuracies\": %s]}",
                                p.sigma(), p.mean(), p.std(), p.min(), p.max(), accs));
                    }
                    String json = JSON.writeValueAsString(line);
                    json = json.substring(0, json.length() - 1) + ", \"points\": " + pts + "]}";
                    System.out.println(json);
                    Files.writeString(out.resolve("noisy-basisn.jsonl"), json + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
    }

    static BasisNSettings settings(BasisConfig basis, CrossbarGeometry crossbar, TrainingConfig config) {
        return new BasisNSettings(BasisNSettings.Mode.CONVERT, basis, crossbar, BasisQuantization.NONE,
                BasisInit.parse("svd"), 0, GroupLasso.Weighting.ORDERED, BasisNSettings.Solver.PROXIMAL, 0, 0, config);
    }

    static BasisNRun.Sink sink(long seed) {
        return new BasisNRun.Sink() {
            @Override
            public void epoch(String phase, EpochMetrics m, Map<String, Double> extra, TrainingCheckpoint cp,
                    Map<String, Object> meta) {
                System.out.printf(Locale.ROOT, "[seed %d %s] epoch %d train_loss %.4f val_acc %.4f %.0f s%n", seed,
                        phase, m.epoch(), m.trainLoss(), m.valAcc(), m.seconds());
            }

            @Override
            public void step(String phase, int epoch, int batch, int batches) {
            }
        };
    }
}
