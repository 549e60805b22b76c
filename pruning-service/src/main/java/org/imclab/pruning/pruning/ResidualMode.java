package org.imclab.pruning.pruning;

/** How filters whose outputs an {@code add} ties together (residual blocks) are treated. */
public enum ResidualMode {
    /** Remove the same channels from every conv of a coupled group, so the addition stays consistent. */
    COUPLED,
    /** Leave coupled groups alone and prune only convs whose channels nothing else shares (inner convs). */
    INNER_ONLY
}
