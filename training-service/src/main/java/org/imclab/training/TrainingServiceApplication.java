package org.imclab.training;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of the training-service. It scans its own package only: the common libraries it depends on
 * configure themselves (Spring Boot auto-configurations, docs/architecture.md "Modules").
 */
@SpringBootApplication
public class TrainingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrainingServiceApplication.class, args);
    }
}
