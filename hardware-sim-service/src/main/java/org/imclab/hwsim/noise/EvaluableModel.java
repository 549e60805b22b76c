package org.imclab.hwsim.noise;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Arrays;
import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.training.Evaluation;

/**
 * A model with weights and the data to test it on.
 *
 * @param id           registry id (or a local name)
 * @param spec         the model spec
 * @param weights      parameters in common.nn SpecWeights format
 * @param basisFactory builds the spec's BasisN layers; null when it has none
 * @param testSet      the test samples
 */
public record EvaluableModel(String id, ModelSpec spec, byte[] weights, LayerBlockFactory basisFactory, TestSet testSet) {

    /** The test set, checked to hold samples of the shape the model takes. */
    public TestSet checkedTestSet() {
        if (!Arrays.equals(spec.input(), testSet.data().shape())) {
            throw new IllegalArgumentException("test samples are " + Arrays.toString(testSet.data().shape())
                    + " but the model takes " + Arrays.toString(spec.input()));
        }
        return testSet;
    }

    /**
     * Initialises {@code block}, built from this model's spec (plain, noisy or probed), for inputs of the
     * spec's shape and loads this model's weights into it; weights that do not fit the spec are a bad model.
     */
    public void loadInto(SpecBlock block, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, Evaluation.batchShape(1, spec.input()));
        try {
            SpecWeights.fromBytes(block, manager, weights);
        } catch (IOException e) {
            throw new IllegalArgumentException("weights of model '" + id + "' cannot be loaded: " + e.getMessage(), e);
        }
    }
}
