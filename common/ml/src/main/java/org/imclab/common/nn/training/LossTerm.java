package org.imclab.common.nn.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * An extra term added to the data loss of every training batch, inside the gradient collector, e.g. a
 * weight penalty or BasisN's group-lasso on coefficient groups. Read parameters through
 * {@code store.getValue(parameter, device, true)} so they are the arrays being trained.
 * {@code store.getManager()} is the batch's scope: create intermediates there (or attach them to it);
 * it is closed after the optimizer step.
 */
@FunctionalInterface
public interface LossTerm {

    /** A scalar to add to the mean batch loss. */
    NDArray extra(Block block, ParameterStore store);
}
