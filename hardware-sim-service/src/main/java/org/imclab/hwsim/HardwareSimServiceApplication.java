package org.imclab.hwsim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of the hardware-sim-service. It scans its own package only: the common libraries it depends on
 * configure themselves (Spring Boot auto-configurations, docs/architecture.md "Modules").
 */
@SpringBootApplication
public class HardwareSimServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(HardwareSimServiceApplication.class, args);
    }
}
