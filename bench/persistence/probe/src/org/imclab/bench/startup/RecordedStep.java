package org.imclab.bench.startup;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.core.metrics.StartupStep;

/** One Spring start-up step with its wall and thread-CPU interval (nanoseconds). */
final class RecordedStep implements StartupStep {

    private final RecordingStartup owner;
    private final long id;
    private final Long parentId;
    private final String name;
    private final String thread;
    private final long wallStart;
    private final long cpuStart;
    private final List<Tag> tags = new ArrayList<>();
    private long wallEnd = -1;
    private long cpuEnd = -1;

    RecordedStep(RecordingStartup owner, long id, Long parentId, String name, String thread, long wallStart, long cpuStart) {
        this.owner = owner;
        this.id = id;
        this.parentId = parentId;
        this.name = name;
        this.thread = thread;
        this.wallStart = wallStart;
        this.cpuStart = cpuStart;
    }

    @Override public String getName() { return name; }
    @Override public long getId() { return id; }
    @Override public Long getParentId() { return parentId; }

    @Override
    public StartupStep tag(String key, String value) {
        tags.add(new SimpleTag(key, value));
        return this;
    }

    @Override
    public StartupStep tag(String key, Supplier<String> value) {
        return tag(key, value.get());
    }

    @Override
    public Tags getTags() {
        return () -> (Iterator<Tag>) (Iterator<? extends Tag>) tags.iterator();
    }

    @Override
    public void end() {
        owner.end(this);
    }

    void finish(long wallEnd, long cpuEnd) {
        this.wallEnd = wallEnd;
        this.cpuEnd = cpuEnd;
    }

    String tag(String key) {
        for (Tag t : tags) {
            if (t.getKey().equals(key)) return t.getValue();
        }
        return null;
    }

    String thread() { return thread; }
    long wallStart() { return wallStart; }
    long wallNanos() { return wallEnd - wallStart; }
    long cpuNanos() { return cpuEnd - cpuStart; }

    private record SimpleTag(String key, String value) implements Tag {
        @Override public String getKey() { return key; }
        @Override public String getValue() { return value; }
    }
}
