package org.imclab.pruning;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of the pruning-service. It scans its own package only: the common libraries it depends on
 * configure themselves (Spring Boot auto-configurations, docs/architecture.md "Modules").
 */
@SpringBootApplication
public class PruningServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PruningServiceApplication.class, args);
    }
}
