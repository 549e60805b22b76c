package org.imclab.common.jobs;

import java.util.List;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.imclab.common.artifacts.ArtifactProperties;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.db.SharedSchemas;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.jobs.webhooks.WebhookSettings;
import org.imclab.common.tracking.TrackingController;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.ImclabProperties;
import org.imclab.common.web.WebAutoConfiguration;
import org.imclab.common.web.openapi.JobApiContractConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue, its worker, webhooks, run tracking, artifacts and the shared-schema migrations, for a
 * process that declares job kinds ({@link JobHandler} beans): the three job services, not the gateway, even
 * where common-jobs is on its test classpath. After Boot's JDBC, Jackson and transaction auto-configuration,
 * whose JdbcClient, JdbcTemplate, JsonMapper and TransactionTemplate it uses.
 *
 * <p>JobStore, ArtifactStore and WebhookDispatcher keep a JDBC transaction manager of their own over the same
 * DataSource: their short transactions (claims, chunk writes, outbox passes) run on the worker's threads and
 * must never join a request's JPA transaction. A submission does run in the application's transaction
 * ({@link JobSubmissions}), so the job and its run commit together.
 */
@AutoConfiguration(after = {WebAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class})
@ConditionalOnBean(JobHandler.class)
@EnableScheduling
@EnableConfigurationProperties({WebhookSettings.class, WorkerProperties.class, ArtifactProperties.class,
        JobMetricsProperties.class})
@Import({TrackingController.class, JobApiContractConfiguration.class})
public class JobsAutoConfiguration {

    /**
     * Migrates the shared {@code jobs} and {@code tracking} schemas ({@link SharedSchemas}) before the
     * service's own schema.
     */
    @Bean
    FlywayMigrationStrategy sharedSchemasFirst() {
        return serviceFlyway -> {
            SharedSchemas.migrate(serviceFlyway.getConfiguration().getDataSource());
            serviceFlyway.migrate();
        };
    }

    @Bean
    ArtifactStore artifactStore(DataSource dataSource, ArtifactProperties properties) {
        return new ArtifactStore(dataSource, properties.cacheDir(), properties.chunkSize());
    }

    @Bean
    TrackingStore trackingStore(JdbcClient jdbc, JdbcTemplate template) {
        return new TrackingStore(jdbc, template);
    }

    @Bean
    JobMetrics jobMetrics(ObjectProvider<MeterRegistry> registry, ImclabProperties imclab) {
        return new JobMetrics(registry.getIfAvailable(CompositeMeterRegistry::new), imclab.service());
    }

    /**
     * Registers the queue's series for every kind this service handles once all beans exist, before the
     * service takes requests. Queue depth is counted at most every {@code imclab.metrics.queue-depth-ttl}
     * (5 s), however often Prometheus scrapes.
     */
    @Bean
    SmartInitializingSingleton jobMetricsSeries(JobMetrics metrics, JdbcClient jdbc,
            ObjectProvider<JobHandler<?>> handlerBeans, JobMetricsProperties properties) {
        return () -> {
            List<JobHandler<?>> handlers = handlerBeans.orderedStream().toList();
            metrics.registerKinds(handlers, new JobQueueDepth(jdbc, handlers.stream().map(JobHandler::kind).toList(),
                    properties.queueDepthTtl()));
        };
    }

    @Bean
    JobStore jobStore(DataSource dataSource, JsonMapper json, JobMetrics metrics) {
        return new JobStore(dataSource, json, metrics);
    }

    /** Submissions run in the application's transaction manager, so the job and its run commit together. */
    @Bean
    JobSubmissions jobSubmissions(JobStore jobs, TrackingStore tracking, JsonMapper json, ImclabProperties imclab,
            TransactionTemplate transactions) {
        return new JobSubmissions(jobs, tracking, json, imclab.service(), transactions);
    }

    @Bean
    JobEventStream jobEventStream(JobStore jobs, TrackingStore tracking) {
        return new JobEventStream(jobs, tracking);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.worker.enabled", havingValue = "true", matchIfMissing = true)
    JobWorker jobWorker(JobStore jobs, TrackingStore tracking, ArtifactStore artifacts, JsonMapper json,
            List<JobHandler<?>> handlers, ImclabProperties imclab, WorkerProperties worker) {
        return new JobWorker(jobs, tracking, artifacts, json, worker.settings(WorkerSettings.newWorkerId(imclab.service())),
                handlers);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.worker.enabled", havingValue = "true", matchIfMissing = true)
    JobWorkerHealthIndicator jobWorkerHealthIndicator(JobWorker worker) {
        return new JobWorkerHealthIndicator(worker);
    }

    @Bean
    @ConditionalOnProperty(name = "imclab.worker.enabled", havingValue = "true", matchIfMissing = true)
    SmartLifecycle jobWorkerLifecycle(JobWorker worker, WorkerProperties properties) {
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
                worker.stop(properties.drainTimeout());
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
