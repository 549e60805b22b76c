package org.imclab.common.nn.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Uniform symmetric quantisation with one scale per tensor, as BasisN uses for its coefficients (per layer)
 * and, optionally, for the basis (to the device's conductance levels).
 *
 * <ul>
 *   <li>2..16 bits: integer level {@code q = clip(round(x / scale), -2^(b-1), 2^(b-1) - 1)}, value
 *       {@code q * scale}, with {@code scale = max|x| / (2^(b-1) - 1)}; at most {@code 2^b} distinct levels.</li>
 *   <li>1 bit: {@code q = sign(x)} (zero counts as +1), {@code scale = mean|x|} (binary-weight networks).</li>
 *   <li>more than 16 bits: left in floating point (the level grid would be finer than float32 training noise).</li>
 * </ul>
 *
 * The straight-through estimator returns {@code x + stopGradient(q(x) - x)}: the forward value is quantised,
 * the gradient reaches {@code x} unchanged.
 */
public final class SymmetricQuantizer {

    /** Bits above which values stay in floating point. */
    public static final int MAX_QUANTIZED_BITS = 16;

    private static final float TINY = 1e-12f;

    private SymmetricQuantizer() {
    }

    /** Whether {@code bits} means a quantised grid (1..16) rather than floating point. */
    public static boolean quantizes(int bits) {
        return bits >= 1 && bits <= MAX_QUANTIZED_BITS;
    }

    /** Largest positive integer level, 2^(b-1) - 1 (1 for one bit). */
    public static int maxLevel(int bits) {
        return bits <= 1 ? 1 : (1 << (bits - 1)) - 1;
    }

    /** Smallest integer level, -2^(b-1) (-1 for one bit). */
    public static int minLevel(int bits) {
        return bits <= 1 ? -1 : -(1 << (bits - 1));
    }

    /** The scale for values with this largest magnitude and mean magnitude. */
    public static float scale(float maxAbs, float meanAbs, int bits) {
        float s = bits <= 1 ? meanAbs : maxAbs / maxLevel(bits);
        return Math.max(s, TINY);
    }

    /** The scale of {@code x} as a scalar array (no gradient), created in {@code manager}. */
    public static NDArray scale(NDArray x, int bits, NDManager manager) {
        NDArray abs = on(manager, x.stopGradient().abs());
        NDArray s = bits <= 1 ? on(manager, abs.mean()) : on(manager, on(manager, abs.max()).div(maxLevel(bits)));
        return on(manager, s.maximum(TINY));
    }

    /** Integer level of one value. */
    public static int level(float x, float scale, int bits) {
        if (bits <= 1) {
            return x >= 0 ? 1 : -1;
        }
        long q = Math.round(x / scale);
        return (int) Math.max(minLevel(bits), Math.min(maxLevel(bits), q));
    }

    /** The quantised value of one number ({@code x} itself above 16 bits). */
    public static float quantize(float x, float scale, int bits) {
        return quantizes(bits) ? level(x, scale, bits) * scale : x;
    }

    /**
     * Forward values {@code q(x) * scale} without gradient; intermediates go to {@code manager}. Above 16
     * bits returns {@code x} detached.
     */
    public static NDArray quantize(NDArray x, NDArray scale, int bits, NDManager manager) {
        NDArray d = on(manager, x.stopGradient());
        if (!quantizes(bits)) {
            return d;
        }
        NDArray levels;
        if (bits <= 1) {
            levels = on(manager, on(manager, on(manager, d.gte(0)).toType(DataType.FLOAT32, false)).mul(2)).sub(1);
        } else {
            levels = on(manager, on(manager, on(manager, d.div(scale)).round()).clip(minLevel(bits), maxLevel(bits)));
        }
        return on(manager, on(manager, levels).mul(scale));
    }

    /** Straight-through estimator: forward {@code q(x)}, gradient identity to {@code x}. */
    public static NDArray straightThrough(NDArray x, NDArray scale, int bits, NDManager manager) {
        if (!quantizes(bits)) {
            return x;
        }
        NDArray d = on(manager, x.stopGradient());
        NDArray delta = on(manager, quantize(x, scale, bits, manager).sub(d));
        return on(manager, x.add(delta));
    }

    /**
     * Moves an op result into {@code manager}: PyTorch results live in the first operand's manager, which
     * for parameters is the model's, so per-step intermediates would otherwise pile up there.
     */
    static NDArray on(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }
}
