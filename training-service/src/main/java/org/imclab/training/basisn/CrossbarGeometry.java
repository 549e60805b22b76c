package org.imclab.training.basisn;

import org.imclab.common.nn.basisn.CrossbarGroups;

/**
 * The crossbar the basis is written to, as far as BasisN training needs it: how many crossbars B occupies,
 * {@code X_B = ceil(N * cellsPerValue / C)} (docs/science/basisn.md §1), and hence the default number of crossbar groups.
 *
 * @param columns      C, crossbar columns
 * @param bitsPerCell  bits per RRAM cell
 * @param weightBits   bits per stored basis value
 * @param differential signed values stored as a cell pair
 */
public record CrossbarGeometry(int columns, int bitsPerCell, int weightBits, boolean differential) {

    public CrossbarGeometry {
        if (columns < 1 || bitsPerCell < 1 || weightBits < 1) {
            throw new IllegalArgumentException("columns, bitsPerCell and weightBits must be positive");
        }
    }

    /** ceil(weightBits / bitsPerCell) slices, doubled for differential storage. */
    public int cellsPerValue() {
        return CrossbarGroups.cellsPerValue(weightBits, bitsPerCell, differential);
    }

    /** Cell slices per value (without the differential pair). */
    public int slices() {
        return (weightBits + bitsPerCell - 1) / bitsPerCell;
    }

    /** X_B for a basis of N columns. */
    public int basisCrossbars(int basisSize) {
        return CrossbarGroups.basisCrossbars(basisSize, cellsPerValue(), columns);
    }

    /** Basis columns one crossbar holds. */
    public int columnsPerCrossbar() {
        return CrossbarGroups.columnsPerCrossbar(cellsPerValue(), columns);
    }
}
