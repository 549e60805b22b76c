package org.imclab.hwsim.simulations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.ModelSource;

/**
 * A registry stand-in for tests: models put here by id, with or without weights. It counts the lookups of
 * each model, as a registry would see them, so a test can check how often a job asks.
 */
class InMemoryModelSource implements ModelSource {

    private final Map<String, ModelDescription> descriptions = new LinkedHashMap<>();
    private final Map<String, EvaluableModel> models = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** How often {@code id} was described or loaded so far. */
    int lookups(String id) {
        return lookups.computeIfAbsent(id, k -> new AtomicInteger()).get();
    }

    private void count(String id) {
        lookups.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    void put(ModelDescription d) {
        descriptions.put(d.id(), d);
    }

    void put(EvaluableModel m) {
        models.put(m.id(), m);
        descriptions.putIfAbsent(m.id(), new ModelDescription(m.id(), m.spec(), "standard", null));
    }

    @Override
    public Optional<ModelDescription> describe(String modelId) {
        count(modelId);
        return Optional.ofNullable(descriptions.get(modelId));
    }

    @Override
    public EvaluableModel load(String modelId) {
        count(modelId);
        EvaluableModel m = models.get(modelId);
        if (m == null) {
            throw new IllegalArgumentException("model '" + modelId + "' has no weights here");
        }
        return m;
    }
}
