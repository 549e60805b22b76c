package org.imclab.pruning.registry;

/**
 * What pruning-service needs to know about a registered model.
 *
 * @param specJson   the model spec as JSON (common.nn's ModelSpec), or null
 * @param weightsSha SHA-256 of the weights artifact, or null
 */
public record ModelMetadata(String id, String name, Integer version, String specJson, String weightsSha) {
}
