package org.imclab.common.nn.basisn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import org.imclab.common.nn.BasisConfig;

/**
 * A conv or linear layer whose weights are assembled on the fly from the model's one shared basis
 * {@code B} (R x N) and this layer's coefficients (docs/science/basisn.md §1): the unrolled weight {@code W} (K x M,
 * K = kh*kw*Cin/groups or in-features, M = outputs) is cut into S = ceil(K/R) segments of R rows per
 * column, and segment s of column f is {@code B * c_q[s, :, f]}. The S*R rows are trimmed to K (the zero
 * padding of the last segment) and reshaped to the layer's kernel.
 *
 * <p>Parameters declared here: {@code coefficients} c (S x N x M, trained in float and quantised to
 * {@code coeffBits} with a straight-through estimator), {@code scale} (the per-layer quantisation step,
 * recalibrated to max|c| / (2^(b-1)-1) in every training forward, like batch norm's running statistics,
 * and read as stored at inference) and the optional {@code bias}. B is NOT declared here: it is the owner
 * block's parameter, read through the {@link ParameterStore}, so it is listed once, receives the summed
 * gradient of all layers and is updated once per step.
 */
public abstract class BasisNLayer extends AbstractBlock {

    public static final String COEFFICIENTS = "coefficients";
    public static final String SCALE = "scale";
    public static final String BIAS = "bias";

    private static final byte VERSION = 1;

    protected final Parameter basis;
    protected final int rows;
    protected final int basisSize;
    protected final int coeffBits;
    protected final CrossbarGroups groups;
    protected final BasisQuantization basisQuantization;
    protected final long outputs;
    protected final Parameter coefficients;
    protected final Parameter scale;
    protected final Parameter bias;
    /** K: rows of the unrolled weight; set in prepare. */
    protected long unrolledRows;
    /** S = ceil(K / R); set in prepare. */
    protected long segments;

    protected BasisNLayer(Parameter basis, BasisConfig config, BasisQuantization basisQuantization, long outputs,
            boolean hasBias) {
        super(VERSION);
        if (basis == null) {
            throw new IllegalArgumentException("a BasisN layer needs the owner's basis parameter");
        }
        this.basis = basis;
        this.rows = config.rows();
        this.basisSize = config.size();
        this.coeffBits = config.coeffBits();
        this.groups = new CrossbarGroups(config.size(), config.groups());
        this.basisQuantization = basisQuantization == null ? BasisQuantization.NONE : basisQuantization;
        this.outputs = outputs;
        // Var(w) = N * Var(B) * Var(c) with Var(B) = 1/R: He initialisation of w needs Var(c) = 2R / (N K).
        Initializer he = (manager, shape, dataType) -> manager.randomNormal(0f,
                (float) Math.sqrt(2.0 * rows / ((double) basisSize * Math.max(1, unrolledRows))), shape, dataType);
        coefficients = addParameter(Parameter.builder().setName(COEFFICIENTS).setType(Parameter.Type.WEIGHT)
                .optInitializer(he).build());
        scale = addParameter(Parameter.builder().setName(SCALE).setType(Parameter.Type.OTHER)
                .optRequiresGrad(false).optInitializer(Initializer.ONES).optShape(new Shape(1)).build());
        bias = hasBias
                ? addParameter(Parameter.builder().setName(BIAS).setType(Parameter.Type.BIAS)
                        .optInitializer(Initializer.ZEROS).build())
                : null;
    }

    /** K for an input of this shape (with batch axis). */
    protected abstract long unrolledRows(Shape input);

    /** The kernel shape the (M x K) weight is reshaped to. */
    protected abstract Shape kernelShape();

    @Override
    protected void prepare(Shape[] inputShapes) {
        setDimensions(inputShapes[0]);
        coefficients.setShape(new Shape(segments, basisSize, outputs));
        if (bias != null) {
            bias.setShape(new Shape(outputs));
        }
    }

    private void setDimensions(Shape input) {
        unrolledRows = unrolledRows(input);
        segments = (unrolledRows + rows - 1) / rows;
    }

    /** Loading weights into a block that was never initialised must still derive K and S. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        if (inputShapes != null && inputShapes.length > 0) {
            setDimensions(inputShapes[0]);
        }
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        calibrateScale();
    }

    /** Sets the scale to match the current float coefficients. */
    public void calibrateScale() {
        NDArray c = coefficients.getArray();
        try (NDManager tmp = c.getManager().newSubManager()) {
            NDArray s = SymmetricQuantizer.scale(c, coeffBits, tmp);
            NDArray target = scale.getArray();
            target.set(new NDIndex("..."), s.reshape(target.getShape()));
        }
    }

    /**
     * The effective weight in kernel shape, attached to {@code manager}; with gradients to B and c when
     * {@code training}. In training the scale is recalibrated first and B is quantised when configured.
     */
    public NDArray weight(ParameterStore store, NDManager manager, Device device, boolean training) {
        NDArray b = store.getValue(basis, device, training);
        NDArray c = store.getValue(coefficients, device, training);
        NDArray s = store.getValue(scale, device, training);
        try (NDManager tmp = manager.newSubManager()) {
            if (training && SymmetricQuantizer.quantizes(coeffBits)) {
                NDArray fresh = SymmetricQuantizer.scale(c, coeffBits, tmp);
                s.set(new NDIndex("..."), fresh.reshape(s.getShape()));
            }
            NDArray bEff = b;
            if (training && basisQuantization.enabled()) {
                int bits = basisQuantization.weightBits();
                bEff = SymmetricQuantizer.straightThrough(b, SymmetricQuantizer.scale(b, bits, tmp), bits, tmp);
            }
            NDArray cq = SymmetricQuantizer.straightThrough(c, s, coeffBits, tmp);
            NDArray w = assemble(bEff, cq, tmp);
            w.attach(manager);
            return w;
        }
    }

    /** (S x R x M) = B * c per segment, trimmed to K rows, as (M x K) reshaped to the kernel. */
    private NDArray assemble(NDArray b, NDArray cq, NDManager tmp) {
        NDArray segs = SymmetricQuantizer.on(tmp, b.matMul(cq));
        NDArray unrolled = SymmetricQuantizer.on(tmp, segs.reshape(segments * rows, outputs));
        if (segments * rows != unrolledRows) {
            unrolled = SymmetricQuantizer.on(tmp, unrolled.get(new NDIndex(":{}", unrolledRows)));
        }
        NDArray mk = SymmetricQuantizer.on(tmp, unrolled.transpose());
        return SymmetricQuantizer.on(tmp, mk.reshape(kernelShape()));
    }

    /** The effective weight at inference as (M x K), row-major floats: column f of the unrolled W is row f. */
    public float[] denseWeight() {
        NDArray c = coefficients.getArray();
        try (NDManager tmp = c.getManager().newSubManager()) {
            ParameterStore store = new ParameterStore(tmp, false);
            NDArray w = weight(store, tmp, c.getDevice(), false);
            return w.reshape(outputs, unrolledRows).toFloatArray();
        }
    }

    /**
     * Integer levels of the quantised coefficients (S x N x M, row-major), {@code round(c/scale)} clipped;
     * null above 16 bits, where coefficients stay in floating point.
     */
    public int[] coefficientLevels() {
        if (!SymmetricQuantizer.quantizes(coeffBits)) {
            return null;
        }
        float[] c = coefficients.getArray().toFloatArray();
        float s = scaleValue();
        int[] levels = new int[c.length];
        for (int i = 0; i < c.length; i++) {
            levels[i] = SymmetricQuantizer.level(c[i], s, coeffBits);
        }
        return levels;
    }

    /** Quantised coefficient values (S x N x M, row-major), as the forward uses them. */
    public float[] quantizedCoefficients() {
        float[] c = coefficients.getArray().toFloatArray();
        float s = scaleValue();
        float[] q = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            q[i] = SymmetricQuantizer.quantize(c[i], s, coeffBits);
        }
        return q;
    }

    public float scaleValue() {
        return scale.getArray().toFloatArray()[0];
    }

    public Parameter coefficients() {
        return coefficients;
    }

    public Parameter scaleParameter() {
        return scale;
    }

    public Parameter biasParameter() {
        return bias;
    }

    /** The owner's shared basis parameter this layer reads. */
    public Parameter basis() {
        return basis;
    }

    public CrossbarGroups groups() {
        return groups;
    }

    public int coeffBits() {
        return coeffBits;
    }

    public int rows() {
        return rows;
    }

    public int basisSize() {
        return basisSize;
    }

    public long outputs() {
        return outputs;
    }

    public long unrolledRows() {
        return unrolledRows;
    }

    public long segments() {
        return segments;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return outputShapes(inputShapes[0]);
    }

    protected abstract Shape[] outputShapes(Shape input);

    /** Applies the layer to its input with the weight reconstructed from the basis ({@link #weight}). */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray w = weight(store, x.getManager(), x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return apply(x, w, b);
    }

    /** The layer's operation (convolution, affine map) on {@code x} with weight {@code w} and bias {@code b} or null. */
    protected abstract NDList apply(NDArray x, NDArray w, NDArray b);
}
