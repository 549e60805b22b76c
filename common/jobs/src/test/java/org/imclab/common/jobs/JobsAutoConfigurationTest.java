package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.imclab.common.artifacts.ArtifactProperties;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.WebAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * common-jobs configures the queue only for a process that declares job kinds: the gateway, which has
 * common-jobs on its test classpath but no JobHandler, gets no store, worker or shared-schema migration.
 */
class JobsAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebAutoConfiguration.class, JobsAutoConfiguration.class,
                    JacksonAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
            .withBean(DataSource.class, TestDatabase::freshDataSource)
            .withPropertyValues("imclab.service=sample", "imclab.worker.enabled=false", "imclab.webhooks.enabled=false",
                    "imclab.internal.secret=jobs-auto-configuration-test-secret-0123456789");

    @Test
    void aProcessWithoutJobKindsGetsNoQueue() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(JobStore.class).doesNotHaveBean(JobSubmissions.class)
                    .doesNotHaveBean(TrackingStore.class).doesNotHaveBean(FlywayMigrationStrategy.class);
        });
    }

    @Test
    void aProcessWithAJobKindGetsTheQueueOnBootsBeansAndTypedSettings() {
        runner.withBean(JobHandler.class, () -> new StepJobHandler("auto-config-probe", 1))
                .withPropertyValues("imclab.worker.drain-timeout=7s", "imclab.artifacts.chunk-size=4096")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(JobStore.class).hasSingleBean(JobSubmissions.class)
                            .hasSingleBean(TrackingStore.class).hasSingleBean(ArtifactStore.class)
                            .hasSingleBean(JobEventStream.class).hasSingleBean(FlywayMigrationStrategy.class);
                    assertThat(context).doesNotHaveBean(JobWorker.class);
                    assertThat(context.getBean(WorkerProperties.class).drainTimeout()).isEqualTo(Duration.ofSeconds(7));
                    ArtifactProperties artifacts = context.getBean(ArtifactProperties.class);
                    assertThat(artifacts.chunkSize()).isEqualTo(4096);
                    assertThat(artifacts.cacheDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "imclab-cache"));
                });
    }
}
