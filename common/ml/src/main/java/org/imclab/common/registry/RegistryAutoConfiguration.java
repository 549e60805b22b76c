package org.imclab.common.registry;

import org.imclab.common.web.CallerSignature;
import org.imclab.common.web.WebAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The registry client every ML service gets; a test may put its own client in its place. */
@AutoConfiguration(after = WebAutoConfiguration.class)
@EnableConfigurationProperties(RegistryProperties.class)
public class RegistryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TrainingRegistryClient trainingRegistryClient(RegistryProperties properties, CallerSignature signature) {
        return new TrainingRegistryClient(properties.url(), signature);
    }
}
