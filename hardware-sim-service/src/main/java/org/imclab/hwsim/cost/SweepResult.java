package org.imclab.hwsim.cost;

import java.util.List;

/**
 * A chart-ready series: one point per value of the axis, in the given order.
 *
 * @param axis           the swept parameter
 * @param values         its values
 * @param crossbarBudget X used where the axis is not CROSSBARS
 * @param batch          batch used where the axis is not BATCH
 * @param points         baseline and BasisN at each value
 */
public record SweepResult(SweepAxis axis, List<Number> values, int crossbarBudget, int batch, List<SweepPoint> points) {

    public SweepResult {
        values = List.copyOf(values);
        points = List.copyOf(points);
    }
}
