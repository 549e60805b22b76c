package org.imclab.common.nn;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * Warms the DJL engine at start-up so the first job does not pay for it. In a fresh JVM the first training
 * job spent about 11 s more than the same job warm (29 s against 18 s, issue #13): loading libtorch, oneDNN
 * building and JIT-compiling its convolution kernels for each shape, and HotSpot compiling the Java training
 * loop. A service that trains runs a few real training steps here instead, on random data.
 *
 * <p>The body starts on its own thread as soon as this bean is created, so it overlaps the rest of the
 * context's start-up (repositories, Flyway, web server setup). {@link #start()} then waits for it. Its phase is
 * below the web server's ({@code DEFAULT_PHASE - 2048}) and the job worker's ({@code DEFAULT_PHASE}), so the
 * service reports healthy and claims jobs only after the warm-up ended. That also keeps the one-gradient-
 * collector rule of the PyTorch engine: nothing else in the JVM trains while the warm-up does.
 *
 * <p>A failing warm-up is logged and start-up continues: it is an optimisation, and a broken engine shows up
 * as a failing job with its own error, as it did before.
 */
public final class EngineWarmup implements SmartLifecycle, InitializingBean {

    /** Below the web server's start phase and the job worker's, see the class comment. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

    /** The work: a few training steps through the service's own training code. */
    @FunctionalInterface
    public interface Body {
        /** @return a short description for the log, e.g. "LeNet-5, 6 batches of 64" */
        String run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);

    private final String service;
    private final Body body;
    private Thread thread;
    private volatile Throwable failure;
    private volatile String description;
    private volatile Duration duration;
    private volatile boolean running;

    public EngineWarmup(String service, Body body) {
        this.service = service;
        this.body = body;
    }

    @Override
    public void afterPropertiesSet() {
        Thread t = new Thread(() -> {
            long started = System.nanoTime();
            try {
                description = body.run();
            } catch (Throwable e) {
                failure = e;
            } finally {
                duration = Duration.ofNanos(System.nanoTime() - started);
            }
        }, "engine-warmup");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        long waitStarted = System.nanoTime();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the engine warm-up", e);
        }
        long waitedMs = (System.nanoTime() - waitStarted) / 1_000_000;
        if (failure != null) {
            log.warn("{}: engine warm-up failed after {} ms; the first job pays for the engine's start instead",
                    service, duration.toMillis(), failure);
        } else {
            log.info("{}: engine warm-up ({}) took {} ms, of which start-up waited {} ms", service, description,
                    duration.toMillis(), waitedMs);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** How long the body ran; null before it ended. */
    public Duration duration() {
        return duration;
    }

    /** What the body threw, or null. */
    public Throwable failure() {
        return failure;
    }
}
