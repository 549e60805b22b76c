package org.imclab.hwsim.cost.chip;

import java.util.Map;

/**
 * The data the chip's read energy depends on (NeuroSim takes both from its trace files).
 *
 * @param defaultActivity share of input bits that are 1, for layers not in {@code activity}
 * @param activity        per-layer input-bit density, measured from real activations
 * @param cellConductance mean conductance (S) one selected cell adds to its column, access
 *                        transistor included; null means every cell level equally likely
 *                        ({@link ChipParams#uniformCellConductance()})
 * @param source          where the numbers came from, for the report
 */
public record Workload(double defaultActivity, Map<String, Double> activity, Double cellConductance, String source) {

    /** Input-bit density assumed without measured activations. */
    public static final double DEFAULT_ACTIVITY = 0.5;

    public Workload {
        if (!(defaultActivity >= 0 && defaultActivity <= 1)) {
            throw new IllegalArgumentException("input activity must be in [0, 1], got " + defaultActivity);
        }
        activity = activity == null ? Map.of() : Map.copyOf(activity);
        for (Map.Entry<String, Double> e : activity.entrySet()) {
            if (e.getValue() == null || !(e.getValue() >= 0 && e.getValue() <= 1)) {
                throw new IllegalArgumentException("input activity of layer '" + e.getKey() + "' must be in [0, 1]");
            }
        }
        if (cellConductance != null && !(cellConductance >= 0)) {
            throw new IllegalArgumentException("cell conductance must be non-negative");
        }
    }

    /** Assumptions only: activity 0.5 everywhere, uniformly distributed cell levels. */
    public static Workload assumed() {
        return new Workload(DEFAULT_ACTIVITY, Map.of(), null,
                "assumed: input-bit activity 0.5, cell levels uniformly distributed (random weights)");
    }

    /** One activity for every layer, cell levels uniform. */
    public static Workload ofActivity(double activity) {
        return new Workload(activity, Map.of(), null,
                "request: input-bit activity " + activity + ", cell levels uniformly distributed (random weights)");
    }

    double activityOf(String layer) {
        return activity.getOrDefault(layer, defaultActivity);
    }

    double conductance(ChipParams p) {
        return cellConductance == null ? p.uniformCellConductance() : cellConductance;
    }
}
