package org.imclab.hwsim.simulations;

/** What a simulation job computes. */
public enum SimulationType {
    /** Baseline and BasisN cost reports at one operating point, with their ratios. */
    COST,
    /** Baseline and BasisN over the values of one parameter. */
    SWEEP,
    /** Monte-Carlo test accuracy under device non-idealities, by DJL inference. */
    NOISY_ACCURACY
}
