package org.imclab.hwsim.cost.chip;

import java.util.ArrayList;
import java.util.List;

/**
 * NeuroSim V1.3's chip floorplan (Chip.cpp ChipDesignInitialize, ChipFloorPlan, TileDesignCM/NM,
 * PEDesign, SubArrayDup, OverallEachLayer; layer-by-layer, pipeline off), restated.
 *
 * <p>Novel mapping: the kernel size shared by most conv layers (numPENM, 9 for 3x3) gets one PE per
 * kernel position; a layer with that kernel and Cin*k^2 >= rows is novel-mapped (NM), every other
 * layer conventional (CM). PE and tile sides are powers of two, searched downward from the largest
 * layer's pow2(Cout*cellsPerWeight) for the best memory utilisation; a CM tile holds
 * (tile/pe)^2 PEs, an NM tile numPENM PEs. Unused PE and subarray slots are filled with copies of a
 * small layer's weights ("speed-up"): dup = floor(slots / slots needed) per dimension, at PE level
 * (CM) and at subarray level (CM and NM).
 *
 * @param numPeNm       PEs per NM tile (k^2 of the dominant kernel), 0 without NM layers
 * @param peSizeNm      NM PE side (cells)
 * @param tileSizeCm    CM tile side (cells)
 * @param peSizeCm      CM PE side (cells)
 * @param layers        per-layer placement, in network order
 */
public record Floorplan(int numPeNm, long peSizeNm, long tileSizeCm, long peSizeCm, List<Placement> layers) {

    /**
     * @param novel              NM layer
     * @param subarraysNeeded    subarrays holding one copy of the weights
     * @param tiles              tiles the layer occupies
     * @param subarraysPerTile   subarray slots of one of its tiles
     * @param duplication        copies of the weights (NeuroSim "speed-up")
     * @param rowTiles           tiles along the weight rows (partial sums added at chip level)
     * @param peRowsInTile       CM: PE rows of the matrix inside one tile (tile adder tree inputs)
     * @param subarrayRowsInPe   subarray rows of the matrix inside one PE (PE adder tree inputs)
     */
    public record Placement(boolean novel, long subarraysNeeded, long tiles, long subarraysPerTile, long duplication,
            long rowTiles, long peRowsInTile, long subarrayRowsInPe) {

        /** Subarrays of the layer's tiles, duplicates and empty slots included. */
        public long subarraysAllocated() {
            return tiles * subarraysPerTile;
        }
    }

    public long tiles() {
        return layers.stream().mapToLong(Placement::tiles).sum();
    }

    public long subarraysNeeded() {
        return layers.stream().mapToLong(Placement::subarraysNeeded).sum();
    }

    public long subarraysAllocated() {
        return layers.stream().mapToLong(Placement::subarraysAllocated).sum();
    }

    /** Plans the chip for these layers. */
    public static Floorplan plan(List<ChipLayer> net, ChipParams p) {
        int n = net.size();
        int cpw = p.cellsPerWeight();
        long r = p.rows();
        int numPeNm = 0;
        boolean[] nm = new boolean[n];
        long maxPeNm = 0;
        long maxTileCm = 0;
        if (p.novelMapping()) {
            int most = 0;
            for (ChipLayer a : net) {
                int k2 = a.k() * a.k();
                int count = 1;
                for (ChipLayer b : net) {
                    if (k2 == b.k() * b.k() && k2 != 1) {
                        count++;
                    }
                    if (most < count) {
                        most = count;
                        numPeNm = k2;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            ChipLayer l = net.get(i);
            nm[i] = p.novelMapping() && numPeNm > 1 && l.k() * l.k() == numPeNm && l.weightRows() >= r;
            long cube = pow2Ceil(l.cellCols(p));
            if (nm[i]) {
                maxPeNm = Math.max(maxPeNm, cube);
            } else {
                maxTileCm = Math.max(maxTileCm, cube);
            }
        }
        boolean anyNm = maxPeNm > 0;
        boolean anyCm = maxTileCm > 0;

        long peNm = 0;
        if (anyNm) {
            peNm = Math.max(maxPeNm, 2 * r);
            double best = 0;
            for (long s = peNm; s > 2 * r; s /= 2) {
                double u = utilisationNm(net, nm, s, numPeNm, p);
                if (u > best) {
                    best = u;
                    peNm = s;
                }
            }
        }
        long tileCm = Math.max(maxTileCm, 4 * r);
        long peCm = tileCm / 2;
        if (anyCm) {
            double best = 0;
            long start = tileCm;
            for (long s = start; s > 4 * r; s /= 2) {
                double u = utilisationCm(net, nm, s, p);
                if (u > best) {
                    best = u;
                    tileCm = s;
                }
            }
            peCm = tileCm / 2;
            long cmTiles = 0;
            for (int i = 0; i < n; i++) {
                if (!nm[i]) {
                    cmTiles += ceil(net.get(i).weightRows(), tileCm) * ceil(net.get(i).cellCols(p), tileCm);
                }
            }
            for (long s = tileCm / 2; s > 2 * r; s /= 2) {
                double u = peUtilisationCm(net, nm, s, tileCm, cmTiles, p);
                if (u > best) {
                    best = u;
                    peCm = s;
                }
            }
        }

        List<Placement> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ChipLayer l = net.get(i);
            long rowsM = l.weightRows();
            long colsM = l.cellCols(p);
            if (nm[i]) {
                long saRowDup = 1;
                long saColDup = 1;
                if (l.cin() <= peNm || colsM <= peNm) {
                    saRowDup = dup(ceil(peNm, r), ceil(l.cin(), r));
                    saColDup = dup(ceil(peNm, p.cols()), ceil(colsM, p.cols()));
                }
                long rowTiles = ceil(l.cin(), peNm);
                long tiles = rowTiles * ceil(colsM, peNm);
                long perTile = numPeNm * ceil(peNm, r) * ceil(peNm, p.cols());
                long needed = (long) numPeNm * ceil(l.cin(), r) * ceil(colsM, p.cols());
                out.add(new Placement(true, needed, tiles, perTile, saRowDup * saColDup, rowTiles, numPeNm,
                        ceil(Math.min(l.cin(), peNm), r)));
            } else {
                long peRowDup = 1;
                long peColDup = 1;
                if (rowsM <= tileCm || colsM <= tileCm) {
                    peRowDup = dup(ceil(tileCm, peCm), ceil(rowsM, peCm));
                    peColDup = dup(ceil(tileCm, peCm), ceil(colsM, peCm));
                }
                long saRowDup = 1;
                long saColDup = 1;
                if (rowsM <= peCm || colsM <= peCm) {
                    saRowDup = dup(ceil(peCm, r), ceil(rowsM, r));
                    saColDup = dup(ceil(peCm, p.cols()), ceil(colsM, p.cols()));
                }
                long rowTiles = ceil(rowsM, tileCm);
                long tiles = rowTiles * ceil(colsM, tileCm);
                long perTile = ceil(tileCm, r) * ceil(tileCm, p.cols());
                long needed = ceil(rowsM, r) * ceil(colsM, p.cols());
                long rowsInTile = Math.min(rowsM, tileCm);
                out.add(new Placement(false, needed, tiles, perTile, peRowDup * peColDup * saRowDup * saColDup,
                        rowTiles, ceil(rowsInTile, peCm), ceil(Math.min(rowsInTile, peCm), r)));
            }
        }
        return new Floorplan(anyNm ? numPeNm : 0, peNm, tileCm, peCm, out);
    }

    private static double utilisationNm(List<ChipLayer> net, boolean[] nm, long pe, int numPe, ChipParams p) {
        double tiles = 0;
        double matrix = 0;
        for (int i = 0; i < net.size(); i++) {
            if (nm[i]) {
                ChipLayer l = net.get(i);
                tiles += ceil(l.cin(), pe) * ceil(l.cellCols(p), pe);
                matrix += (double) l.weightRows() * l.cellCols(p);
            }
        }
        return matrix / (tiles * pe * pe * numPe);
    }

    private static double utilisationCm(List<ChipLayer> net, boolean[] nm, long tile, ChipParams p) {
        double tiles = 0;
        double matrix = 0;
        for (int i = 0; i < net.size(); i++) {
            if (!nm[i]) {
                ChipLayer l = net.get(i);
                tiles += ceil(l.weightRows(), tile) * ceil(l.cellCols(p), tile);
                matrix += (double) l.weightRows() * l.cellCols(p);
            }
        }
        return matrix / (tiles * tile * tile);
    }

    private static double peUtilisationCm(List<ChipLayer> net, boolean[] nm, long pe, long tile, long tiles,
            ChipParams p) {
        double matrix = 0;
        for (int i = 0; i < net.size(); i++) {
            if (!nm[i]) {
                ChipLayer l = net.get(i);
                long d = 1;
                if (l.weightRows() <= tile || l.cellCols(p) <= tile) {
                    d = dup(ceil(tile, pe), ceil(l.weightRows(), pe)) * dup(ceil(tile, pe), ceil(l.cellCols(p), pe));
                }
                matrix += (double) d * l.weightRows() * l.cellCols(p);
            }
        }
        return matrix / ((double) tiles * tile * tile);
    }

    private static long dup(long slots, long needed) {
        return Math.max(1, slots / needed);
    }

    static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    static long pow2Ceil(long v) {
        long x = 1;
        while (x < v) {
            x <<= 1;
        }
        return x;
    }
}
