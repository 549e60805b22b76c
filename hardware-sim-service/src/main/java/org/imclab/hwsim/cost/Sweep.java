package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.LayerInfo;

/** Runs the baseline and BasisN over the values of one parameter, holding the rest fixed. */
public final class Sweep {

    private final CrossbarCostModel model;

    /** Chip-level figures of the weight-stationary chip at one sweep point's parameters. */
    @FunctionalInterface
    public interface ChipFigures {
        /** The figures, or null where the chip-level model does not apply at this point. */
        SweepChipFigures at(CrossbarParams params, int crossbarBudget, int batch);
    }

    public Sweep() {
        this(new CrossbarCostModel());
    }

    public Sweep(CrossbarCostModel model) {
        this.model = model;
    }

    /** {@link #sweep(List, CrossbarParams, BasisNUsage, SweepAxis, List, int, int, ReplicaPolicy)} with PER_GROUP. */
    public SweepResult sweep(List<LayerInfo> layers, CrossbarParams params, BasisNUsage usage, SweepAxis axis,
            List<? extends Number> values, int crossbarBudget, int batch) {
        return sweep(layers, params, usage, axis, values, crossbarBudget, batch, ReplicaPolicy.PER_GROUP);
    }

    /**
     * One point per value. On the BITS_PER_CELL axis the usage is rescaled to each chip with
     * {@link BasisNUsage#rescaledTo}, so a layer keeps the basis columns it used.
     *
     * @param values         the axis values; null or empty means {@link SweepAxis#defaultValues()}
     * @param crossbarBudget X when the axis is not CROSSBARS
     * @param batch          batch when the axis is not BATCH
     */
    public SweepResult sweep(List<LayerInfo> layers, CrossbarParams params, BasisNUsage usage, SweepAxis axis,
            List<? extends Number> values, int crossbarBudget, int batch, ReplicaPolicy policy) {
        return sweep(layers, params, usage, axis, values, crossbarBudget, batch, policy, null);
    }

    /**
     * As {@link #sweep(List, CrossbarParams, BasisNUsage, SweepAxis, List, int, int, ReplicaPolicy)},
     * adding {@code chip}'s figures at every point (null: none).
     */
    public SweepResult sweep(List<LayerInfo> layers, CrossbarParams params, BasisNUsage usage, SweepAxis axis,
            List<? extends Number> values, int crossbarBudget, int batch, ReplicaPolicy policy, ChipFigures chip) {
        if (axis == null) {
            throw new IllegalArgumentException("axis must not be null");
        }
        if (usage == null) {
            throw new IllegalArgumentException("usage must not be null; use BasisNUsage.dense(...) without a trained model");
        }
        List<Number> xs = values == null || values.isEmpty() ? axis.defaultValues() : List.copyOf(values);
        List<SweepPoint> points = new ArrayList<>(xs.size());
        for (Number v : xs) {
            if (v == null) {
                throw new IllegalArgumentException("sweep values must not contain null");
            }
            CrossbarParams p = params;
            int x = crossbarBudget;
            int b = batch;
            BasisNUsage u = usage;
            switch (axis) {
                case CROSSBARS -> x = intValue(axis, v);
                case BATCH -> b = intValue(axis, v);
                case WRITE_VERIFY_ITERATIONS -> p = params.withOverrides(Map.of("writeVerifyIterations", v));
                case BITS_PER_CELL -> {
                    p = params.withOverrides(Map.of("bitsPerCell", v));
                    u = usage.rescaledTo(params, p);
                }
            }
            CostReport base = model.reprogramming(layers, p, x, b);
            CostReport basis = null;
            String infeasible = null;
            long xb = u.basisCrossbars(p);
            if (x < xb) {
                infeasible = "crossbarBudget " + x + " < X_B = " + xb;
            } else {
                basis = model.basisN(layers, p, x, b, u, policy);
            }
            points.add(point(v, base, basis, infeasible, chip == null ? null : chip.at(p, x, b)));
        }
        return new SweepResult(axis, xs, crossbarBudget, batch, points);
    }

    private static SweepPoint point(Number v, CostReport base, CostReport basis, String infeasible,
            SweepChipFigures chip) {
        if (basis == null) {
            return new SweepPoint(v, base.cycles(), null, base.energyPj(), null, base.edpPjNs(), null, null, null,
                    null, base.programmingRounds(), infeasible, chip);
        }
        return new SweepPoint(v, base.cycles(), basis.cycles(), base.energyPj(), basis.energyPj(), base.edpPjNs(),
                basis.edpPjNs(), basis.cycles() / base.cycles(), basis.energyPj() / base.energyPj(),
                basis.edpPjNs() / base.edpPjNs(), base.programmingRounds(), null, chip);
    }

    private static int intValue(SweepAxis axis, Number v) {
        double d = v.doubleValue();
        if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(axis + " values must be positive integers, got " + v);
        }
        return (int) d;
    }
}
