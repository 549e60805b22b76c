package org.imclab.training.datasets;

import org.imclab.common.data.SplitPolicy;
import org.imclab.common.web.ApiException;

/**
 * How a version is split. With an official test set only {@code valFraction} of the training pool is
 * held out; otherwise the whole set is cut stratified by class into train/val/test.
 *
 * @param seed         split seed
 * @param valFraction  validation fraction, in [0, 0.9]
 * @param testFraction test fraction without an official test set, in [0, 0.9]
 */
public record SplitOptions(long seed, double valFraction, double testFraction) {

    public static final long DEFAULT_SEED = SplitPolicy.DEFAULT_SEED;
    public static final double DEFAULT_VAL = SplitPolicy.DEFAULT_VAL;
    public static final double DEFAULT_TEST = SplitPolicy.DEFAULT_TEST;

    public static SplitOptions of(Long seed, Double valFraction, Double testFraction) {
        double v = valFraction == null ? DEFAULT_VAL : valFraction;
        double t = testFraction == null ? DEFAULT_TEST : testFraction;
        if (!(v >= 0 && v <= 0.9)) {
            throw ApiException.badRequest("valFraction", "must be in [0, 0.9]");
        }
        if (!(t >= 0 && t <= 0.9)) {
            throw ApiException.badRequest("testFraction", "must be in [0, 0.9]");
        }
        if (v + t > 0.95) {
            throw ApiException.badRequest("valFraction", "valFraction + testFraction must leave training data");
        }
        return new SplitOptions(seed == null ? DEFAULT_SEED : seed, v, t);
    }
}
