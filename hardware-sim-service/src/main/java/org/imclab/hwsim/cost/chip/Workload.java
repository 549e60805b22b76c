package org.imclab.hwsim.cost.chip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data the chip's read energy depends on (NeuroSim takes both from its trace files): how many
 * input bits are 1 and how conductive the selected cells are.
 *
 * @param defaultActivity        share of input bits that are 1, for layers not in {@code activity}
 * @param activity               per-layer input-bit density, measured from real activations
 * @param cellConductance        mean conductance (S) one selected cell adds to its column, access
 *                               transistor included, for layers not in {@code layerConductance}; null
 *                               means every cell level equally likely ({@link ChipParams#uniformCellConductance()})
 * @param source                 where the numbers came from, for the report
 * @param layerCells             per layer, the cell levels of its real weights ({@link CellLevels})
 * @param basisCells             the cell levels of a BasisN basis from its real values, or null
 * @param measuredFrom           what the measured entries were measured on (e.g. "registry:m1, 8 test
 *                               images"); null when nothing was measured
 */
public record Workload(double defaultActivity, Map<String, Double> activity, Double cellConductance, String source,
        Map<String, CellLevels> layerCells, CellLevels basisCells, String measuredFrom) {

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
        layerCells = layerCells == null ? Map.of() : Map.copyOf(layerCells);
    }

    /** Activities and one conductance, nothing per layer measured from weights. */
    public Workload(double defaultActivity, Map<String, Double> activity, Double cellConductance, String source) {
        this(defaultActivity, activity, cellConductance, source, Map.of(), null, null);
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

    /** Mean selected-cell conductance of a layer's weights (S). */
    double conductanceOf(String layer, ChipParams p) {
        CellLevels c = layerCells.get(layer);
        return c != null ? c.meanConductance() : conductance(p);
    }

    /** Mean selected-cell conductance of the BasisN basis (S). */
    double basisConductanceOf(ChipParams p) {
        return basisCells != null ? basisCells.meanConductance() : conductance(p);
    }

    /** Where a layer's activity comes from: "measured", "request" or "assumed". */
    String activitySource(String layer) {
        if (activity.containsKey(layer)) {
            return "measured";
        }
        return source != null && source.startsWith("request") ? "request" : "assumed";
    }

    /** Where a layer's conductance comes from: "measured" (its weights), "given" or "assumed" (uniform levels). */
    String conductanceSource(String layer) {
        if (layerCells.containsKey(layer)) {
            return "measured";
        }
        return cellConductance != null ? "given" : "assumed";
    }

    /** The values used for each layer and where they came from. */
    public List<LayerWorkload> describe(List<String> layers, ChipParams p) {
        List<LayerWorkload> out = new ArrayList<>(layers.size());
        for (String l : layers) {
            CellLevels c = layerCells.get(l);
            out.add(new LayerWorkload(l, activityOf(l), activitySource(l), conductanceOf(l, p), conductanceSource(l),
                    c == null ? null : c.shares()));
        }
        return out;
    }
}
