package org.imclab.common.jobs;

import org.imclabtest.sample.SampleApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The sample service as a whole Spring Boot process with its job worker on, the way a pod runs a service:
 * on SIGTERM, Spring's own shutdown hook closes the context, and the worker's SmartLifecycle
 * (JobsAutoConfiguration) drains with imclab.worker.drain-timeout, under the graceful-shutdown settings
 * deploy/k8s sets. Args: jdbcUrl user password kind.
 */
public final class GracefulSpringWorkerMain {

    private GracefulSpringWorkerMain() {
    }

    /** Not a @Configuration, so component scans of org.imclab.common in other tests never pick it up. */
    public static class DrainJobs {
        static String kind;

        @Bean
        JobHandler<StepJobHandler.Request> drainingHandler() {
            return new GracefulWorkerProcessMain.AttemptStepHandler(kind);
        }
    }

    public static void main(String[] args) {
        DrainJobs.kind = args[3];
        // System properties, not builder defaults: they must win over imclab-defaults.yml, as the pods'
        // environment variables do.
        String[] props = {"imclab.service=sample", "spring.config.import=classpath:imclab-defaults.yml",
            "spring.datasource.url=" + args[0], "spring.datasource.username=" + args[1],
            "spring.datasource.password=" + args[2], "server.port=0", "server.address=127.0.0.1",
            "imclab.webhooks.enabled=false", "imclab.home=" + System.getProperty("java.io.tmpdir") + "/k8s-drain-home",
            // deploy/k8s/base/config.yaml's shutdown settings.
            "server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=20s",
            "imclab.worker.drain-timeout=20s",
            // A 30 s lease: the job can only move on quickly if the worker releases it.
            "imclab.worker.lease=30s", "imclab.worker.heartbeat=500ms", "imclab.worker.poll=200ms"};
        for (String p : props) {
            int eq = p.indexOf('=');
            System.setProperty(p.substring(0, eq), p.substring(eq + 1));
        }
        new SpringApplicationBuilder(SampleApplication.class, DrainJobs.class).run();
        System.out.println("service started");
    }
}
