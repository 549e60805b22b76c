package org.imclab.pruning.activelearning;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Opens DJL gradient collectors for active learning. DJL's PyTorch engine allows one open collector per
 * JVM and throws when a second is opened. Active-learning code in this JVM (study jobs, session
 * requests) queues on one lock; a collector held elsewhere (a training or pruning job of the
 * {@code djl-gradient} group) is waited for by retrying, since such jobs open one per step.
 */
public final class DjlGradients {

    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private static final Duration WAIT = Duration.ofMinutes(10);

    private DjlGradients() {
    }

    /** A collector plus this JVM's active-learning lock; closing it releases both. */
    public static final class Scope implements AutoCloseable {
        private final GradientCollector collector;

        private Scope(GradientCollector collector) {
            this.collector = collector;
        }

        public GradientCollector collector() {
            return collector;
        }

        @Override
        public void close() {
            try {
                collector.close();
            } finally {
                LOCK.unlock();
            }
        }
    }

    public static Scope open(Engine engine) {
        return open(engine::newGradientCollector);
    }

    public static Scope open(Supplier<GradientCollector> factory) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            if (!LOCK.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out waiting for the DJL gradient collector");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the DJL gradient collector", e);
        }
        try {
            while (true) {
                try {
                    return new Scope(factory.get());
                } catch (IllegalStateException e) {
                    if (e.getMessage() == null || !e.getMessage().contains("already collecting")
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    // The failed constructor switched this thread's autograd on; inference must not record graphs.
                    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            LOCK.unlock();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the DJL gradient collector", e);
        } catch (RuntimeException e) {
            LOCK.unlock();
            throw e;
        }
    }
}
