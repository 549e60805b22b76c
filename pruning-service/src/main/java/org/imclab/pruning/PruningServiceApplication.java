package org.imclab.pruning;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the pruning-service; it also scans org.imclab.common for the shared machinery. */
@SpringBootApplication(scanBasePackages = "org.imclab")
public class PruningServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PruningServiceApplication.class, args);
    }
}
