package org.imclab.pruning.activelearning;

/**
 * Constants of the adversarial strategies, on features scaled to [0, 1].
 *
 * @param maxIter   DeepFool iterations before giving up on a sample (Moosavi-Dezfooli et al. 2016 use 50)
 * @param overshoot DeepFool's overshoot η: the final step is (1 + η)·r, so the example crosses the boundary (0.02 in the paper)
 * @param eps       BIM's L∞ budget around the sample
 * @param stepSize  BIM's per-step size α (Kurakin et al. 2016 use α = 1/255 on [0, 1] images)
 * @param maxSteps  BIM steps before giving up; samples that never flip rank last
 */
public record AdversarialSettings(int maxIter, double overshoot, double eps, double stepSize, int maxSteps) {

    public static AdversarialSettings defaults() {
        return new AdversarialSettings(50, 0.02, 0.3, 0.01, 50);
    }

    public AdversarialSettings {
        if (maxIter < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("maxIter and maxSteps must be at least 1");
        }
        if (overshoot < 0 || eps <= 0 || stepSize <= 0) {
            throw new IllegalArgumentException("overshoot must be >= 0, eps and stepSize > 0");
        }
    }
}
