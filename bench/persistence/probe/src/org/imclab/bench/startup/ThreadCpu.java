package org.imclab.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's live threads by kind, from /proc/self/task/<tid>/stat (utime + stime, in clock ticks of
 * 10 ms on Linux): the JIT compiler threads and the GC/VM threads do not show up in Java's ThreadMXBean, and
 * they are a large part of a start-up's CPU.
 */
record ThreadCpu(long compilerNanos, long gcVmNanos) {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

    static ThreadCpu read() {
        long compiler = 0, gcVm = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                // "tid (comm) state ...": comm may contain spaces, so split after the last ')'.
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK; // fields 14, 15
                if (comm.contains("CompilerThre")) compiler += nanos;
                else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) gcVm += nanos;
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(-1, -1);
        }
        return new ThreadCpu(compiler, gcVm);
    }
}
