package org.imclab.common.nn.training;

import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Runs after every optimizer update (outside the gradient collector), e.g. to project or quantise
 * weights, report progress, or stop on a cancel request by throwing.
 */
@FunctionalInterface
public interface StepHook {

    /**
     * @param epoch           0-based epoch
     * @param batch           0-based batch within the epoch
     * @param batchesPerEpoch batches in one epoch
     */
    void afterStep(int epoch, int batch, int batchesPerEpoch, Block block, ParameterStore store) throws Exception;
}
