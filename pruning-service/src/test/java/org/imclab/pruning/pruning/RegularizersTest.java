package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The released code's kernel orthogonality ({@code deconv_orth_dist}, stride 1) on kernels with known answers. */
class RegularizersTest {

    @Test
    void orthogonalityIsZeroForShiftOrthogonalFiltersAndCountsShiftedOverlaps() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // Two filters on two input channels, each a unit impulse at the centre of its own channel: orthogonal to
            // each other and to every shifted copy, so conv2d(W, W) is exactly the target.
            float[] w = new float[2 * 2 * 9];
            w[0 * 18 + 0 * 9 + 4] = 1;
            w[1 * 18 + 1 * 9 + 4] = 1;
            assertThat(Regularizers.orthogonality(m.create(w, new Shape(2, 2, 3, 3)), m).getFloat()).isCloseTo(0f,
                    within(1e-5f));

            // One filter, one channel, impulses at the centre and its right neighbour: the centre of conv2d(W, W) is
            // ‖w‖² = 2 (target 1, error 1) and the shifts by ±1 column overlap once each (error 1 each): √3.
            float[] v = new float[9];
            v[4] = 1;
            v[5] = 1;
            assertThat(Regularizers.orthogonality(m.create(v, new Shape(1, 1, 3, 3)), m).getFloat())
                    .isCloseTo((float) Math.sqrt(3), within(1e-5f));
        }
    }
}
