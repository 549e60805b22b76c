package org.imclab.common.jobs;

/**
 * A {@link JobHandler} whose kind, request type, concurrency group and slots are fixed when it is built, so
 * a handler states them once in its constructor ({@code super(KIND, Request.class, DJL_GRADIENT, 1)}) and
 * writes only {@link #run}.
 *
 * @param <R> the request record the job was submitted with
 */
public abstract class AbstractJobHandler<R> implements JobHandler<R> {

    private final String kind;
    private final Class<R> requestType;
    private final String concurrencyGroup;
    private final int maxConcurrency;

    /** A handler in its own group ({@code kind}) with one slot per JVM. */
    protected AbstractJobHandler(String kind, Class<R> requestType) {
        this(kind, requestType, kind, 1);
    }

    protected AbstractJobHandler(String kind, Class<R> requestType, String concurrencyGroup, int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
        }
        this.kind = kind;
        this.requestType = requestType;
        this.concurrencyGroup = concurrencyGroup;
        this.maxConcurrency = maxConcurrency;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final Class<R> requestType() {
        return requestType;
    }

    @Override
    public final String concurrencyGroup() {
        return concurrencyGroup;
    }

    @Override
    public final int maxConcurrency() {
        return maxConcurrency;
    }
}
