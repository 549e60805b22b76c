package org.imclab.training.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.basisn.BasisNLayer;
import org.imclab.common.nn.basisn.BasisNLayers;
import org.imclab.common.nn.basisn.CrossbarGroups;
import org.imclab.common.nn.training.LearningRateSchedule;
import org.imclab.common.nn.training.StepHook;
import org.imclab.common.nn.training.TrainingConfig;

/**
 * The proximal solver of the same group-lasso objective as {@link GroupLasso}: after every optimizer step on
 * the data loss, each group is shrunk by its proximal operator (block soft-thresholding, Parikh and Boyd,
 * "Proximal Algorithms", 2014, §6.5.4): {@code c_g ← c_g · max(0, 1 − η_t λ w_g / ‖c_g‖)}, with η_t the
 * step's learning rate. Unlike the subgradient of the penalty, which leaves every group oscillating around
 * a small nonzero norm (and which Adam's per-coordinate scaling turns into a uniform shrink of all groups),
 * the operator sets groups exactly to zero, so a layer's unused crossbar groups are really unused.
 */
public final class GroupLassoProximal implements StepHook {

    private final double lambda;
    private final GroupLasso.Weighting weighting;
    private final LearningRateSchedule schedule;

    public GroupLassoProximal(double lambda, GroupLasso.Weighting weighting, TrainingConfig config) {
        this.lambda = lambda;
        this.weighting = weighting;
        this.schedule = new LearningRateSchedule(config);
    }

    @Override
    public void afterStep(int epoch, int batch, int batchesPerEpoch, Block block, ParameterStore store) {
        double eta = schedule.at(epoch, batch, batchesPerEpoch);
        shrink((SpecBlock) block, eta * lambda);
    }

    /** Applies the operator with threshold {@code t * w_g} to every group of every BasisN layer. */
    void shrink(SpecBlock model, double t) {
        for (BasisNLayer layer : BasisNLayers.of(model).values()) {
            double[] norms = GroupLasso.groupNorms(layer);
            NDArray c = layer.coefficients().getArray();
            CrossbarGroups groups = layer.groups();
            long perColumn = layer.segments() * layer.outputs();
            for (int g = 0; g < norms.length; g++) {
                double threshold = t * GroupLasso.weight(weighting, g, perColumn * (groups.end(g) - groups.start(g)));
                double factor = norms[g] <= threshold ? 0 : 1 - threshold / norms[g];
                if (factor == 1) {
                    continue;
                }
                NDIndex slice = new NDIndex(":, {}:{}, :", groups.start(g), groups.end(g));
                if (factor == 0) {
                    c.set(slice, 0f);
                } else {
                    try (NDArray part = c.get(slice)) {
                        try (NDArray scaled = part.mul((float) factor)) {
                            c.set(slice, scaled);
                        }
                    }
                }
            }
        }
    }
}
