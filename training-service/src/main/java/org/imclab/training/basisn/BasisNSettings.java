package org.imclab.training.basisn;

import java.util.Locale;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.nn.training.TrainingConfig;

/**
 * Everything that decides a BasisN run besides the data and the models.
 *
 * @param mode              from scratch or conversion of a trained model
 * @param basis             R, N, coefficient bits, crossbar groups G
 * @param crossbar          the crossbar geometry (for X_B)
 * @param basisQuantization training-time quantisation of B to the device's levels
 * @param init              basis initialisation for conversion
 * @param groupLasso        λ of the group-lasso regulariser (0 = off)
 * @param groupLassoWeighting group weights of the regulariser
 * @param groupLassoSolver  proximal (block soft-thresholding after each step) or gradient (loss term)
 * @param pruneThreshold    prune groups below this fraction of the layer's largest group norm (0 = off)
 * @param pruneEpochs       fine-tuning epochs after pruning
 * @param config            the training (or fine-tuning) loop's config
 */
public record BasisNSettings(Mode mode, BasisConfig basis, CrossbarGeometry crossbar,
        BasisQuantization basisQuantization, BasisInit init, double groupLasso,
        GroupLasso.Weighting groupLassoWeighting, Solver groupLassoSolver, double pruneThreshold, int pruneEpochs, TrainingConfig config) {

    public enum Mode {
        FROM_SCRATCH, CONVERT;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** How the group-lasso objective is minimised. */
    public enum Solver {
        PROXIMAL, GRADIENT;

        public static Solver parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** X_B = ceil(N * cellsPerValue / C). */
    public int basisCrossbars() {
        return crossbar.basisCrossbars(basis.size());
    }
}
