package org.imclab.hwsim.simulations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.ModelSource;

/** A registry stand-in for tests: models put here by id, with or without weights. */
class InMemoryModelSource implements ModelSource {

    private final Map<String, ModelDescription> descriptions = new LinkedHashMap<>();
    private final Map<String, EvaluableModel> models = new LinkedHashMap<>();

    void put(ModelDescription d) {
        descriptions.put(d.id(), d);
    }

    void put(EvaluableModel m) {
        models.put(m.id(), m);
        descriptions.putIfAbsent(m.id(), new ModelDescription(m.id(), m.spec(), "standard", null));
    }

    @Override
    public Optional<ModelDescription> describe(String modelId) {
        return Optional.ofNullable(descriptions.get(modelId));
    }

    @Override
    public EvaluableModel load(String modelId) {
        EvaluableModel m = models.get(modelId);
        if (m == null) {
            throw new IllegalArgumentException("model '" + modelId + "' has no weights here");
        }
        return m;
    }
}
