package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

class EngineWarmupTest {

    @Test
    void startsBeforeTheWebServerAndTheJobWorker() {
        EngineWarmup warmup = new EngineWarmup("test", () -> "nothing");
        // The web server's lifecycle reports the service healthy; the job worker's runs at the default phase.
        assertThat(warmup.getPhase()).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isLessThan(SmartLifecycle.DEFAULT_PHASE);
        assertThat(warmup.isAutoStartup()).isTrue();
    }

    @Test
    void theBodyRunsInTheBackgroundAndStartWaitsForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        EngineWarmup warmup = new EngineWarmup("test", () -> {
            release.await(10, TimeUnit.SECONDS);
            Thread.sleep(50);
            done.set(true);
            return "a test body";
        });
        warmup.afterPropertiesSet();
        // Bean creation does not block on the body: the rest of the context starts meanwhile.
        assertThat(done).isFalse();
        assertThat(warmup.duration()).isNull();
        release.countDown();
        warmup.start();
        assertThat(done).isTrue();
        assertThat(warmup.isRunning()).isTrue();
        assertThat(warmup.duration().toMillis()).isGreaterThanOrEqualTo(50);
        assertThat(warmup.failure()).isNull();
        warmup.stop();
        assertThat(warmup.isRunning()).isFalse();
    }

    @Test
    void aFailingBodyDoesNotStopStartUp() {
        EngineWarmup warmup = new EngineWarmup("test", () -> {
            throw new IllegalStateException("no engine here");
        });
        warmup.afterPropertiesSet();
        warmup.start();
        assertThat(warmup.isRunning()).isTrue();
        assertThat(warmup.failure()).isInstanceOf(IllegalStateException.class).hasMessage("no engine here");
    }
}
