package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.junit.jupiter.api.Test;

/**
 * CLASS_AWARE_BINARY on a model whose activations are known by construction: 1×1×3 images, one 1×1 conv with
 * three filters (weights +1, −1, 0; no bias), ReLU, a linear classifier. Class 0 images are [+1, −1, +1],
 * class 1 images [−1, +1, +1] (after normalisation). A position's Taylor term is non-zero exactly where the
 * conv output is positive (ReLU passes the gradient), so:
 * <ul>
 * <li>filter +1: position 0 serves class 0, position 1 class 1, position 2 both: max over positions = 2;</li>
 * <li>filter −1: position 0 serves class 1, position 1 class 0, position 2 none: max = 1, although summed over
 * space it is important for both classes (the paper's count says 2);</li>
 * <li>filter 0: outputs exactly 0 everywhere: 0.</li>
 * </ul>
 */
class BinaryClassImportanceTest {

    @Test
    void scoreIsTheMaximumOverPositionsOfTheClassesForWhichThePositionMatters() {
        ModelSpec spec = new ModelSpec("toy", new int[] {1, 1, 3}, 2, List.of(LayerSpec.conv("conv1", 3, 1, 1, 0, false),
                LayerSpec.relu("relu1"), LayerSpec.flatten("flat"), LayerSpec.linear("fc", 2)));
        int perClass = 4;
        byte[] pixels = new byte[2 * perClass * 3];
        int[] labels = new int[2 * perClass];
        for (int i = 0; i < 2 * perClass; i++) {
            labels[i] = i % 2;
            byte[] image = labels[i] == 0 ? new byte[] {(byte) 255, 0, (byte) 255} : new byte[] {0, (byte) 255, (byte) 255};
            System.arraycopy(image, 0, pixels, 3 * i, 3);
        }
        // mean 0.5, std 0.5: byte 0 -> -1, byte 255 -> +1.
        NormalizedImages data = new NormalizedImages(new ImageDataset(pixels, labels, 1, 1, 3, List.of("a", "b")),
                new double[] {0.5}, new double[] {0.5});
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            SpecBlock block = new DjlModelBuilder().build(spec);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 3));
            block.layer("conv1").getParameters().get("weight").getArray().set(new float[] {1, -1, 0});
            List<FilterGroup> groups = FilterGroups.of(spec, ResidualMode.COUPLED);
            assertThat(groups).extracting(FilterGroup::carriers).containsExactly(List.of("conv1"));

            Map<String, double[]> scores = BinaryClassImportance.scores(block, groups, data, perClass, 1, m);
            assertThat(scores.get("conv1")).containsExactly(new double[] {2, 1, 0}, within(1e-9));

            // The paper's count (Taylor term summed over space) calls filter −1 important for both classes.
            ImportanceMatrix summed = ClassImportance.compute(block, groups, data, perClass, 1, m);
            assertThat(FilterClassCount.of(summed.of("conv1"), 1e-6)).containsExactly(2, 2, 0);

            // Fewer samples per class than drawn: every class still contributes fractions in [0, 1].
            ImportanceMatrix matrix = BinaryClassImportance.asMatrix(
                    BinaryClassImportance.scores(block, groups, data, 2, 5, m), 2);
            assertThat(matrix.of("conv1")[0][0]).isCloseTo(1.0, within(1e-9));
            assertThat(matrix.of("conv1")[1][0]).isCloseTo(0.5, within(1e-9));
        }
    }
}
