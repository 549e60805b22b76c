package org.imclab.common.nn.training;

import ai.djl.engine.Engine;

/** Intra-op thread count of the engine, which is process-wide. */
public final class EngineThreads {

    private EngineThreads() {
    }

    /** Sets the PyTorch intra-op thread count when {@code threads > 0}; returns the count in effect. */
    public static int apply(int threads) {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            if (threads > 0) {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
            }
            return ai.djl.pytorch.jni.JniUtils.getNumThreads();
        }
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
