package org.imclab.training.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.InvalidSpecException;
import org.imclab.common.nn.ModelAnalysis;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Attachments;
import org.imclab.common.web.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The model registry and spec tools. */
@RestController
@RequestMapping("/api/v1/models")
class ModelController {

    private final ModelRegistry models;
    private final ModelInference inference;

    ModelController(ModelRegistry models, ModelInference inference) {
        this.models = models;
        this.inference = inference;
    }

    @Operation(summary = "List registered model versions, newest first")
    @GetMapping
    Page<ModelVersion> list(@RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "kind", required = false) String kind,
            @RequestParam(name = "page_size", required = false) Integer pageSize,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        return models.list(name, kind, pageSize, pageToken);
    }

    @Operation(summary = "Register a model whose weights are already stored (e.g. a pruned model)",
            description = "The spec is validated and the weights artifact must exist and load into it; "
                    + "201 with Location for a new version, 200 when lineage.jobId already registered one.")
    @ApiResponse(responseCode = "201", description = "The new version", headers = @Header(name = "Location", description = "The model version's path", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "lineage.jobId had already registered a version: that one")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelVersion> register(@RequestBody ModelRegistry.RegisterRequest request) {
        ModelRegistry.Registration r = models.register(request);
        if (!r.created()) {
            return ResponseEntity.ok(r.model());
        }
        return ResponseEntity.created(URI.create("/api/v1/models/" + r.model().id())).body(r.model());
    }

    @Operation(summary = "Zoo model names and the options each takes")
    @GetMapping("/zoo")
    Map<String, Object> zoo() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("mlp", List.of("hidden"));
        options.put("lenet5", List.of());
        options.put("vgg", List.of("config", "batchnorm"));
        options.put("resnet", List.of("depth", "imagenet"));
        options.put("densenet", List.of("depth", "growth", "compression", "bottleneck", "imagenet"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("names", ModelZoo.NAMES);
        out.put("options", options);
        return out;
    }

    /**
     * @param model   zoo name + options, or a full spec
     * @param input   input shape [C,H,W] or [features]; defaults to the spec's own
     * @param classes class count for zoo models (default 10)
     */
    record AnalyzeRequest(ModelChoice model, int[] input, Integer classes) {
    }

    @Operation(summary = "Per-layer shapes, parameters and MACs of a spec or zoo model at an input size")
    @PostMapping(path = "/analyze", consumes = MediaType.APPLICATION_JSON_VALUE)
    ModelAnalysis analyze(@RequestBody AnalyzeRequest request) {
        if (request.model() == null) {
            throw ApiException.badRequest("model", "give {\"name\": ...} or {\"spec\": {...}}");
        }
        int classes = request.classes() == null ? 10 : request.classes();
        if (classes < 1) {
            throw ApiException.badRequest("classes", "must be >= 1");
        }
        int[] input = request.input();
        if (input == null && request.model().spec() != null) {
            input = request.model().spec().input();
        }
        if (input == null) {
            String n = request.model().name() == null ? "" : request.model().name();
            input = n.equals("resnet18") || n.equals("resnet50") || n.equals("densenet121") ? new int[] {3, 224, 224}
                    : n.equals("lenet5") ? new int[] {1, 28, 28} : new int[] {3, 32, 32};
        }
        for (int d : input) {
            if (d < 1) {
                throw ApiException.badRequest("input", "dimensions must be positive");
            }
        }
        ModelSpec spec = request.model().resolve(input, classes, "model");
        try {
            return SpecAnalysis.analyze(spec, input);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException("model.spec." + e.field(), e.layer(), e.reason());
        }
    }

    @Operation(summary = "Get a model version: spec, metrics, lineage")
    @GetMapping("/{id}")
    ModelVersion get(@PathVariable long id) {
        return models.get(id);
    }

    @Operation(summary = "Download the weights (DJL parameter format, as SpecWeights writes them)")
    @ApiResponse(responseCode = "200", description = "The weights file, streamed",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    @GetMapping(path = "/{id}/weights", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    void weights(@PathVariable long id, HttpServletResponse response) throws IOException {
        ModelVersion m = models.get(id);
        Attachments.begin(response, MediaType.APPLICATION_OCTET_STREAM_VALUE, m.name() + "-v" + m.version() + ".params",
                models.weightsSize(m));
        // Streamed chunk by chunk from the artifact store, never held whole in memory.
        models.writeWeights(m, response.getOutputStream());
    }

    /**
     * @param datasetId data set version to evaluate on; default: the one the model was trained on (lineage.datasetId)
     * @param split     train, val or test (default test)
     */
    record EvaluateRequest(Long datasetId, String split) {
    }

    @Operation(summary = "Evaluate on a data set split: accuracy, per-class accuracy, confusion matrix",
            description = "datasetId defaults to the data set in the model's lineage (the one it was trained or "
                    + "pruned on), so {\"split\": \"test\"} evaluates on its own test split; 400 naming datasetId "
                    + "only when the lineage records none. split defaults to test.")
    @PostMapping(path = "/{id}/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ModelInference.EvaluationView evaluate(@PathVariable long id, @RequestBody EvaluateRequest request) {
        ModelVersion model = models.get(id);
        long datasetId = request.datasetId() != null ? request.datasetId()
                : ModelLineage.dataset(model).orElseThrow(() -> ApiException.badRequest("datasetId",
                        "is required: model " + id + " records no data set in its lineage"));
        return inference.evaluate(id, datasetId, request.split());
    }

    @Operation(summary = "Class probabilities for a batch of inputs",
            description = "inputs: arrays of numbers in data set units (pixels 0-255, raw features), or base64 "
                    + "strings of uint8 pixels; each must have as many values as the spec's input shape. The "
                    + "training data set's normalisation is applied unless normalized=true.")
    @PostMapping(path = "/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    ModelInference.PredictResponse predict(@PathVariable long id, @RequestBody ModelInference.PredictRequest request) {
        return inference.predict(id, request);
    }
}
