package org.imclab.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the gateway. It scans its own package only: the common libraries it depends on
 * configure themselves (Spring Boot auto-configurations, docs/architecture.md "Modules").
 */
@SpringBootApplication
// ExpiredBucketCleaner runs on a schedule (the job services get scheduling from common-jobs).
@EnableScheduling
public class GatewayServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayServiceApplication.class, args);
    }
}
