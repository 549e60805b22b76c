package org.imclab.hwsim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the hardware-sim-service; it also scans org.imclab.common for the shared machinery. */
@SpringBootApplication(scanBasePackages = "org.imclab")
public class HardwareSimServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(HardwareSimServiceApplication.class, args);
    }
}
