package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * The optional training modification of class-aware pruning (docs/science/class-aware-pruning.md §3, step 4), added to the data loss:
 * <ul>
 * <li>L1: λ₁ · Σ_l Σ |W_l| over conv weights;</li>
 * <li>kernel orthogonality: λ_o · Σ_l ‖Ŵ_l Ŵ_lᵀ − I‖²_F, with Ŵ_l the conv's filters as unit-norm rows
 * (Cout × Cin·k·k), which pushes filters of a layer towards distinct directions.</li>
 * </ul>
 */
final class Regularizers {

    private Regularizers() {
    }

    /** The penalty for one batch, or null when both weights are 0. Call inside the gradient collector. */
    static NDArray penalty(SpecBlock block, ParameterStore store, NDManager scope, double l1, double orth) {
        if (l1 == 0 && orth == 0) {
            return null;
        }
        NDArray total = null;
        List<LayerSpec> convs = block.spec().layers().stream().filter(l -> LayerSpec.CONV.equals(l.type())).toList();
        for (LayerSpec l : convs) {
            Parameter p = block.layer(l.name()).getParameters().get("weight");
            NDArray w = store.getValue(p, scope.getDevice(), true);
            NDArray term = null;
            if (l1 > 0) {
                term = w.abs().sum().mul(l1);
            }
            long rows = w.getShape().get(0);
            if (orth > 0 && rows > 1) {
                NDArray flat = w.reshape(new Shape(rows, -1));
                NDArray unit = flat.div(flat.pow(2).sum(new int[] {1}, true).add(1e-12).sqrt());
                NDArray gram = unit.matMul(unit.transpose()).sub(scope.eye((int) rows));
                NDArray o = gram.pow(2).sum().mul(orth);
                term = term == null ? o : term.add(o);
            }
            if (term != null) {
                total = total == null ? term : total.add(term);
            }
        }
        return total;
    }
}
