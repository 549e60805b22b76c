package org.imclab.pruning.pruning;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch is per thread and starts on in every new thread; DJL's gradient collector
 * restores the previous state when it closes. A job thread would therefore record graphs during inference
 * and reject the optimizer's in-place updates of leaf parameters, so pruning code turns it off explicitly
 * outside its collectors.
 */
final class GradMode {

    private GradMode() {
    }

    static void off() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
