package org.imclab.training.jobs;

import org.imclab.common.nn.EngineWarmup;
import org.imclab.common.nn.training.TrainingWarmup;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Warms the engine before the service reports healthy and before its worker claims a job (see
 * {@link EngineWarmup}); {@code imclab.training.warmup.enabled=false} turns it off, e.g. for tests that never
 * train or to measure a cold first job.
 */
@Configuration(proxyBeanMethods = false)
class EngineWarmupConfiguration {

    @Bean
    @ConditionalOnProperty(name = "imclab.training.warmup.enabled", havingValue = "true", matchIfMissing = true)
    EngineWarmup engineWarmup() {
        // Thread count 0: the engine default, which is what a job without a "threads" field runs with.
        return new EngineWarmup("training-service", () -> TrainingWarmup.run(0));
    }
}
