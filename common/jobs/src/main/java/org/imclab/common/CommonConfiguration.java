package org.imclab.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.flywaydb.core.Flyway;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobHandler;
import org.imclab.common.jobs.JobMetrics;
import org.imclab.common.jobs.JobQueueDepth;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobWorker;
import org.imclab.common.jobs.WebhookDispatcher;
import org.imclab.common.jobs.JobWorkerHealthIndicator;
import org.imclab.common.jobs.WorkerProperties;
import org.imclab.common.jobs.WorkerSettings;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.jobs.webhooks.WebhookSettings;
import org.imclab.common.tracking.TrackingStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the job queue, its worker, tracking, artifacts and the shared-schema migrations into every job service. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({WebhookSettings.class, WorkerProperties.class})
public class CommonConfiguration {

    /**
     * Migrates the shared {@code jobs} and {@code tracking} schemas before the service's own schema.
     * Several services may start at once: Flyway takes a PostgreSQL advisory lock around the
     * migration, so exactly one applies it and the others find it done.
     */
    @Bean
    FlywayMigrationStrategy sharedSchemasFirst() {
        return serviceFlyway -> {
            migrateShared(serviceFlyway.getConfiguration().getDataSource());
            serviceFlyway.migrate();
        };
    }

    public static void migrateShared(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("jobs", "tracking")
                .createSchemas(true)
                .table("flyway_common_history")
                .locations("classpath:db/common")
                .load()
                .migrate();
    }

    @Bean
    ArtifactStore artifactStore(DataSource dataSource,
            @Value("${imclab.artifacts.cache-dir:${java.io.tmpdir}/imclab-cache}") String cacheDir,
            @Value("${imclab.artifacts.chunk-size:1048576}") int chunkSize) {
        return new ArtifactStore(dataSource, Path.of(cacheDir), chunkSize);
    }

    @Bean
    TrackingStore trackingStore(DataSource dataSource) {
        return new TrackingStore(dataSource);
    }

    @Bean
    JobMetrics jobMetrics(ObjectProvider<MeterRegistry> registry, @Value("${imclab.service}") String service) {
        return new JobMetrics(registry.getIfAvailable(CompositeMeterRegistry::new), service);
    }

    /**
     * Registers the queue's series for every kind this service handles once all beans exist, before the
     * service takes requests. Queue depth is counted at most every {@code imclab.metrics.queue-depth-ttl}
     * (5 s), however often Prometheus scrapes.
     */
    @Bean
    SmartInitializingSingleton jobMetricsSeries(JobMetrics metrics, DataSource dataSource,
            ObjectProvider<JobHandler<?>> handlerBeans,
            @Value("${imclab.metrics.queue-depth-ttl:5s}") Duration queueDepthTtl) {
        return () -> {
            List<JobHandler<?>> handlers = handlerBeans.orderedStream().toList();
            metrics.registerKinds(handlers,
                    new JobQueueDepth(dataSource, handlers.stream().map(JobHandler::kind).toList(), queueDepthTtl));
        };
    }

    @Bean
    JobStore jobStore(DataSource dataSource, JsonMapper json, JobMetrics metrics) {
        return new JobStore(dataSource, json, metrics);
    }

    /** Submissions run in the application's transaction manager, so the job and its run commit together. */
    @Bean
    JobSubmissions jobSubmissions(JobStore jobs, TrackingStore tracking, JsonMapper json,
            @Value("${imclab.service}") String service, PlatformTransactionManager transactions) {
        return new JobSubmissions(jobs, tracking, json, service, new TransactionTemplate(transactions));
    }

    @Bean
    JobEventStream jobEventStream(JobStore jobs, TrackingStore tracking) {
        return new JobEventStream(jobs, tracking);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.worker.enabled", havingValue = "true", matchIfMissing = true)
    JobWorker jobWorker(JobStore jobs, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json,
            List<JobHandler<?>> handlers, @Value("${imclab.service}") String service, WorkerProperties worker) {
        return new JobWorker(jobs, tracking, artifacts, json, worker.settings(WorkerSettings.newWorkerId(service)),
                handlers);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.worker.enabled", havingValue = "true", matchIfMissing = true)
    JobWorkerHealthIndicator jobWorkerHealthIndicator(JobWorker worker) {
        return new JobWorkerHealthIndicator(worker);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.worker.enabled", havingValue = "true", matchIfMissing = true)
    SmartLifecycle jobWorkerLifecycle(JobWorker worker,
            @Value("${imclab.worker.drain-timeout:20s}") Duration drainTimeout) {
        // Stops in the default phase, before the web server's graceful shutdown: on SIGTERM jobs drain to a
        // step boundary and are handed back (JobWorker.stop) while Tomcat still answers; then Tomcat drains
        // under spring.lifecycle.timeout-per-shutdown-phase. deploy/k8s sizes terminationGracePeriodSeconds
        // for both.
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                worker.start();
                running = true;
            }

            @Override
            public void stop() {
                worker.stop(drainTimeout);
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    /** Vets callbackUrl at submission and at delivery; present in every service, so submissions are checked even where delivery is off. */
    @Bean
    CallbackUrlPolicy callbackUrlPolicy(WebhookSettings settings) {
        return new CallbackUrlPolicy(settings);
    }

    /** Fails startup without a signing secret: an unsigned or publicly-keyed webhook could be forged by anyone. */
    @Bean
    @ConditionalOnProperty(name = "imclab.webhooks.enabled", havingValue = "true", matchIfMissing = true)
    WebhookDispatcher webhookDispatcher(DataSource dataSource, WebhookSettings settings, CallbackUrlPolicy policy) {
        return new WebhookDispatcher(dataSource, settings.requireSecret(), settings.maxAttempts(), settings.baseDelay(), policy);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.webhooks.enabled", havingValue = "true", matchIfMissing = true)
    WebhookSchedule webhookSchedule(WebhookDispatcher dispatcher) {
        return new WebhookSchedule(dispatcher);
    }

    /** Polls the webhook outbox; a separate bean so the schedule can be switched off in tests. */
    static class WebhookSchedule {
        private final WebhookDispatcher dispatcher;

        WebhookSchedule(WebhookDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Scheduled(fixedDelayString = "${imclab.webhooks.poll:1000}")
        void deliver() {
            try {
                dispatcher.deliverDue();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(WebhookSchedule.class).warn("Webhook delivery pass failed: {}", e.getMessage());
            }
        }
    }
}
