package org.imclab.training.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.imclab.common.nn.training.TrainingMeters;
import org.imclab.training.basisn.BasisNJobHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The epoch gauges of the kinds that run the training loop, registered when the service starts. */
@Configuration(proxyBeanMethods = false)
class TrainingMetersConfiguration {

    @Bean
    TrainingMeters trainingMeters(MeterRegistry registry, @Value("${imclab.service}") String service) {
        return new TrainingMeters(registry, service, List.of(TrainingJobHandler.KIND, BasisNJobHandler.KIND));
    }
}
