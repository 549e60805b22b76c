package org.imclab.common.nn.basisn;

/**
 * The split of the N basis columns into G contiguous crossbar groups (docs/science/basisn.md §1(c)). Group g holds
 * columns {@code [floor(g*N/G), floor((g+1)*N/G))}. With {@code G = X_B = ceil(N * cellsPerValue / C)} each
 * group is the set of basis columns one crossbar stores: a crossbar of C columns holds
 * {@code C / cellsPerValue} basis columns (each value takes cellsPerValue cells: weight bit slices, doubled
 * for differential storage), so group g is crossbar g when N fills the crossbars exactly.
 *
 * @param basisSize N
 * @param groups    G, 1..N
 */
public record CrossbarGroups(int basisSize, int groups) {

    public CrossbarGroups {
        if (basisSize < 1) {
            throw new IllegalArgumentException("basisSize must be at least 1, got " + basisSize);
        }
        if (groups < 1 || groups > basisSize) {
            throw new IllegalArgumentException("groups must be in [1, " + basisSize + "], got " + groups);
        }
    }

    /** First column of group g. */
    public int start(int g) {
        return (int) ((long) g * basisSize / groups);
    }

    /** One past the last column of group g. */
    public int end(int g) {
        return (int) ((long) (g + 1) * basisSize / groups);
    }

    /** The group that holds column n. */
    public int groupOf(int column) {
        for (int g = 0; g < groups; g++) {
            if (column < end(g)) {
                return g;
            }
        }
        throw new IllegalArgumentException("column " + column + " is outside [0, " + basisSize + ")");
    }

    /** Cells per stored value: ceil(weightBits / bitsPerCell), doubled for differential (signed pair) storage. */
    public static int cellsPerValue(int weightBits, int bitsPerCell, boolean differential) {
        return ceilDiv(weightBits, bitsPerCell) * (differential ? 2 : 1);
    }

    /** X_B = ceil(N * cellsPerValue / C): crossbars holding one copy of the basis. */
    public static int basisCrossbars(int basisSize, int cellsPerValue, int columns) {
        return ceilDiv(basisSize * cellsPerValue, columns);
    }

    /** Basis columns one crossbar of C columns holds: floor(C / cellsPerValue). */
    public static int columnsPerCrossbar(int cellsPerValue, int columns) {
        return columns / cellsPerValue;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
