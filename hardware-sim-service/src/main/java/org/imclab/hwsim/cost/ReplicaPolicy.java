package org.imclab.hwsim.cost;

/**
 * How BasisN's spare crossbars replicate the basis, which sets the segment passes of a layer that
 * run in parallel.
 */
public enum ReplicaPolicy {

    /**
     * parallelPasses_l = floor(X / groupsUsed_l): each crossbar group is replicated over the spare
     * crossbars, so a layer whose coefficients use g groups runs floor(X/g) passes at once
     * (docs/science/basisn.md §1(c)). Exact when the layers share the groups they use (group lasso that
     * concentrates coefficients in the same groups); an upper bound on the parallelism otherwise.
     * Deployment programs all X crossbars.
     */
    PER_GROUP,

    /**
     * parallelPasses_l = floor(X / X_B): the chip holds whole basis copies only, so group sparsity
     * saves energy (fewer crossbars fire per pass) but not time. The conservative bound.
     * Deployment programs floor(X / X_B) * X_B crossbars.
     */
    FULL_BASIS
}
