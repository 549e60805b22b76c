package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;

/** The parameter a {@link Sweep} varies. */
public enum SweepAxis {
    /** X, crossbars on the chip. */
    CROSSBARS,
    /** Inputs per programming round. */
    BATCH,
    /** Write-verify iterations per row. */
    WRITE_VERIFY_ITERATIONS,
    /** Bits per RRAM cell (changes cellsPerValue, so the crossbars per layer and X_B). */
    BITS_PER_CELL;

    /** Default values: CROSSBARS 8..4096 and BATCH 1..1024 in powers of 2, 1..20 iterations, 1/2/4 bits. */
    public List<Number> defaultValues() {
        List<Number> values = new ArrayList<>();
        switch (this) {
            case CROSSBARS -> {
                for (int x = 8; x <= 4096; x *= 2) {
                    values.add(x);
                }
            }
            case BATCH -> {
                for (int b = 1; b <= 1024; b *= 2) {
                    values.add(b);
                }
            }
            case WRITE_VERIFY_ITERATIONS -> {
                for (int i = 1; i <= 20; i++) {
                    values.add(i);
                }
            }
            case BITS_PER_CELL -> values.addAll(List.of(1, 2, 4));
        }
        return values;
    }
}
