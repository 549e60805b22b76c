package org.imclab.pruning.activelearning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One active-learning run over a pool: the labelled set (plus DFAL's synthetic examples), the
 * classifier retrained on it, test accuracy, and the next batch. Ids index the data set's rows; the
 * pool and test ids are disjoint. The simulated-oracle study and the human-in-the-loop session both
 * drive this class; only where labels come from differs.
 */
public final class ActiveLearner implements AutoCloseable {

    /** The next queries: pool ids, and per id an adversarial example to add with its label (DFAL) or null. */
    public record Batch(int[] ids, float[][] synthetic) {
    }

    private final FeatureData data;
    private final int[] poolIds;
    private final int[] testIds;
    private final Strategy strategy;
    private final AdversarialSettings adversarial;
    private final int candidates;
    private final long seed;
    private final AdversarialClassifier model;

    private final List<Integer> labelledIds = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final Set<Integer> labelledSet = new HashSet<>();
    private final List<float[]> syntheticX = new ArrayList<>();
    private final List<Integer> syntheticY = new ArrayList<>();
    private boolean fitted;

    /**
     * @param candidates how many unlabelled rows a round scores at most (a seeded random subset), 0 = all;
     *                   bounds the cost of DeepFool/BIM on large pools
     */
    public ActiveLearner(FeatureData data, int[] poolIds, int[] testIds, ClassifierConfig classifier,
            Strategy strategy, AdversarialSettings adversarial, int candidates, long seed) {
        this.data = data;
        this.poolIds = poolIds.clone();
        this.testIds = testIds.clone();
        this.strategy = strategy;
        this.adversarial = adversarial;
        this.candidates = candidates;
        this.seed = seed;
        float[][] poolRows = new float[poolIds.length][];
        for (int i = 0; i < poolIds.length; i++) {
            poolRows[i] = data.x()[poolIds[i]];
        }
        this.model = classifier.create(data, poolRows, seed);
    }

    public int labelledCount() {
        return labelledIds.size();
    }

    public int syntheticCount() {
        return syntheticX.size();
    }

    public boolean isLabelled(int id) {
        return labelledSet.contains(id);
    }

    /** Adds oracle labels; {@code synthetic} (may be null, or hold nulls) rows get the same labels. */
    public void addLabels(int[] ids, int[] y, float[][] synthetic) {
        for (int i = 0; i < ids.length; i++) {
            if (!labelledSet.add(ids[i])) {
                throw new IllegalArgumentException("pool id " + ids[i] + " is already labelled");
            }
            labelledIds.add(ids[i]);
            labels.add(y[i]);
            if (synthetic != null && synthetic[i] != null) {
                syntheticX.add(synthetic[i]);
                syntheticY.add(y[i]);
            }
        }
        fitted = false;
    }

    /** Retrains on everything labelled so far (no-op without labels). */
    public void fit() {
        if (labelledIds.isEmpty()) {
            return;
        }
        int n = labelledIds.size() + syntheticX.size();
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < labelledIds.size(); i++) {
            x[i] = data.x()[labelledIds.get(i)];
            y[i] = labels.get(i);
        }
        for (int i = 0; i < syntheticX.size(); i++) {
            x[labelledIds.size() + i] = syntheticX.get(i);
            y[labelledIds.size() + i] = syntheticY.get(i);
        }
        model.fit(x, y);
        fitted = true;
    }

    /** Accuracy on the test ids, or null without labels or test rows. Fits first if needed. */
    public Double testAccuracy() {
        if (labelledIds.isEmpty() || testIds.length == 0) {
            return null;
        }
        if (!fitted) {
            fit();
        }
        float[][] x = new float[testIds.length][];
        for (int i = 0; i < testIds.length; i++) {
            x[i] = data.x()[testIds[i]];
        }
        int[] pred = model.predict(x);
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == data.y()[testIds[i]]) {
                correct++;
            }
        }
        return (double) correct / pred.length;
    }

    /** The next batch of up to n unlabelled pool ids; {@code round} seeds ties and the candidate subset. */
    public Batch next(int n, int round) {
        if (!fitted && !labelledIds.isEmpty()) {
            fit();
        }
        List<Integer> unlabelled = new ArrayList<>();
        for (int id : poolIds) {
            if (!labelledSet.contains(id)) {
                unlabelled.add(id);
            }
        }
        Random rng = new Random(seed * 1_000_003L + round);
        if (candidates > 0 && unlabelled.size() > candidates) {
            for (int i = 0; i < candidates; i++) {
                int j = i + rng.nextInt(unlabelled.size() - i);
                Integer t = unlabelled.get(i);
                unlabelled.set(i, unlabelled.get(j));
                unlabelled.set(j, t);
            }
            unlabelled = new ArrayList<>(unlabelled.subList(0, candidates));
        }
        float[][] rows = new float[unlabelled.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.x()[unlabelled.get(i)];
        }
        float[][] labelledRows = new float[labelledIds.size()][];
        for (int i = 0; i < labelledRows.length; i++) {
            labelledRows[i] = data.x()[labelledIds.get(i)];
        }
        Selection s = QueryStrategies.select(strategy, labelledIds.isEmpty() ? null : model, rows, labelledRows, n, rng,
                adversarial);
        int[] ids = new int[s.positions().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = unlabelled.get(s.positions()[i]);
        }
        return new Batch(ids, s.synthetic());
    }

    public AdversarialClassifier model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
