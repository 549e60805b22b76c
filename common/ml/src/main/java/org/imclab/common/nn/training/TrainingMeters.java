package org.imclab.common.nn.training;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the last finished epoch of a kind did in this JVM, as Prometheus gauges tagged by {@code service}
 * and {@code kind}: {@code imclab_training_samples_per_second} (training phase throughput) and
 * {@code imclab_training_last_epoch_loss} (mean training data loss). Both read NaN until this replica
 * finishes an epoch of the kind; a JVM trains one job at a time, so "last" is unambiguous.
 */
public class TrainingMeters {

    private record Last(double samplesPerSec, double loss) {
    }

    private static final Last NONE = new Last(Double.NaN, Double.NaN);

    private final MeterRegistry registry;
    private final String service;
    private final Map<String, AtomicReference<Last>> byKind = new ConcurrentHashMap<>();

    /** Registers both gauges for each of {@code kinds} now, at start-up. */
    public TrainingMeters(MeterRegistry registry, String service, Collection<String> kinds) {
        this.registry = registry;
        this.service = service;
        kinds.forEach(this::last);
    }

    /** Gauges that go nowhere: for handlers built outside Spring. */
    public static TrainingMeters none() {
        return new TrainingMeters(new CompositeMeterRegistry(), "none", List.of());
    }

    public void epoch(String kind, EpochMetrics m) {
        last(kind).set(new Last(m.samplesPerSec(), m.trainLoss()));
    }

    private AtomicReference<Last> last(String kind) {
        return byKind.computeIfAbsent(kind, k -> {
            AtomicReference<Last> ref = new AtomicReference<>(NONE);
            Gauge.builder("imclab.training.samples.per.second", ref, r -> r.get().samplesPerSec())
                    .description("Training samples per second of the last finished epoch")
                    .tags("service", service, "kind", k).strongReference(true).register(registry);
            Gauge.builder("imclab.training.last.epoch.loss", ref, r -> r.get().loss())
                    .description("Mean training loss of the last finished epoch")
                    .tags("service", service, "kind", k).strongReference(true).register(registry);
            return ref;
        });
    }
}
