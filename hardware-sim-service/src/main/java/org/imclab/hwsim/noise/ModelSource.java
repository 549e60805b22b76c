package org.imclab.hwsim.noise;

import java.util.Optional;
import org.imclab.common.nn.ModelSpec;
import tools.jackson.databind.JsonNode;

/**
 * Where simulations get registered models from: training-service's registry in a running system
 * ({@link RegistryModelSource}), a local stand-in in tests.
 */
public interface ModelSource {

    /** What a model is, without its weights, or empty if there is no such model. */
    Optional<ModelDescription> describe(String modelId);

    /**
     * The model with weights, BasisN layer factory and test split.
     *
     * @throws IllegalArgumentException if the model cannot be evaluated (no such model, no weights, no test data)
     */
    EvaluableModel load(String modelId);

    /**
     * @param id     model id
     * @param spec   its spec
     * @param kind   registry kind, e.g. "standard" or "basisn" (null if unknown)
     * @param basisN the registry's BasisN usage record, or null
     */
    record ModelDescription(String id, ModelSpec spec, String kind, JsonNode basisN) {
    }
}
