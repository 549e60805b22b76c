package org.imclab.pruning.registry;

import java.util.List;

/**
 * What pruning-service needs to know about a training-service data set version.
 *
 * @param id          the version's id in training-service
 * @param kind        "image" or "tabular" (null if the registry did not say)
 * @param shape       sample shape without the batch axis: [C, H, W] or [features]
 * @param artifactSha SHA-256 of the version's .npz in the shared artifact store
 */
public record DatasetMetadata(String id, String name, Integer version, String kind, int[] shape,
        List<String> classNames, String artifactSha) {
}
