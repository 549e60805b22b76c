package org.imclab.pruning.pruning;

/**
 * How filters are chosen for removal (docs/science/class-aware-pruning.md §3). The class-aware criteria are the
 * method; the others are the matched-FLOPs baselines.
 */
public enum PruningCriterion {
    /** Per-class first-order Taylor importance and the class count n_f, as the paper describes it (Jiang et al., DATE 2024). */
    CLASS_AWARE,
    /**
     * The class count as the authors' released code computes it: |a·∂L/∂a| binarised per position, class fractions
     * summed, maximum over positions ({@link BinaryClassImportance}).
     */
    CLASS_AWARE_BINARY,
    /** Sum of absolute filter weights (Li et al., ICLR 2017), ranked globally across layers. */
    L1_NORM,
    /**
     * The same L1 score ranked within each layer: every layer loses the same fraction of its filters
     * (Torch-Pruning's default, global_pruning=False).
     */
    L1_NORM_PER_LAYER,
    /** Uniformly random filters, seeded. */
    RANDOM,
    /** Class-agnostic Taylor: squared batch sum of the gate's first-order term (Molchanov et al., CVPR 2019). */
    TAYLOR;

    /** Class-aware criteria can run the rule alone (no MAC target): remove filters serving fewer than kMin classes. */
    public boolean classAware() {
        return this == CLASS_AWARE || this == CLASS_AWARE_BINARY;
    }
}
