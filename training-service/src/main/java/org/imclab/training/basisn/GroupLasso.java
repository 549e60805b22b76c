package org.imclab.training.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.basisn.BasisNLayer;
import org.imclab.common.nn.basisn.BasisNLayers;
import org.imclab.common.nn.basisn.CrossbarGroups;
import org.imclab.common.nn.training.LossTerm;

/**
 * The parallelisation regulariser of docs/science/basisn.md §1(c): {@code λ · Σ_layers Σ_groups w_g ‖c_{l,g}‖₂}, where
 * {@code c_{l,g}} are layer l's float coefficients on the basis columns of crossbar group g (all segments and
 * outputs). Like any group lasso it drives whole groups towards zero, so each layer's quantised
 * coefficients end up on few crossbar groups. A tiny ε inside the square root keeps the gradient finite at
 * zero.
 *
 * <p>Weights: {@link Weighting#NONE} is docs/science/basisn.md's formula as written (w_g = 1). {@link Weighting#SIZE} is
 * Yuan and Lin's group lasso (J. R. Stat. Soc. B 68, 2006, eq. 2.1), w_g = sqrt(|c_{l,g}|): BasisN groups
 * differ in size by orders of magnitude across layers (LeNet-5 with R = N = 32, G = 8: 24 coefficients per
 * group in conv1, 6240 in fc1), and with w_g = 1 the pull per coefficient, λ c / ‖c_g‖, fades in the large
 * layers, which then keep every group (measured; docs/basisn.md). {@link Weighting#ORDERED}, w_g =
 * sqrt(|c_{l,g}|) (g + 1), breaks the tie between crossbar groups: the groups of a fresh basis are
 * interchangeable, and a symmetric penalty (measured) shrinks all groups of a layer together until the layer
 * collapses; with rising weights the last groups go first and λ sets how many survive (an ordered, nested
 * penalty in the spirit of Rippel et al., "Learning Ordered Representations with Nested Dropout", ICML 2014).
 */
public final class GroupLasso implements LossTerm {

    private static final float EPS = 1e-12f;

    /** How groups are weighted. */
    public enum Weighting {
        NONE, SIZE, ORDERED;

        public static Weighting parse(String s) {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final double lambda;
    private final Weighting weighting;

    public GroupLasso(double lambda, Weighting weighting) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
        }
        this.lambda = lambda;
        this.weighting = weighting;
    }

    /** w_g of group g with this many coefficients. */
    static double weight(Weighting weighting, int group, long size) {
        return switch (weighting) {
            case NONE -> 1;
            case SIZE -> Math.sqrt(size);
            case ORDERED -> Math.sqrt(size) * (group + 1);
        };
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public NDArray extra(Block block, ParameterStore store) {
        NDManager scope = store.getManager();
        NDArray total = scope.zeros(new ai.djl.ndarray.types.Shape());
        for (BasisNLayer layer : BasisNLayers.of((SpecBlock) block).values()) {
            NDArray c = store.getValue(layer.coefficients(), scope.getDevice(), true);
            // Squared norm per basis column over segments and outputs: (N).
            NDArray columns = on(scope, on(scope, c.square()).sum(new int[] {0, 2}));
            CrossbarGroups groups = layer.groups();
            long perColumn = layer.segments() * layer.outputs();
            for (int g = 0; g < groups.groups(); g++) {
                NDArray squared = columns.get(new NDIndex("{}:{}", groups.start(g), groups.end(g))).sum();
                double w = weight(weighting, g, perColumn * (groups.end(g) - groups.start(g)));
                total = total.add(squared.add(EPS).sqrt().mul((float) w));
            }
        }
        return total.mul((float) lambda);
    }

    /** The penalty's current value without gradient (for logging): Σ_l Σ_g w_g ‖c_{l,g}‖₂, before λ. */
    public static double groupNormSum(SpecBlock model, Weighting weighting) {
        double sum = 0;
        for (BasisNLayer layer : BasisNLayers.of(model).values()) {
            double[] norms = groupNorms(layer);
            CrossbarGroups groups = layer.groups();
            for (int g = 0; g < norms.length; g++) {
                sum += weight(weighting, g, layer.segments() * layer.outputs() * (groups.end(g) - groups.start(g)))
                        * norms[g];
            }
        }
        return sum;
    }

    public Weighting weighting() {
        return weighting;
    }

    /** ‖c_{l,g}‖₂ of each crossbar group of one layer, from its float coefficients. */
    public static double[] groupNorms(BasisNLayer layer) {
        float[] c = layer.coefficients().getArray().toFloatArray();
        int n = layer.basisSize();
        long m = layer.outputs();
        CrossbarGroups groups = layer.groups();
        double[] sq = new double[groups.groups()];
        for (int i = 0; i < c.length; i++) {
            int col = (int) ((i / m) % n);
            sq[groups.groupOf(col)] += (double) c[i] * c[i];
        }
        for (int g = 0; g < sq.length; g++) {
            sq[g] = Math.sqrt(sq[g]);
        }
        return sq;
    }

    private static NDArray on(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }
}
