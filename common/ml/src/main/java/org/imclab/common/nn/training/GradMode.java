package org.imclab.common.nn.training;

import ai.djl.engine.Engine;

/**
 * PyTorch's autograd switch is per thread and on by default in every new thread; DJL turns it off only on the
 * thread that first loads the engine, and a gradient collector restores the previous state when it closes. A job
 * thread must therefore turn it off itself, outside its collectors: otherwise inference records graphs and the
 * optimizer's in-place updates of leaf weights fail. Training, pruning and active learning all use this one switch.
 */
public final class GradMode {

    private GradMode() {
    }

    /** Turns gradient recording off for the calling thread (gradient collectors turn it on inside). */
    public static void off() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }

    /**
     * Turns gradient recording on for the calling thread without a collector of its own: for a thread that
     * trains a slice of a batch under the collector its caller holds ({@link BatchSlices}).
     */
    static void on() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(true);
        }
    }
}
