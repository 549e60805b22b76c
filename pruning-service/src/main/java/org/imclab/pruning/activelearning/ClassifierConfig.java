package org.imclab.pruning.activelearning;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import org.imclab.common.web.ApiException;

/**
 * Which classifier to learn with, and its constants; null fields take the documented defaults.
 *
 * @param type          knn | svm | dnn
 * @param k             k-NN: neighbours (default 1)
 * @param c             SVM: C (default 10)
 * @param gamma         SVM: RBF γ; default "scale" = 1 / (F · Var(X_labelled)), as scikit-learn's SVC
 * @param probability   SVM: libsvm -b 1 probabilities instead of the decision-value softmax (default false)
 * @param model         DNN: mlp | lenet5 (default mlp)
 * @param hidden        DNN: MLP hidden widths (default [256, 128])
 * @param epochs        DNN: passes over the labelled set per fit (default 20)
 * @param minSteps      DNN: lower bound on Adam steps per fit, for tiny labelled sets (default 150)
 * @param batchSize     DNN: minibatch (default 64)
 * @param learningRate  DNN: Adam step (default 1e-3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierConfig(String type, Integer k, Double c, Double gamma, Boolean probability, String model,
        List<Integer> hidden, Integer epochs, Integer minSteps, Integer batchSize, Double learningRate) {

    public static final List<String> TYPES = List.of("knn", "svm", "dnn");

    public static ClassifierConfig knn(int k) {
        return new ClassifierConfig("knn", k, null, null, null, null, null, null, null, null, null);
    }

    public static ClassifierConfig svm(double c, Double gamma) {
        return new ClassifierConfig("svm", null, c, gamma, null, null, null, null, null, null, null);
    }

    public static ClassifierConfig dnn(String model, List<Integer> hidden, int epochs, int minSteps) {
        return new ClassifierConfig("dnn", null, null, null, null, model, hidden, epochs, minSteps, null, null);
    }

    public String normalisedType() {
        return type == null ? null : type.toLowerCase(Locale.ROOT);
    }

    /** Throws 400 naming the offending field under {@code prefix} (e.g. "classifier.k"). */
    public void validate(String prefix, FeatureData data) {
        String t = normalisedType();
        if (t == null || !TYPES.contains(t)) {
            throw ApiException.badRequest(prefix + ".type", "must be one of " + TYPES);
        }
        if (k != null && k < 1) {
            throw ApiException.badRequest(prefix + ".k", "must be at least 1");
        }
        if (c != null && !(c > 0)) {
            throw ApiException.badRequest(prefix + ".c", "must be positive");
        }
        if (gamma != null && !(gamma > 0)) {
            throw ApiException.badRequest(prefix + ".gamma", "must be positive");
        }
        if (model != null && !List.of("mlp", "lenet5").contains(model)) {
            throw ApiException.badRequest(prefix + ".model", "must be mlp or lenet5");
        }
        if ("lenet5".equals(model) && data != null && data.imageShape() == null) {
            throw ApiException.badRequest(prefix + ".model", "lenet5 needs an image data set");
        }
        if (hidden != null && (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1))) {
            throw ApiException.badRequest(prefix + ".hidden", "must be a non-empty list of positive widths");
        }
        if (epochs != null && epochs < 1) {
            throw ApiException.badRequest(prefix + ".epochs", "must be at least 1");
        }
        if (minSteps != null && minSteps < 0) {
            throw ApiException.badRequest(prefix + ".minSteps", "must not be negative");
        }
        if (batchSize != null && batchSize < 1) {
            throw ApiException.badRequest(prefix + ".batchSize", "must be at least 1");
        }
        if (learningRate != null && !(learningRate > 0)) {
            throw ApiException.badRequest(prefix + ".learningRate", "must be positive");
        }
    }

    public boolean needsGradients() {
        return "dnn".equals(normalisedType());
    }

    /**
     * A fresh classifier for this data set. {@code labelledForScale} gives the rows gamma="scale" is
     * computed from (the initial labelled set); {@code seed} seeds the DNN's initialisation and batches.
     */
    public AdversarialClassifier create(FeatureData data, float[][] labelledForScale, long seed) {
        return switch (normalisedType()) {
            case "knn" -> new KnnClassifier(k == null ? 1 : k, data.numClasses());
            case "svm" -> new SvmClassifier(data.numClasses(), c == null ? 10 : c,
                    gamma != null ? gamma : scaleGamma(labelledForScale.length > 1 ? labelledForScale : data.x()),
                    Boolean.TRUE.equals(probability));
            case "dnn" -> new DnnClassifier(data.numClasses(), data.numFeatures(), data.imageShape(),
                    new DnnClassifier.Settings(model == null ? "mlp" : model,
                            hidden == null ? null : hidden.stream().mapToInt(Integer::intValue).toArray(),
                            epochs == null ? 20 : epochs, minSteps == null ? 150 : minSteps,
                            batchSize == null ? 64 : batchSize, learningRate == null ? 1e-3 : learningRate, seed));
            default -> throw new IllegalArgumentException("unknown classifier type " + type);
        };
    }

    /** scikit-learn's gamma="scale": 1 / (n_features · variance of all values). */
    static double scaleGamma(float[][] x) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (float[] row : x) {
            for (float v : row) {
                sum += v;
                sq += (double) v * v;
                n++;
            }
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        return var > 0 ? 1.0 / (x[0].length * var) : 1.0 / x[0].length;
    }
}
