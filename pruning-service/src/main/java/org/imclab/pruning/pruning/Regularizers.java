package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * The training modification of class-aware pruning (docs/science/class-aware-pruning.md §3, step 4), added to the
 * data loss in the form of the authors' released code:
 * <ul>
 * <li>L1: λ₁ · Σ ‖p‖₁ over every trainable parameter (the code's {@code model.parameters()}: convs, batchnorm
 * scales and shifts, the classifier);</li>
 * <li>kernel orthogonality, the code's {@code deconv_orth_dist} at stride 1: for each 3 × 3 conv with weight W
 * (Cout × Cin × 3 × 3), λ_o · ‖conv2d(W, W, padding 1) − T‖_F, with T zero except T[i, i, centre] = 1. It asks
 * every filter to be orthogonal to every other filter and to their shifted copies. Like the code, other kernel
 * sizes get no orthogonality term.</li>
 * </ul>
 */
final class Regularizers {

    /** The released code regularises 3 × 3 kernels only. */
    static final int ORTH_KERNEL = 3;

    private Regularizers() {
    }

    /** The penalty for one batch, or null when both weights are 0. Call inside the gradient collector. */
    static NDArray penalty(SpecBlock block, ParameterStore store, NDManager scope, double l1, double orth) {
        if (l1 == 0 && orth == 0) {
            return null;
        }
        NDArray total = null;
        if (l1 > 0) {
            for (var p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray w = store.getValue(p.getValue(), scope.getDevice(), true);
                    total = add(total, w.abs().sum().mul(l1));
                }
            }
        }
        if (orth > 0) {
            List<LayerSpec> convs = block.spec().layers().stream().filter(l -> LayerSpec.CONV.equals(l.type())).toList();
            for (LayerSpec l : convs) {
                Parameter p = block.layer(l.name()).getParameters().get("weight");
                NDArray w = store.getValue(p, scope.getDevice(), true);
                if (w.getShape().dimension() == 4 && w.getShape().get(2) == ORTH_KERNEL
                        && w.getShape().get(3) == ORTH_KERNEL) {
                    total = add(total, orthogonality(w, scope).mul(orth));
                }
            }
        }
        return total;
    }

    /** ‖conv2d(W, W, stride 1, padding 1) − T‖_F for a 3 × 3 conv weight W. */
    static NDArray orthogonality(NDArray w, NDManager scope) {
        int out = (int) w.getShape().get(0);
        NDArray self = Conv2d.conv2d(w, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                .singletonOrThrow();
        int centre = (int) (self.getShape().get(3) / 2);
        NDArray target = scope.zeros(self.getShape());
        target.set(new NDIndex(":, :, {}, {}", centre, centre), scope.eye(out));
        // The epsilon keeps the norm's gradient finite should the kernels ever be exactly orthogonal (sqrt'(0) = ∞).
        return self.sub(target).pow(2).sum().add(1e-12f).sqrt();
    }

    private static NDArray add(NDArray total, NDArray term) {
        return total == null ? term : total.add(term);
    }
}
