package org.imclab.hwsim.simulations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imclab.common.nn.InvalidSpecException;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.nn.SpecValidator;
import org.imclab.common.registry.RegistryException;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.noise.ModelSource;
import org.imclab.hwsim.noise.NoiseOptions;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Checks a simulation request and resolves it into a {@link SimulationPlan}. Every problem is an
 * {@link ApiException} naming the request field, so the controller answers 400 before a job exists and
 * the job, which plans again, fails with the same message.
 */
@Component
class SimulationPlanner {

    static final int MAX_SWEEP_POINTS = 1000;
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private final ModelSource models;

    SimulationPlanner(ModelSource models) {
        this.models = models;
    }

    SimulationPlan plan(SimulationRequest r) {
        String preset = r.presetOrDefault();
        if (!CrossbarPresets.names().contains(preset)) {
            throw ApiException.badRequest("preset", "unknown preset '" + preset + "'; allowed: " + CrossbarPresets.names());
        }
        CrossbarParams params = params(preset, r.overrides());
        int crossbars = r.crossbarsOrDefault();
        if (crossbars < 1) {
            throw ApiException.badRequest("crossbarBudget", "must be at least 1, got " + crossbars);
        }
        int batch = r.batchOrDefault();
        if (batch < 1) {
            throw ApiException.badRequest("batch", "must be at least 1, got " + batch);
        }
        double activity = r.inputActivityOrDefault();
        if (!(activity >= 0 && activity <= 1)) {
            throw ApiException.badRequest("inputActivity", "must be in [0, 1], got " + r.inputActivity());
        }
        Resolved model = model(r.model());
        List<LayerInfo> layers = SpecAnalysis.analyze(model.spec()).layers();
        if (layers.stream().noneMatch(LayerInfo::isWeightLayer)) {
            throw ApiException.badRequest("model", "the network has no conv or linear layer to map");
        }

        SimulationRequest.BasisNOptions b = r.basisNOrDefault();
        if (b.basisSizeOrDefault() < 1) {
            throw ApiException.badRequest("basisN.basisSize", "must be at least 1, got " + b.basisSize());
        }
        if (b.coeffBitsOrDefault() < 1 || b.coeffBitsOrDefault() > 32) {
            throw ApiException.badRequest("basisN.coeffBits", "must be in 1..32, got " + b.coeffBits());
        }
        BasisNUsage usage;
        String usageSource;
        List<String> fallback = List.of();
        ModelSource.ModelDescription usageModel = null;
        String usageField = "basisN.fromModelId";
        if (b.fromModelId() != null) {
            usageModel = describe(b.fromModelId(), usageField);
            if (usageModel.basisN() == null) {
                throw ApiException.badRequest(usageField, "model '" + b.fromModelId() + "' records no BasisN usage");
            }
        } else if (model.description() != null && model.description().basisN() != null) {
            usageModel = model.description();
            usageField = "model.modelId";
        }
        if (usageModel != null) {
            try {
                RegisteredUsage.Parsed parsed = RegisteredUsage.parse(usageModel.basisN(), usageModel.spec(), layers, params);
                usage = parsed.usage();
                fallback = parsed.denseFallback();
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw ApiException.badRequest(usageField, e.getMessage());
            }
            usageSource = "registry:" + usageModel.id();
        } else {
            usage = BasisNUsage.dense(layers, b.basisSizeOrDefault(), b.coeffBitsOrDefault(), params);
            usageSource = "dense";
        }

        SweepAxis axis = null;
        List<Number> values = null;
        NoiseOptions noise = null;
        long xb = usage.basisCrossbars(params);
        boolean needsBasisFit = r.type() == SimulationType.COST;
        if (r.type() == SimulationType.SWEEP) {
            if (r.sweep() == null || r.sweep().axis() == null) {
                throw ApiException.badRequest(r.sweep() == null ? "sweep" : "sweep.axis", "is required for a SWEEP");
            }
            axis = r.sweep().axis();
            values = sweepValues(axis, r.sweep().values());
            needsBasisFit = axis != SweepAxis.CROSSBARS && axis != SweepAxis.BITS_PER_CELL;
        }
        if (needsBasisFit && crossbars < xb) {
            throw ApiException.badRequest("crossbarBudget", "is " + crossbars + ", below X_B = " + xb
                    + " crossbars that one copy of the basis needs (N = " + usage.basisSize() + ", cellsPerValue = "
                    + params.cellsPerValue() + ", C = " + params.cols() + ")");
        }
        if (r.type() == SimulationType.NOISY_ACCURACY) {
            if (r.model().modelId() == null) {
                throw ApiException.badRequest("model.modelId", "NOISY_ACCURACY needs a registered model (weights and test data)");
            }
            if (r.noise() == null) {
                throw ApiException.badRequest("noise", "is required for NOISY_ACCURACY");
            }
            noise = r.noise();
            if (noise.stuckAtOnOrDefault() + noise.stuckAtOffOrDefault() > 1) {
                throw ApiException.badRequest("noise.stuckAtOffRate", "stuck-at-ON and stuck-at-OFF rates sum to more than 1");
            }
            if (params.weightBits() > 30) {
                throw ApiException.badRequest("overrides.weightBits", "at most 30 bits can be simulated, got "
                        + params.weightBits());
            }
            if (params.bitsPerCell() > params.weightBits()) {
                throw ApiException.badRequest("overrides.bitsPerCell", "must not exceed weightBits ("
                        + params.weightBits() + ")");
            }
        }
        return new SimulationPlan(r.type(), model.label(), r.model().modelId(), model.spec(), layers, preset, params,
                crossbars, batch, usage, usageSource, fallback, b.policyOrDefault(), axis, values, noise,
                activity, r.inputActivity() != null);
    }

    private static CrossbarParams params(String preset, Map<String, Double> overrides) {
        try {
            return CrossbarPresets.get(preset, overrides);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(overrideField(e.getMessage(), overrides), e.getMessage());
        }
    }

    /** The override the engine's message is about: its first quoted name, else the first key it mentions. */
    static String overrideField(String message, Map<String, Double> overrides) {
        Matcher m = QUOTED.matcher(message == null ? "" : message);
        if (m.find()) {
            return "overrides." + m.group(1);
        }
        if (overrides != null && message != null) {
            for (String key : overrides.keySet()) {
                if (message.contains(key)) {
                    return "overrides." + key;
                }
            }
        }
        return "overrides";
    }

    private static List<Number> sweepValues(SweepAxis axis, List<Double> values) {
        if (values == null || values.isEmpty()) {
            return axis.defaultValues();
        }
        if (values.size() > MAX_SWEEP_POINTS) {
            throw ApiException.badRequest("sweep.values", "at most " + MAX_SWEEP_POINTS + " values, got " + values.size());
        }
        List<Number> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || v < 1 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw ApiException.badRequest("sweep.values", "values of " + axis + " must be positive integers; value " + i
                        + " is " + v);
            }
            out.add(v.intValue());
        }
        return out;
    }

    private record Resolved(String label, ModelSpec spec, ModelSource.ModelDescription description) {
    }

    private Resolved model(SimulationRequest.ModelRef m) {
        // A stored request reads an absent spec back as a JSON null node.
        boolean hasSpec = m.spec() != null && !m.spec().isNull() && !m.spec().isMissingNode();
        int given = (m.zoo() != null ? 1 : 0) + (hasSpec ? 1 : 0) + (m.modelId() != null ? 1 : 0);
        if (given != 1) {
            throw ApiException.badRequest("model", "give exactly one of zoo (with input and classes), spec or modelId");
        }
        if (m.zoo() != null) {
            if (!ModelZoo.NAMES.contains(m.zoo())) {
                throw ApiException.badRequest("model.zoo", "unknown model '" + m.zoo() + "'; allowed: " + ModelZoo.NAMES);
            }
            int[] input = m.input();
            if (input == null || (input.length != 1 && input.length != 3) || Arrays.stream(input).anyMatch(d -> d < 1)) {
                throw ApiException.badRequest("model.input", "must be [C, H, W] (or [features]) of positive sizes, got "
                        + Arrays.toString(input));
            }
            if (m.classes() == null || m.classes() < 1) {
                throw ApiException.badRequest("model.classes", "must be at least 1, got " + m.classes());
            }
            try {
                ModelSpec spec = ModelZoo.byName(m.zoo(), input, m.classes());
                return new Resolved(m.zoo() + " " + Arrays.toString(input) + " x" + m.classes(), spec, null);
            } catch (InvalidSpecException e) {
                throw ApiException.badRequest("model.input", "the " + m.zoo() + " topology cannot take input "
                        + Arrays.toString(input) + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("model.input", e.getMessage());
            }
        }
        if (hasSpec) {
            ModelSpec spec;
            try {
                spec = ModelSpec.fromJson(m.spec().toString());
            } catch (tools.jackson.databind.exc.UnrecognizedPropertyException e) {
                String field = "model.spec" + jsonPath(e);
                throw new ApiException(HttpStatus.BAD_REQUEST, field + ": unknown field",
                        List.of(new FieldError(field, "unknown field")));
            } catch (JacksonException | IllegalArgumentException e) {
                throw ApiException.badRequest("model.spec", "is not a model spec: " + e.getMessage());
            }
            try {
                SpecValidator.validate(spec);
            } catch (InvalidSpecException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "model.spec." + e.getMessage(),
                        List.of(new FieldError("model.spec." + e.field(), e.reason())));
            }
            return new Resolved("spec " + spec.name(), spec, null);
        }
        ModelSource.ModelDescription d = describe(m.modelId(), "model.modelId");
        return new Resolved("registry:" + d.id(), d.spec(), d);
    }

    /** ".layers[0].outs" for the path Jackson reports. */
    private static String jsonPath(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            b.append(r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]");
        }
        return b.toString();
    }

    private ModelSource.ModelDescription describe(String id, String field) {
        try {
            return models.describe(id)
                    .orElseThrow(() -> ApiException.badRequest(field, "no model '" + id + "' in the registry"));
        } catch (RegistryException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of(new FieldError(field,
                    "the model registry could not be asked")));
        } catch (InvalidSpecException | JacksonException e) {
            throw ApiException.badRequest(field, "the registered spec is invalid: " + e.getMessage());
        }
    }
}
