package org.imclab.common.nn.training;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Opens DJL gradient collectors. DJL's PyTorch engine allows one open collector per JVM and throws when a
 * second is opened. Every caller in this JVM (the {@link TrainingLoop} of training jobs, BasisN and pruning
 * fine-tuning, active learning's network and its attacks, pruning's channel gates) queues on one fair lock,
 * so two threads of one service never collide; a collector opened without this class (other code in the JVM)
 * is waited for by retrying. The lock is taken and released once per training step, which costs microseconds.
 */
public final class DjlGradients {

    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private static final Duration WAIT = Duration.ofMinutes(10);

    private DjlGradients() {
    }

    /** A collector plus this JVM's gradient lock; closing it releases both. */
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
                    GradMode.off();
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
