package org.imclab.hwsim.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts one chip's device errors into a model's crossbar-resident parameters, in place, and takes them
 * out again. Works on any DJL block tree:
 * <ul>
 *   <li>a parameter named {@value #BASIS} owned directly by the top-level block is the BasisN basis;
 *       every BasisN layer reads that one array, so one perturbation per chip is seen by all of them
 *       (correlated errors), while their coefficients, held digitally, stay exact;</li>
 *   <li>the {@code weight} of every DJL {@link Convolution} and {@link Linear} block is a
 *       weight-stationary crossbar tensor.</li>
 * </ul>
 * Biases, batch-norm parameters and anything else stay exact (digital periphery). The original values are
 * copied once; {@link #perturb} always starts from them and {@link #restore} writes them back.
 */
public final class NoiseInjector {

    /** Name of the shared BasisN basis parameter on the model's top-level block. */
    public static final String BASIS = "basis";

    /** One crossbar-resident parameter. */
    public record Target(String name, Parameter parameter, float[] original, boolean basis) {
    }

    private final List<Target> targets;

    private NoiseInjector(List<Target> targets) {
        this.targets = List.copyOf(targets);
    }

    /** Finds the targets of an initialised model and copies their values. */
    public static NoiseInjector of(Block model) {
        List<Target> targets = new ArrayList<>();
        Parameter basis = model.getDirectParameters().get(BASIS);
        if (basis != null) {
            targets.add(target(BASIS, basis, true));
        }
        collect(model, "", targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the model has no crossbar-resident parameter: no '" + BASIS
                    + "' parameter and no convolution or linear weights");
        }
        return new NoiseInjector(targets);
    }

    private static void collect(Block block, String path, List<Target> out) {
        if (block instanceof Convolution || block instanceof Linear) {
            Parameter w = block.getDirectParameters().get("weight");
            if (w != null) {
                out.add(target(path + "weight", w, false));
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), path + child.getKey() + "/", out);
        }
    }

    private static Target target(String name, Parameter p, boolean basis) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter " + name + " is not initialised");
        }
        NDArray a = p.getArray();
        if (a.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("parameter " + name + " is " + a.getDataType() + ", expected float32");
        }
        return new Target(name, p, a.toFloatArray(), basis);
    }

    public List<Target> targets() {
        return targets;
    }

    /** True when the model carries a shared BasisN basis. */
    public boolean hasBasis() {
        return targets.stream().anyMatch(Target::basis);
    }

    /**
     * Writes one chip's read-back values into every target. Target i draws from seed
     * {@code mix(chipSeed, i)}, so a chip's cells are the same at every σ.
     */
    public void perturb(CellProgramming cells, long chipSeed) {
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            write(t, cells.apply(t.original(), mix(chipSeed, i)));
        }
    }

    /** Writes the original values back. */
    public void restore() {
        for (Target t : targets) {
            write(t, t.original());
        }
    }

    private static void write(Target t, float[] values) {
        t.parameter().getArray().set(FloatBuffer.wrap(values));
    }

    /** A well-spread seed for (chip, target): SplitMix64 finaliser of the pair. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
