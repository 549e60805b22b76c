package org.imclab.common.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code imclab.training.url}: where hwsim and pruning find training-service's model and data set registry. */
@ConfigurationProperties("imclab.training")
public record RegistryProperties(@DefaultValue("http://localhost:8081") String url) {
}
