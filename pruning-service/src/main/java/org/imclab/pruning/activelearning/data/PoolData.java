package org.imclab.pruning.activelearning.data;

import org.imclab.pruning.activelearning.FeatureData;

/**
 * A data set ready for active learning: all rows, and which row ids form the unlabelled pool and which
 * the held-out test split. Pool ids are row indices, stable across restarts.
 */
public record PoolData(String id, String name, FeatureData data, int[] poolIds, int[] testIds) {
}
