package org.imclab.hwsim.noise;

import java.util.SplittableRandom;

/** How a programmed cell's conductance deviates from its target, with z ~ N(0, 1) per cell. */
public enum VariationModel {

    /** g' = g · exp(σ z): log-normal device-to-device variation, never negative. */
    LOGNORMAL {
        @Override
        double factor(double sigma, double z) {
            return Math.exp(sigma * z);
        }
    },

    /** g' = g · max(0, 1 + σ z): Gaussian variation, clipped at zero conductance. */
    GAUSSIAN {
        @Override
        double factor(double sigma, double z) {
            return Math.max(0, 1 + sigma * z);
        }
    };

    /** The multiplicative factor of one cell for the standard normal draw z. */
    abstract double factor(double sigma, double z);

    static double gaussian(SplittableRandom random) {
        // Marsaglia polar method: SplittableRandom has no nextGaussian on Java 17.
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
