package org.imclab.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the gateway; it also scans org.imclab.common for the shared machinery. */
@SpringBootApplication(scanBasePackages = "org.imclab")
public class GatewayServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayServiceApplication.class, args);
    }
}
