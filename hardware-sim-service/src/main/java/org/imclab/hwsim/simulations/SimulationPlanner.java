package org.imclab.hwsim.simulations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imclab.common.jobs.JobPlan;
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
 * {@link ApiException} naming the request field, so the controller answers 400 before a job exists. The
 * controller plans once, at submit; the plan is stored with the job ({@link JobPlan}) and the job runs it,
 * so a registered model is described once per job.
 */
@Component
class SimulationPlanner {

    static final int MAX_SWEEP_POINTS = 1000;
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private final ModelSource models;

    SimulationPlanner(ModelSource models) {
        this.models = models;
    }

    /** The plan and the run params it resolves, for {@link org.imclab.common.jobs.JobSubmissions}. */
    JobPlan jobPlan(SimulationRequest r) {
        SimulationPlan plan = plan(r);
        return new JobPlan(plan, SimulationPlanner.params(plan));
    }

    SimulationPlan plan(SimulationRequest r) {
        String preset = r.presetOrDefault();
        if (!CrossbarPresets.names().contains(preset)) {
            throw ApiException.badRequest("preset", "unknown preset '" + preset + "'; allowed: " + CrossbarPresets.names());
        }
        CrossbarParams params = params(preset, r.overrides());
        int crossbars = atLeastOne("crossbarBudget", r.crossbarsOrDefault());
        int batch = atLeastOne("batch", r.batchOrDefault());
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
        Usage usage = usage(b, model, layers, params);
        SweepAxis axis = null;
        List<Number> values = null;
        if (r.type() == SimulationType.SWEEP) {
            if (r.sweep() == null || r.sweep().axis() == null) {
                throw ApiException.badRequest(r.sweep() == null ? "sweep" : "sweep.axis", "is required for a SWEEP");
            }
            axis = r.sweep().axis();
            values = sweepValues(axis, r.sweep().values());
        }
        checkBasisFits(r.type(), axis, crossbars, usage.usage(), params);
        NoiseOptions noise = r.type() == SimulationType.NOISY_ACCURACY ? noise(r, params) : null;
        return new SimulationPlan(r.type(), model.label(), r.model().modelId(), model.spec(), layers, preset, params,
                crossbars, batch, usage.usage(), usage.source(), usage.denseFallback(), b.policyOrDefault(), axis,
                values, noise, activity, r.inputActivity() != null);
    }

    private static int atLeastOne(String field, int value) {
        if (value < 1) {
            throw ApiException.badRequest(field, "must be at least 1, got " + value);
        }
        return value;
    }

    /**
     * The BasisN usage charged.
     *
     * @param source        "dense" or "registry:&lt;id&gt;"
     * @param denseFallback layers a registered usage did not list, charged dense
     */
    private record Usage(BasisNUsage usage, String source, List<String> denseFallback) {
    }

    /**
     * A registered model's recorded usage (basisN.fromModelId, or the simulated model itself when it is a
     * BasisN model), else a dense usage of the requested basis size and coefficient bits.
     */
    private Usage usage(SimulationRequest.BasisNOptions b, Resolved model, List<LayerInfo> layers,
            CrossbarParams params) {
        if (b.basisSizeOrDefault() < 1) {
            throw ApiException.badRequest("basisN.basisSize", "must be at least 1, got " + b.basisSize());
        }
        if (b.coeffBitsOrDefault() < 1 || b.coeffBitsOrDefault() > 32) {
            throw ApiException.badRequest("basisN.coeffBits", "must be in 1..32, got " + b.coeffBits());
        }
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
        if (usageModel == null) {
            return new Usage(BasisNUsage.dense(layers, b.basisSizeOrDefault(), b.coeffBitsOrDefault(), params), "dense",
                    List.of());
        }
        try {
            RegisteredUsage.Parsed parsed = RegisteredUsage.parse(usageModel.basisN(), usageModel.spec(), layers, params);
            return new Usage(parsed.usage(), "registry:" + usageModel.id(), parsed.denseFallback());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ApiException.badRequest(usageField, e.getMessage());
        }
    }

    /**
     * COST, and a SWEEP over anything but the crossbar budget or cell precision, compares against one copy
     * of the basis: the budget must hold it.
     */
    private static void checkBasisFits(SimulationType type, SweepAxis axis, int crossbars, BasisNUsage usage,
            CrossbarParams params) {
        boolean needsBasisFit = type == SimulationType.COST
                || (type == SimulationType.SWEEP && axis != SweepAxis.CROSSBARS && axis != SweepAxis.BITS_PER_CELL);
        long xb = usage.basisCrossbars(params);
        if (needsBasisFit && crossbars < xb) {
            throw ApiException.badRequest("crossbarBudget", "is " + crossbars + ", below X_B = " + xb
                    + " crossbars that one copy of the basis needs (N = " + usage.basisSize() + ", cellsPerValue = "
                    + params.cellsPerValue() + ", C = " + params.cols() + ")");
        }
    }

    /** NOISY_ACCURACY: a registered model (weights and test data) and noise options the simulator can run. */
    private static NoiseOptions noise(SimulationRequest r, CrossbarParams params) {
        if (r.model().modelId() == null) {
            throw ApiException.badRequest("model.modelId", "NOISY_ACCURACY needs a registered model (weights and test data)");
        }
        if (r.noise() == null) {
            throw ApiException.badRequest("noise", "is required for NOISY_ACCURACY");
        }
        NoiseOptions noise = r.noise();
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
        return noise;
    }

    /** The resolved values beside the request's own params: defaults filled in, the usage's source named. */
    static Map<String, String> params(SimulationPlan plan) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", plan.type().name());
        p.put("model", plan.model());
        p.put("preset", plan.preset());
        p.put("crossbarBudget", String.valueOf(plan.crossbars()));
        p.put("batch", String.valueOf(plan.batch()));
        p.put("basisN.basisSize", String.valueOf(plan.usage().basisSize()));
        p.put("basisN.coeffBits", String.valueOf(plan.usage().coeffBits()));
        p.put("basisN.policy", plan.policy().name());
        p.put("basisN.usage", plan.usageSource());
        p.put("inputActivity", String.valueOf(plan.inputActivity()));
        if (plan.axis() != null) {
            p.put("sweep.axis", plan.axis().name());
            p.put("sweep.points", String.valueOf(plan.values().size()));
        }
        if (plan.noise() != null) {
            p.put("noise.sigmas", plan.noise().sigmas().toString());
            p.put("noise.variation", plan.noise().variationOrDefault().name());
            p.put("noise.chips", String.valueOf(plan.noise().chipsOrDefault()));
            p.put("noise.seed", String.valueOf(plan.noise().seedOrDefault()));
            p.put("noise.stuckAtOnRate", String.valueOf(plan.noise().stuckAtOnOrDefault()));
            p.put("noise.stuckAtOffRate", String.valueOf(plan.noise().stuckAtOffOrDefault()));
            p.put("noise.adcBits", String.valueOf(plan.noise().adcBits() == null ? plan.params().adcBits()
                    : plan.noise().adcBits()));
        }
        return p;
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
