package org.imclab.bench.startup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * An {@link ApplicationStartup} that keeps every step Spring records (bean instantiation, context refresh,
 * repository initialisation, ...) with its wall time AND the CPU time of the thread that ran it. Spring's own
 * {@code BufferingApplicationStartup} keeps only wall time and one "current step" for all threads; CPU time is
 * what survives a busy shared machine, and parents are tracked per thread so a background bootstrap thread's
 * steps nest correctly.
 */
final class RecordingStartup implements ApplicationStartup {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicLong ids = new AtomicLong();
    private final ThreadLocal<Deque<RecordedStep>> open = ThreadLocal.withInitial(ArrayDeque::new);
    private final List<RecordedStep> ended = Collections.synchronizedList(new ArrayList<>());

    @Override
    public StartupStep start(String name) {
        Deque<RecordedStep> stack = open.get();
        RecordedStep parent = stack.peek();
        RecordedStep step = new RecordedStep(this, ids.incrementAndGet(), parent == null ? null : parent.getId(), name,
                Thread.currentThread().getName(), System.nanoTime(), threads.getCurrentThreadCpuTime());
        stack.push(step);
        return step;
    }

    void end(RecordedStep step) {
        step.finish(System.nanoTime(), threads.getCurrentThreadCpuTime());
        Deque<RecordedStep> stack = open.get();
        // Steps end in LIFO order on their thread; remove by identity in case one was ended out of order.
        stack.remove(step);
        ended.add(step);
    }

    List<RecordedStep> endedSteps() {
        synchronized (ended) {
            return new ArrayList<>(ended);
        }
    }
}
