package org.imclab.pruning.activelearning;

/**
 * A classifier that can measure how far each sample lies from its decision boundary, the signal the
 * adversarial strategies rank by (docs/science/active-learning.md §4): a DeepFool-style minimal perturbation and BIM's
 * steps-to-flip. How each classifier computes them is documented on its implementation.
 */
public interface AdversarialClassifier extends Classifier {

    /**
     * For each row: the distance used for ranking (smaller = closer to the boundary), an adversarial
     * example whose prediction differs from the row's (null where none was found in maxIter steps) and
     * whether one was found.
     */
    Perturbations deepFool(float[][] x, AdversarialSettings settings);

    /** For each row, the BIM steps until the prediction changes, or maxSteps + 1 if it never does. */
    int[] bimStepsToFlip(float[][] x, AdversarialSettings settings);
}
