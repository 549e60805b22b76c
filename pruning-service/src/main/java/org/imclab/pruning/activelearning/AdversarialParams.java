package org.imclab.pruning.activelearning;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Request form of {@link AdversarialSettings}: null fields take the defaults. */
public record AdversarialParams(@Min(1) @Max(1000) Integer maxIter, @DecimalMin("0") Double overshoot,
        @DecimalMin(value = "0", inclusive = false) Double eps, @DecimalMin(value = "0", inclusive = false) Double stepSize,
        @Min(1) @Max(1000) Integer maxSteps) {

    public AdversarialSettings settings() {
        AdversarialSettings d = AdversarialSettings.defaults();
        return new AdversarialSettings(maxIter == null ? d.maxIter() : maxIter,
                overshoot == null ? d.overshoot() : overshoot, eps == null ? d.eps() : eps,
                stepSize == null ? d.stepSize() : stepSize, maxSteps == null ? d.maxSteps() : maxSteps);
    }

    public static AdversarialSettings settings(AdversarialParams p) {
        return p == null ? AdversarialSettings.defaults() : p.settings();
    }
}
