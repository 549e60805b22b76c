package org.imclab.pruning.activelearning;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/**
 * Picks the next batch from candidate rows with one of the {@link Strategy strategies}. Every ranking
 * shuffles first and sorts stably, so ties (equal distances, equal BIM steps) break at random under the
 * round's seed rather than by pool order. Without a trained model (no labels yet) every strategy falls
 * back to random.
 */
public final class QueryStrategies {

    private QueryStrategies() {
    }

    /**
     * @param model      the classifier trained on the current labelled set, or null
     * @param candidates unlabelled rows to choose from
     * @param labelled   rows already labelled (core-set's centres)
     * @param n          batch size (at most candidates.length is returned)
     */
    public static Selection select(Strategy strategy, AdversarialClassifier model, float[][] candidates,
            float[][] labelled, int n, Random rng, AdversarialSettings adv) {
        int take = Math.min(n, candidates.length);
        if (take == 0) {
            return new Selection(new int[0], new float[0][]);
        }
        if (model == null || strategy == Strategy.RANDOM) {
            return plain(smallestFirst(new double[candidates.length], take, rng));
        }
        return switch (strategy) {
            case LEAST_CONFIDENCE -> plain(smallestFirst(score(model.predictProba(candidates), Strategy.LEAST_CONFIDENCE),
                    take, rng));
            case MARGIN -> plain(smallestFirst(score(model.predictProba(candidates), Strategy.MARGIN), take, rng));
            case ENTROPY -> plain(smallestFirst(score(model.predictProba(candidates), Strategy.ENTROPY), take, rng));
            case CORE_SET -> plain(kCenterGreedy(model.embed(candidates),
                    labelled.length == 0 ? new float[0][] : model.embed(labelled), take, rng));
            case DEEPFOOL, DFAL -> {
                Perturbations p = model.deepFool(candidates, adv);
                int[] picks = smallestFirst(p.distance(), take, rng);
                float[][] synthetic = new float[picks.length][];
                if (strategy == Strategy.DFAL) {
                    for (int i = 0; i < picks.length; i++) {
                        synthetic[i] = p.flipped()[picks[i]] ? p.adversarial()[picks[i]] : null;
                    }
                }
                yield new Selection(picks, synthetic);
            }
            case BIM -> {
                int[] steps = model.bimStepsToFlip(candidates, adv);
                // Fewer steps = closer to the boundary; within equal steps the smaller top-2 margin goes first.
                double[] margin = score(model.predictProba(candidates), Strategy.MARGIN);
                double[] key = new double[steps.length];
                for (int i = 0; i < key.length; i++) {
                    key[i] = steps[i] + 0.999 * margin[i];
                }
                yield plain(smallestFirst(key, take, rng));
            }
            default -> throw new IllegalArgumentException("unknown strategy " + strategy);
        };
    }

    private static Selection plain(int[] picks) {
        return new Selection(picks, new float[picks.length][]);
    }

    /**
     * Uncertainty scores where smaller means more informative: least-confidence ranks by the top
     * probability, margin by top-1 minus top-2, entropy by minus the entropy.
     */
    public static double[] score(double[][] proba, Strategy strategy) {
        double[] s = new double[proba.length];
        for (int i = 0; i < proba.length; i++) {
            double[] p = proba[i];
            switch (strategy) {
                case LEAST_CONFIDENCE -> s[i] = Arrays.stream(p).max().orElse(0);
                case MARGIN -> {
                    double first = Double.NEGATIVE_INFINITY;
                    double second = Double.NEGATIVE_INFINITY;
                    for (double v : p) {
                        if (v > first) {
                            second = first;
                            first = v;
                        } else if (v > second) {
                            second = v;
                        }
                    }
                    s[i] = first - (second == Double.NEGATIVE_INFINITY ? 0 : second);
                }
                case ENTROPY -> {
                    double h = 0;
                    for (double v : p) {
                        if (v > 0) {
                            h -= v * Math.log(v);
                        }
                    }
                    s[i] = -h;
                }
                default -> throw new IllegalArgumentException(strategy + " is not an uncertainty strategy");
            }
        }
        return s;
    }

    /** Indices of the n smallest keys; ties (and NaN-free infinities) ordered by a seeded shuffle. */
    public static int[] smallestFirst(double[] key, int n, Random rng) {
        Integer[] order = new Integer[key.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> key[i]));
        int[] out = new int[Math.min(n, key.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /**
     * k-center greedy (Sener & Savarese, ICLR 2018): repeatedly take the candidate farthest from its
     * nearest centre, where the centres are the labelled rows and the picks so far.
     */
    public static int[] kCenterGreedy(float[][] candidates, float[][] centres, int n, Random rng) {
        double[] nearest = new double[candidates.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (float[] c : centres) {
            for (int i = 0; i < candidates.length; i++) {
                nearest[i] = Math.min(nearest[i], Vectors.squaredDistance(candidates[i], c));
            }
        }
        int[] picks = new int[n];
        boolean[] taken = new boolean[candidates.length];
        for (int t = 0; t < n; t++) {
            int best = -1;
            if (centres.length == 0 && t == 0) {
                best = rng.nextInt(candidates.length);
            } else {
                for (int i = 0; i < candidates.length; i++) {
                    if (!taken[i] && (best < 0 || nearest[i] > nearest[best])) {
                        best = i;
                    }
                }
            }
            picks[t] = best;
            taken[best] = true;
            for (int i = 0; i < candidates.length; i++) {
                nearest[i] = Math.min(nearest[i], Vectors.squaredDistance(candidates[i], candidates[best]));
            }
        }
        return picks;
    }
}
