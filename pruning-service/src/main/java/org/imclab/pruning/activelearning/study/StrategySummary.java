package org.imclab.pruning.activelearning.study;

import java.util.List;
import org.imclab.common.stats.BenchStatistics;

/**
 * Mean ± std over seeds of one strategy's curves, with the scalar summaries of docs/science/active-learning.md §4.
 *
 * @param labels          label counts (x axis), shared by all seeds
 * @param mean            mean accuracy per label count
 * @param std             sample standard deviation over seeds (0 with one seed)
 * @param aulc            normalised area under the mean curve: trapezoids / (last − first label count), in [0, 1]
 * @param aulcStd         std over seeds of the per-seed normalised area
 * @param labelsToTarget  first label count where the mean curve reaches the target, null if never (or no target)
 * @param ratioToRandom   labelsToTarget / random's labelsToTarget; null when either is null
 * @param seedsReachingTarget how many seeds' own curves reach the target
 */
public record StrategySummary(String strategy, int[] labels, double[] mean, double[] std, double aulc, double aulcStd,
        Integer labelsToTarget, Double ratioToRandom, int seedsReachingTarget) {

    static StrategySummary of(String strategy, List<LearningCurve> curves, Double target) {
        int[] labels = curves.get(0).labels();
        int points = labels.length;
        double[] mean = new double[points];
        double[] std = new double[points];
        for (int p = 0; p < points; p++) {
            int at = p;
            double[] values = curves.stream().mapToDouble(c -> c.accuracy()[at]).toArray();
            mean[p] = BenchStatistics.mean(values);
            std[p] = BenchStatistics.std(values);
        }
        double[] areas = new double[curves.size()];
        int reaching = 0;
        for (int i = 0; i < curves.size(); i++) {
            areas[i] = aulc(labels, curves.get(i).accuracy());
            if (target != null && labelsToReach(labels, curves.get(i).accuracy(), target) != null) {
                reaching++;
            }
        }
        double aStd = BenchStatistics.std(areas);
        Integer toTarget = target == null ? null : labelsToReach(labels, mean, target);
        return new StrategySummary(strategy, labels, mean, std, aulc(labels, mean), aStd, toTarget, null, reaching);
    }

    StrategySummary withRatio(Integer randomLabels) {
        Double ratio = labelsToTarget == null || randomLabels == null ? null : (double) labelsToTarget / randomLabels;
        return new StrategySummary(strategy, labels, mean, std, aulc, aulcStd, labelsToTarget, ratio,
                seedsReachingTarget);
    }

    /** Trapezoidal area under accuracy(labels), divided by the label range: the curve's mean accuracy. */
    public static double aulc(int[] labels, double[] accuracy) {
        if (labels.length == 1) {
            return accuracy[0];
        }
        double area = 0;
        for (int i = 1; i < labels.length; i++) {
            area += (labels[i] - labels[i - 1]) * (accuracy[i] + accuracy[i - 1]) / 2;
        }
        return area / (labels[labels.length - 1] - labels[0]);
    }

    /** The first label count whose accuracy is at least the target, or null ({@link BenchStatistics#labelsToTarget}). */
    public static Integer labelsToReach(int[] labels, double[] accuracy, double target) {
        return BenchStatistics.labelsToTarget(labels, accuracy, target);
    }
}
