package org.imclab.training.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.web.ApiException;
import org.imclab.training.datasets.DatasetData;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.Samples;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Runs registered models: evaluation on a data set split (accuracy, per-class accuracy, confusion matrix)
 * and prediction on inputs given in the request ({@link PredictionInputs}). Models are looked up through
 * the {@link ModelRegistry}, with the caller's visibility.
 */
@Service
public class ModelInference {

    public static final int MAX_PREDICT_BATCH = 1024;
    private static final int EVAL_BATCH = 256;

    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final DatasetService datasets;

    ModelInference(ModelRegistry registry, ModelLoader loader, DatasetService datasets) {
        this.registry = registry;
        this.loader = loader;
        this.datasets = datasets;
    }

    /** Result of {@link #evaluate}. */
    public record EvaluationView(long modelId, long datasetId, String split, int samples, double accuracy, double loss,
            Map<String, Double> perClassAccuracy, List<String> classNames, long[][] confusionMatrix) {
    }

    /** Accuracy, per-class accuracy and confusion matrix (rows: true class, columns: predicted) on a split. */
    public EvaluationView evaluate(long modelId, long datasetId, String split) {
        ModelVersion model = registry.get(modelId);
        DatasetVersion version = datasets.find(datasetId)
                .orElseThrow(() -> ApiException.badRequest("datasetId", "data set " + datasetId + " does not exist"));
        checkCompatible(model.spec(), version, "datasetId");
        DatasetData data = datasets.load(version);
        // A model trained on raw tabular features (lineage.standardize false) is evaluated on raw features too.
        boolean standardize = !Boolean.FALSE.equals(model.lineage().get("standardize"));
        Samples samples = data.samples(split == null ? DatasetData.TEST : split, false, standardize);
        if (samples.size() == 0) {
            throw ApiException.badRequest("split", "the " + split + " split of data set " + datasetId + " is empty");
        }
        Evaluation e;
        try (LoadedModel m = loader.load(model)) {
            e = m.evaluate(samples, EVAL_BATCH);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < version.classNames().size(); c++) {
            perClass.put(version.classNames().get(c), Double.isNaN(e.perClass()[c]) ? null : e.perClass()[c]);
        }
        return new EvaluationView(modelId, datasetId, split == null ? DatasetData.TEST : split, e.samples(),
                e.accuracy(), e.loss(), perClass, version.classNames(), e.confusion());
    }

    /** Rejects a data set whose sample shape or class count the spec cannot take. */
    public static void checkCompatible(ModelSpec spec, DatasetVersion data, String field) {
        if (!Arrays.equals(spec.input(), data.shape())) {
            throw ApiException.badRequest(field, "data set samples are " + Arrays.toString(data.shape())
                    + " but the model takes " + Arrays.toString(spec.input()));
        }
        if (spec.classes() != data.numClasses()) {
            throw ApiException.badRequest(field, "data set has " + data.numClasses() + " classes but the model has "
                    + spec.classes());
        }
    }

    /** Prediction request: raw inputs in data set units (pixels 0–255 or raw features), or base64 uint8 pixels. */
    public record PredictRequest(List<JsonNode> inputs, Boolean normalized) {
    }

    public record Prediction(int predictedClass, String label, float[] probabilities) {
    }

    public record PredictResponse(long modelId, List<String> classNames, List<Prediction> predictions) {
    }

    public PredictResponse predict(long modelId, PredictRequest request) {
        ModelVersion model = registry.get(modelId);
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw ApiException.badRequest("inputs", "give at least one input");
        }
        List<JsonNode> inputs = request.inputs();
        if (inputs.size() > MAX_PREDICT_BATCH) {
            throw ApiException.badRequest("inputs", inputs.size() + " inputs exceed the limit of " + MAX_PREDICT_BATCH);
        }
        float[] features = PredictionInputs.features(model, inputs, Boolean.TRUE.equals(request.normalized()));
        List<String> classNames = ModelLineage.classNames(model);
        float[][] p;
        try (LoadedModel m = loader.load(model)) {
            p = m.probabilities(features, inputs.size());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<Prediction> out = new ArrayList<>();
        for (float[] row : p) {
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            out.add(new Prediction(best, best < classNames.size() ? classNames.get(best) : Integer.toString(best), row));
        }
        return new PredictResponse(modelId, classNames, out);
    }
}
