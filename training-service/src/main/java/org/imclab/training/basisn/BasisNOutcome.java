package org.imclab.training.basisn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.basisn.BasisNUsageReport;
import org.imclab.common.nn.basisn.LayerReconstruction;
import org.imclab.common.nn.training.TrainingOutcome;

/**
 * What a BasisN run produced.
 *
 * @param model               the trained BasisN block
 * @param testAccuracy        its test accuracy
 * @param testLoss            its test loss
 * @param convertedAccuracy   test accuracy right after conversion, before fine-tuning (conversion only)
 * @param conversionErrors    per layer ‖W − B c_q‖/‖W‖ right after conversion (conversion only)
 * @param finalErrors         per layer ‖W_source − B c_q‖/‖W_source‖ after fine-tuning (conversion only)
 * @param capturedEnergy      fraction of the source segments' energy in span(B) (conversion only)
 * @param usage               groups and nonzero coefficients per layer, as registered
 * @param prePruneGroupsUsed  mean crossbar groups used per layer before group pruning (null without pruning)
 * @param prePruneAccuracy    test accuracy before group pruning (null without pruning)
 * @param pruning             the pruned groups (null without pruning)
 * @param training            the main training (or fine-tuning) phase
 */
public record BasisNOutcome(SpecBlock model, double testAccuracy, double testLoss, Double convertedAccuracy,
        List<LayerReconstruction> conversionErrors, List<LayerReconstruction> finalErrors, Double capturedEnergy,
        BasisNUsageReport usage, Double prePruneGroupsUsed, Double prePruneAccuracy, GroupPruning pruning,
        TrainingOutcome training) {

    /** The run's summary metrics under their tracking names. */
    public Map<String, Double> metrics(BasisNSettings s) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_acc", testAccuracy);
        m.put("test_loss", testLoss);
        if (convertedAccuracy != null) {
            m.put("converted_test_acc", convertedAccuracy);
        }
        if (capturedEnergy != null) {
            m.put("captured_energy", capturedEnergy);
        }
        if (conversionErrors != null) {
            for (LayerReconstruction r : conversionErrors) {
                m.put("recon_error_converted." + r.name(), r.quantizedError());
                if (Double.isFinite(r.floatError())) {
                    m.put("recon_error_float." + r.name(), r.floatError());
                }
            }
            m.put("recon_error_converted_mean", mean(conversionErrors));
        }
        if (finalErrors != null) {
            for (LayerReconstruction r : finalErrors) {
                m.put("recon_error." + r.name(), r.quantizedError());
            }
            m.put("recon_error_mean", mean(finalErrors));
        }
        m.put("basis_rows", (double) s.basis().rows());
        m.put("basis_size", (double) s.basis().size());
        m.put("basis_crossbars", (double) s.basisCrossbars());
        m.put("cells_per_value", (double) s.crossbar().cellsPerValue());
        m.put("crossbar_groups", (double) s.basis().groups());
        m.put("coeff_bits", (double) s.basis().coeffBits());
        m.put("coeff_total", (double) usage.totalCoefficients());
        m.put("coeff_nonzero", (double) usage.totalNonzero());
        m.put("coeff_sparsity", usage.sparsity());
        m.put("coeff_bits_total", (double) usage.totalCoefficients() * s.basis().coeffBits());
        m.put("groups_used_mean", usage.meanGroupsUsed());
        usage.layers().forEach(u -> {
            m.put("groups_used." + u.name(), (double) u.groupsUsed());
            m.put("coeff_nonzero." + u.name(), (double) u.nonzeroCoefficients());
            m.put("coeff_levels." + u.name(), (double) u.distinctLevels());
        });
        if (pruning != null) {
            m.put("pre_prune_groups_used_mean", prePruneGroupsUsed);
            m.put("pre_prune_test_acc", prePruneAccuracy);
            m.put("pruned_groups", (double) pruning.prunedCount());
        }
        return m;
    }

    private static double mean(List<LayerReconstruction> errors) {
        return errors.stream().mapToDouble(LayerReconstruction::quantizedError).average().orElse(Double.NaN);
    }
}
