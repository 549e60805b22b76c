package org.imclab.hwsim.noise;

import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.nn.ModelSpec;

/**
 * A model with weights and the data to test it on.
 *
 * @param id           registry id (or a local name)
 * @param spec         the model spec
 * @param weights      parameters in common.nn SpecWeights format
 * @param basisFactory builds the spec's BasisN layers; null when it has none
 * @param testSet      the test samples
 */
public record EvaluableModel(String id, ModelSpec spec, byte[] weights, LayerBlockFactory basisFactory, TestSet testSet) {
}
