package org.imclab.training;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the training-service; it also scans org.imclab.common for the shared machinery. */
@SpringBootApplication(scanBasePackages = "org.imclab")
public class TrainingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrainingServiceApplication.class, args);
    }
}
