package org.imclab.training.engine;

import ai.djl.engine.Engine;

/**
 * PyTorch's autograd switch is per thread, and on by default. DJL turns it off only on the thread that
 * first loads the engine, so a job thread must turn it off itself: otherwise inference records graphs
 * and the optimizer's in-place updates of leaf weights fail.
 */
public final class GradMode {

    private GradMode() {
    }

    /** Turns gradient recording off for the calling thread (gradient collectors turn it on inside). */
    public static void disableOnThisThread() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }
}
