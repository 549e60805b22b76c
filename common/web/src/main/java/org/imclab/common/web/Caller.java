package org.imclab.common.web;

import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who a request or a job acts for, as the gateway vouched for it: the owning API key (as
 * {@code key:<id>}), its highest scope, and an optional project. Services never see API keys; they
 * see a Caller, signed by the gateway ({@link CallerSignature}) and checked by a filter.
 *
 * <p>A worker running a job binds the job's owner with {@link #bind(Caller)}, so calls it makes to
 * other services (the model registry) act for the same owner, and see only what the owner may see.
 */
public record Caller(String owner, Scope scope, String project) {

    /** read &lt; submit &lt; admin, the gateway's key scopes. */
    public enum Scope {
        READ, SUBMIT, ADMIN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Scope> parse(String wire) {
            for (Scope s : values()) {
                if (s.wireName().equals(wire)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** The platform itself (start-up tasks, built-in objects); sees everything like an admin. */
    public static final Caller SYSTEM = new Caller("system", Scope.ADMIN, null);

    /** Request attribute under which the credential filter stores the verified caller. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    private static final ThreadLocal<Caller> BOUND = new ThreadLocal<>();

    public Caller {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner is required");
        }
        if (scope == null) {
            throw new IllegalArgumentException("scope is required");
        }
        project = project == null || project.isBlank() ? null : project;
    }

    public boolean isAdmin() {
        return scope == Scope.ADMIN;
    }

    /** Admins see all; others see what they own, or what belongs to their project. */
    public boolean canSee(String objectOwner, String objectProject) {
        return isAdmin() || owner.equals(objectOwner) || (project != null && project.equals(objectProject));
    }

    /** The caller of the current request, or the one bound to this thread by a running job. */
    public static Optional<Caller> current() {
        Caller bound = BOUND.get();
        if (bound != null) {
            return Optional.of(bound);
        }
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((Caller) attrs.getAttribute(REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    /** The current caller; outside any request or job, the platform itself. */
    public static Caller currentOrSystem() {
        return current().orElse(SYSTEM);
    }

    /** Makes {@code caller} current on this thread until the returned scope is closed. */
    public static Binding bind(Caller caller) {
        Caller previous = BOUND.get();
        BOUND.set(caller);
        return () -> {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        };
    }

    /** A thread binding that undoes itself. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
