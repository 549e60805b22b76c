package org.imclab.hwsim.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.hwsim.cost.chip.ChipParams;
import org.imclab.hwsim.cost.chip.LayerWorkload;
import org.imclab.hwsim.cost.chip.Workload;
import org.imclab.hwsim.presets.NeuroSimChip;
import org.junit.jupiter.api.Test;

/**
 * Input-bit activity and cell levels measured on a model whose activations are known by hand:
 * 1x1x4 images, flatten, fc1 (4 -> 2, weights [[1,0,0,0],[-1,0,0,0]], no bias effect), ReLU, fc2.
 * Normalisation mean 0, std 1, so a pixel p enters as p/255.
 */
class WorkloadMeasurementTest {

    static final ChipParams CHIP = NeuroSimChip.v13();

    static EvaluableModel model(byte[] pixels) throws Exception {
        ModelSpec spec = new ModelSpec("probe", new int[] {1, 1, 4}, 2, List.of(LayerSpec.flatten("flat"),
                LayerSpec.linear("fc1", 2), LayerSpec.relu("relu"), LayerSpec.linear("fc2", 2)));
        try (NDManager m = NDManager.newBaseManager()) {
            SpecBlock block = new DjlModelBuilder().build(spec);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 4));
            List<Linear> linears = new ArrayList<>();
            collect(block, linears);
            set(linears.get(0), "weight", new float[] {1, 0, 0, 0, -1, 0, 0, 0});
            set(linears.get(0), "bias", new float[] {0, 0});
            set(linears.get(1), "weight", new float[] {0.5f, 0.5f, 0.5f, 0.5f});
            set(linears.get(1), "bias", new float[] {0, 0});
            ImageDataset data = new ImageDataset(pixels, new int[pixels.length / 4], 1, 1, 4, List.of("a", "b"));
            TestSet test = new TestSet("hand-made", data, new double[] {0}, new double[] {1});
            return new EvaluableModel("probe", spec, SpecWeights.toBytes(block), null, test);
        }
    }

    static void collect(Block b, List<Linear> out) {
        if (b instanceof Linear l) {
            out.add(l);
        }
        for (Pair<String, Block> c : b.getChildren()) {
            collect(c.getValue(), out);
        }
    }

    static void set(Linear l, String name, float[] v) {
        l.getDirectParameters().get(name).getArray().set(FloatBuffer.wrap(v));
    }

    @Test
    void allZeroInputsDriveNoWordLine() throws Exception {
        // Every pixel 0 -> fc1 sees 0 everywhere, max |x| = 0, no bit is 1; fc1's outputs are 0 too.
        Workload w = new WorkloadMeasurement().measure(model(new byte[8]), CHIP, 2);
        assertThat(w.activity()).containsEntry("fc1", 0.0).containsEntry("fc2", 0.0);
    }

    @Test
    void constantInputHasKnownBits() throws Exception {
        // Pixels (255, 51, 255, 51) -> x = (1.0, 0.2, 1.0, 0.2); full scale 1.0, 8 bits:
        // 1.0 -> 255 = 0b11111111 (8 ones), 0.2 -> round(0.2 x 255) = 51 = 0b00110011 (4 ones):
        // fc1 activity = (8 + 4 + 8 + 4) / (4 x 8) = 0.75.
        // fc1 outputs (1.0, -1.0) -> ReLU (1.0, 0): 8 ones of 16 bits -> fc2 activity 0.5.
        byte[] px = {(byte) 255, 51, (byte) 255, 51, (byte) 255, 51, (byte) 255, 51};
        Workload w = new WorkloadMeasurement().measure(model(px), CHIP, 2);
        assertThat(w.activity().get("fc1")).isCloseTo(0.75, within(1e-12));
        assertThat(w.activity().get("fc2")).isCloseTo(0.5, within(1e-12));
        assertThat(w.measuredFrom()).contains("probe").contains("2 test images");

        // fc1 weights /1 (max |w| = 1) offset-encoded to round((w+1)/2 x 256): +1 -> 256 -> digits
        // (LSB first) 0,0,0,0 (NeuroSim drops the fifth digit); 0 -> 128 -> 0,0,0,2; -1 -> 0 -> 0,0,0,0.
        // 2 weights of +-1 and 6 zeros: 8 + 6 x 3 = 26 cells at level 0, 6 at level 2.
        List<LayerWorkload> used = w.describe(List.of("fc1", "fc2"), CHIP);
        assertThat(used.get(0).activitySource()).isEqualTo("measured");
        assertThat(used.get(0).conductanceSource()).isEqualTo("measured");
        assertThat(used.get(0).cellLevelShares()).containsExactly(26 / 32.0, 0, 6 / 32.0, 0);
        // fc2: all weights 0.5 = max -> +1 -> level 0 in all 4 cells (the dropped carry again).
        assertThat(used.get(1).cellLevelShares()).containsExactly(1, 0, 0, 0);
    }

    @Test
    void unmeasuredLayersFallBackToTheAssumption() {
        List<LayerWorkload> used = Workload.assumed().describe(List.of("fc1"), CHIP);
        assertThat(used.get(0).inputActivity()).isEqualTo(0.5);
        assertThat(used.get(0).activitySource()).isEqualTo("assumed");
        assertThat(used.get(0).conductanceSource()).isEqualTo("assumed");
        assertThat(used.get(0).cellConductanceS()).isEqualTo(CHIP.uniformCellConductance());
        assertThat(Workload.ofActivity(0.3).describe(List.of("fc1"), CHIP).get(0).activitySource())
                .isEqualTo("request");
    }
}
