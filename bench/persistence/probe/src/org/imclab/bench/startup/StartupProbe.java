package org.imclab.bench.startup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up probe for bench/persistence, loaded as a Java agent ({@code -javaagent:startup-probe.jar=<out-dir>})
 * only so that its jar joins the application class path: Spring Boot then finds this run listener in the jar's
 * META-INF/spring.factories, installs {@link RecordingStartup} before the context exists, and when the
 * application is ready writes {@code <out-dir>/<service>-<pid>.txt}: one summary line (seconds) and the steps
 * with the most exclusive CPU. It changes no bean. It needs the extracted jar that ./imclab starts when class
 * data sharing is on: from the fat jar, Spring's classes are loaded by Boot's nested-jar class loader, which
 * classes on the system class path (the agent's) cannot see.
 */
public final class StartupProbe implements SpringApplicationRunListener {

    private static volatile Path outDir = Path.of(System.getProperty("java.io.tmpdir"));

    private final RecordingStartup startup = new RecordingStartup();

    /** Agent entry point: the argument is the output folder. */
    public static void premain(String args) {
        if (args != null && !args.isBlank()) outDir = Path.of(args);
    }

    public StartupProbe(SpringApplication application, String[] args) {
        application.setApplicationStartup(startup);
    }

    @Override
    public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
        long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        ThreadCpu threadCpu = ThreadCpu.read();
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        List<JpaShare.Exclusive> steps = new JpaShare(context.getBeanFactory()).exclusive(startup.endedSteps());
        long jpaWall = 0, jpaCpu = 0, jpaMainCpu = 0;
        for (JpaShare.Exclusive e : steps) {
            if (!e.jpa()) continue;
            jpaWall += e.wallNanos();
            jpaCpu += e.cpuNanos();
            if (e.step().thread().equals(Thread.currentThread().getName())) jpaMainCpu += e.cpuNanos();
        }
        String service = context.getEnvironment().getProperty("imclab.service", "app");
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "service=%s started_s=%.2f uptime_s=%.2f process_cpu_s=%.2f main_cpu_s=%.2f compiler_cpu_s=%.2f gc_vm_cpu_s=%.2f"
                        + " jpa_wall_s=%.2f jpa_cpu_s=%.2f jpa_main_cpu_s=%.2f steps=%d%n",
                service, timeTaken.toNanos() / 1e9, uptimeMs / 1e3, processCpu / 1e9, mainCpu / 1e9,
                threadCpu.compilerNanos() / 1e9, threadCpu.gcVmNanos() / 1e9,
                jpaWall / 1e9, jpaCpu / 1e9, jpaMainCpu / 1e9, steps.size()));
        out.append("# top steps by exclusive thread CPU: cpu_ms wall_ms jpa thread step\n");
        for (JpaShare.Exclusive e : steps.subList(0, Math.min(40, steps.size()))) {
            out.append(String.format(Locale.ROOT, "%7.1f %7.1f %-5s %-12s %s%n", e.cpuNanos() / 1e6, e.wallNanos() / 1e6,
                    e.jpa(), e.step().thread(), e.label()));
        }
        try {
            Files.createDirectories(outDir);
            String name = service + "-" + ProcessHandle.current().pid();
            Files.writeString(outDir.resolve(name + ".txt"), out);
            Files.writeString(outDir.resolve(name + ".steps.tsv"), stepTable(steps));
        } catch (IOException e) {
            System.err.println("startup probe: " + e);
        }
    }

    /** Every step, in start order: id, parent, thread, inclusive and exclusive wall/CPU (ms), JPA or not, name. */
    private static String stepTable(List<JpaShare.Exclusive> steps) {
        StringBuilder table = new StringBuilder("id\tparent\tthread\twall_ms\tcpu_ms\texcl_wall_ms\texcl_cpu_ms\tjpa\tstep\n");
        steps.stream().sorted(java.util.Comparator.comparingLong(e -> e.step().getId())).forEach(e -> table.append(
                String.format(Locale.ROOT, "%d\t%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%s%n", e.step().getId(),
                        e.step().getParentId(), e.step().thread(), e.step().wallNanos() / 1e6, e.step().cpuNanos() / 1e6,
                        e.wallNanos() / 1e6, e.cpuNanos() / 1e6, e.jpa(), e.label())));
        return table.toString();
    }
}
