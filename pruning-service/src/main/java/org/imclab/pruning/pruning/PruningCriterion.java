package org.imclab.pruning.pruning;

/**
 * How filters are chosen for removal (docs/science/class-aware-pruning.md §3). Class-aware is the method; the others are the
 * matched-FLOPs baselines.
 */
public enum PruningCriterion {
    /** Per-class first-order Taylor importance and the class count n_f (Jiang et al., DATE 2024). */
    CLASS_AWARE,
    /** Sum of absolute filter weights (Li et al., ICLR 2017). */
    L1_NORM,
    /** Uniformly random filters, seeded. */
    RANDOM,
    /** Class-agnostic Taylor: squared batch sum of the gate's first-order term (Molchanov et al., CVPR 2019). */
    TAYLOR
}
