package org.imclab.pruning.pruning;

import org.imclab.common.nn.EngineWarmup;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Warms the engine before the service reports healthy and before its worker claims a job (see
 * {@link EngineWarmup}). The switch is the training one, {@code imclab.training.warmup.enabled}: the
 * pruning-service trains (fine-tuning, active learning) with the same engine.
 */
@Configuration(proxyBeanMethods = false)
class EngineWarmupConfiguration {

    @Bean
    @ConditionalOnProperty(name = "imclab.training.warmup.enabled", havingValue = "true", matchIfMissing = true)
    EngineWarmup engineWarmup() {
        return new EngineWarmup("pruning-service", PruningWarmup::run);
    }
}
