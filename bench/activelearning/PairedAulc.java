import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.imclab.common.stats.BenchStatistics;
import org.imclab.pruning.activelearning.study.StrategySummary;
import org.imclab.pruning.activelearning.study.StudyResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paired AULC difference between two strategies of a stored study, over its seeds, with the 95 % bootstrap interval
 * of BenchStatistics (the same helper the tables use). Usage: java -cp CP bench/activelearning/PairedAulc.java
 * STUDY.json A:B [A:B ...]   e.g. deepfool:margin
 */
public class PairedAulc {

    public static void main(String[] args) throws Exception {
        StudyResult r = JsonMapper.builder().build().readValue(Files.readAllBytes(Path.of(args[0])), StudyResult.class);
        for (int i = 1; i < args.length; i++) {
            String[] ab = args[i].split(":");
            BenchStatistics.PairedDifference d = BenchStatistics.pairedBootstrap(areas(r, ab[0]), areas(r, ab[1]), 1);
            System.out.printf(Locale.ROOT, "%s  %s − %s: ΔAULC %+.3f [%+.3f, %+.3f], n = %d%n", args[0], ab[0], ab[1],
                    d.meanDifference(), d.low(), d.high(), d.n());
        }
    }

    static double[] areas(StudyResult r, String strategy) {
        return r.seeds().stream().mapToDouble(seed -> r.curves().stream()
                .filter(c -> c.strategy().equals(strategy) && c.seed() == seed).findFirst()
                .map(c -> StrategySummary.aulc(c.labels(), c.accuracy())).orElseThrow()).toArray();
    }
}
