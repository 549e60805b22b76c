package org.imclab.pruning.pruning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a finished pruning run did less of than it was asked, as sentences for the job result's
 * {@code warnings}: a job that prunes nothing, or stops short of its target, still SUCCEEDs (its model is
 * valid), so without these the shortfall is silent.
 */
final class PruningWarnings {

    /** A target counts as reached within this much MAC reduction (rounding of whole channels). */
    private static final double TARGET_SLACK = 1e-3;

    private PruningWarnings() {
    }

    /** @param macReduction the final model's MAC reduction against the unpruned one */
    static List<String> of(PruningSettings settings, PruningState end, double macReduction) {
        List<String> out = new ArrayList<>();
        boolean floorStop = PruningLoop.STOP_FLOOR.equals(end.stopReason());
        String floor = settings.accuracyFloor() == null ? "" : String.format(Locale.ROOT, "%.4f",
                settings.accuracyFloor());
        IterationReport dropped = floorStop && !end.history().isEmpty()
                ? end.history().get(end.history().size() - 1) : null;
        if (end.iteration() == 0) {
            if (floorStop && dropped != null) {
                out.add(String.format(Locale.ROOT, "nothing was pruned: the first iteration's validation accuracy "
                        + "%.4f fell below the accuracy floor %s (unpruned %.4f); lower accuracyFloor, raise "
                        + "maxAccuracyDrop or give more fineTuneEpochs", dropped.validationAccuracy(), floor,
                        end.originalValidationAccuracy()));
            } else if (PruningLoop.STOP_NO_FILTER.equals(end.stopReason())) {
                out.add(String.format(Locale.ROOT, "nothing was pruned: no filter is important for fewer than kMin = "
                        + "%d classes at tau = %s; set a targetMacReduction, raise tau or kMin",
                        settings.rule().kMin(), settings.tau()));
            } else {
                out.add("nothing was pruned: " + end.stopReason());
            }
        } else if (floorStop && dropped != null) {
            out.add(String.format(Locale.ROOT, "stopped at the accuracy floor %s: iteration %d reached %.4f "
                    + "validation accuracy and was dropped; the result is iteration %d", floor, dropped.iteration(),
                    dropped.validationAccuracy(), end.iteration()));
        }
        Double target = settings.targetMacReduction();
        if (target != null && macReduction < target - TARGET_SLACK) {
            out.add(String.format(Locale.ROOT, "MAC target not reached: removed %.3f of the MACs, asked %.3f (%s)",
                    macReduction, target, end.stopReason()));
        }
        return out;
    }
}
