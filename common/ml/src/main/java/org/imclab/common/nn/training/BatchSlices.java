package org.imclab.common.nn.training;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.imclab.common.nn.SpecBlock;

/**
 * How the {@link TrainingLoop} spreads one batch over its threads: as slices, each trained (forward and
 * backward) on its own thread with fewer intra-op threads, their gradients summing in the shared weights.
 *
 * <p>Why: a small network's operators are too small for libtorch to split well. On 2 cores, LeNet-5 at
 * batch 64 trained only 1.25× faster with 2 intra-op threads than with 1; the second core idled about half
 * the time between parallel regions (bench/training/README.md). Two slices of 32 on two threads keep both
 * cores busy with no barrier inside an operator.
 *
 * <p>Why it is the same training: each slice's mean loss is scaled by its share of the batch before its
 * backward pass, so the gradients that libtorch accumulates into each weight add up to the gradient of the
 * batch's mean loss. That holds only when a sample's output depends on nothing but that sample and the
 * weights, and the forward pass draws no random numbers ({@link SpecBlock#perSampleForward}): batch norm or
 * dropout keep a model on one slice. Adding two slices' contributions is commutative in floating point, so
 * two slices train deterministically; with more, the order of the additions can vary.
 *
 * <p>libtorch's autograd engine accumulates gradients from concurrent backward passes under a lock per
 * weight, and its grad mode and intra-op thread count are per thread, so each worker sets both itself.
 */
final class BatchSlices implements AutoCloseable {

    /** Slices smaller than this cost more in per-operator overhead than the second core gains. */
    static final int MIN_SLICE = 16;

    /**
     * How long a waiting thread spins before it parks: longer than the usual gaps between a batch's slice tasks
     * (the other slice finishing, the loss read, the next batch's set-up), short enough that an idle worker
     * soon stops using its core.
     */
    private static final long SPIN_NANOS = 200_000;

    private final int count;
    private final int intraOpThreads;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean closed;

    private BatchSlices(int count, int intraOpThreads) {
        this.count = count;
        this.intraOpThreads = intraOpThreads;
        for (int k = 1; k < count; k++) {
            Worker w = new Worker("train-slice-" + k);
            workers.add(w);
            w.start();
        }
    }

    /**
     * Up to {@code threads} slices of at least {@link #MIN_SLICE} samples for a model whose forward pass is per
     * sample; otherwise one slice (the whole batch on the caller's thread with all intra-op threads).
     */
    static BatchSlices plan(Block block, int threads, int batchSize) {
        int count = count(block, threads, batchSize);
        return new BatchSlices(count, Math.max(1, threads / count));
    }

    /** One slice: every batch on the caller's thread with {@code threads} intra-op threads. */
    static BatchSlices none(int threads) {
        return new BatchSlices(1, threads);
    }

    /** How many slices {@link #plan} cuts a full batch into, without starting any thread. */
    static int count(Block block, int threads, int batchSize) {
        boolean sliceable = block instanceof SpecBlock s && s.perSampleForward();
        return sliceable ? Math.max(1, Math.min(threads, batchSize / MIN_SLICE)) : 1;
    }

    /** Threads a full batch is spread over. */
    int count() {
        return count;
    }

    /** Intra-op threads of each slice's thread. */
    int intraOpThreads() {
        return intraOpThreads;
    }

    /** Samples in each slice of a batch of {@code b}: as equal as possible, none below {@link #MIN_SLICE}. */
    int[] sizes(int b) {
        int n = Math.max(1, Math.min(count, b / MIN_SLICE));
        int[] sizes = new int[n];
        for (int k = 0; k < n; k++) {
            sizes[k] = b / n + (k < b % n ? 1 : 0);
        }
        return sizes;
    }

    /** The largest slice of a batch of {@code batchSize}. */
    int maxSize(int batchSize) {
        return sizes(batchSize)[0];
    }

    /** A slice's work; slice 0 runs on the caller's thread. */
    @FunctionalInterface
    interface SliceTask {
        void run(int slice) throws Exception;
    }

    /**
     * Runs slices 1..n-1 on the workers and slice 0 on the calling thread, then waits for all of them, even
     * after a failure or an interrupt (a worker must not outlive the batch whose arrays it uses). Rethrows the
     * first failure.
     */
    void run(int n, SliceTask task) throws Exception {
        Thread caller = Thread.currentThread();
        for (int k = 1; k < n; k++) {
            workers.get(k - 1).post(task, k, caller);
        }
        Exception failure = null;
        try {
            task.run(0);
        } catch (Exception e) {
            failure = e;
        }
        for (int k = 1; k < n; k++) {
            Exception e = workers.get(k - 1).awaitDone();
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A thread that runs one slice task at a time. Handing work over and back spins briefly before it parks:
     * a batch hands over twice (forward/backward, then the optimizer step), and with parking executor threads
     * slicing gained only 0.91–1.14× over the unsliced batch, against 1.08–1.23× spinning (bench/training).
     */
    private final class Worker extends Thread {
        private volatile SliceTask task;
        private volatile int slice;
        private volatile Thread caller;
        private volatile long posted;
        private volatile long done;
        private volatile Exception failure;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void post(SliceTask t, int k, Thread from) {
            task = t;
            slice = k;
            caller = from;
            failure = null;
            posted = done + 1;
            LockSupport.unpark(this);
        }

        /** Waits, without giving up on an interrupt, until the posted task has run; returns its failure. */
        Exception awaitDone() {
            long target = posted;
            long parkAfter = System.nanoTime() + SPIN_NANOS;
            while (done != target) {
                pause(parkAfter);
            }
            return failure;
        }

        @Override
        public void run() {
            EngineThreads.apply(intraOpThreads);
            // New threads record gradients by default; only a slice's forward pass may (GradMode), never a step.
            GradMode.off();
            long seen = 0;
            while (true) {
                long parkAfter = System.nanoTime() + SPIN_NANOS;
                while (posted == seen && !closed) {
                    pause(parkAfter);
                }
                if (closed) {
                    return;
                }
                seen = posted;
                try {
                    task.run(slice);
                } catch (Exception e) {
                    failure = e;
                } catch (Error e) {
                    failure = new IllegalStateException(e);
                }
                done = seen;
                LockSupport.unpark(caller);
            }
        }
    }

    /** One round of waiting: a spin until {@code parkAfter}, then parking until unparked. */
    private static void pause(long parkAfter) {
        if (System.nanoTime() < parkAfter) {
            Thread.onSpinWait();
        } else {
            LockSupport.park();
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(LockSupport::unpark);
    }
}
