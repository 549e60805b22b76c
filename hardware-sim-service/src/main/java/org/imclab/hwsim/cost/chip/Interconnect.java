package org.imclab.hwsim.cost.chip;

import java.util.List;

/**
 * The chip's interconnect after DNN+NeuroSim V1.3: a chip H-tree from the global buffer to the tiles
 * (Chip.cpp, HTree.cpp), one H-tree per tile from its buffers to its PEs (Tile.cpp) and, inside a PE,
 * an input bus along the subarray rows and an output bus down the subarray columns (ProcessingUnit.cpp,
 * Bus.cpp). Wire lengths come from the chip's geometry, which NeuroSim lays out as squares: a PE is
 * sqrt(PE area) on a side, a tile sqrt(tile area), tiles sit on a ceil(sqrt(n)) grid
 * (Chip.cpp ChipFloorPlan, Tile.cpp and ProcessingUnit.cpp CalculateArea). docs/hwsim.md,
 * "Interconnect", writes every formula out.
 */
final class Interconnect {

    private Interconnect() {
    }

    /**
     * Sizes of one chip (um, bits).
     *
     * @param subarrayWidth   width of a subarray with its row periphery (the PE input bus's unit)
     * @param subarrayHeight  height of a subarray with its column periphery (the PE output bus's unit)
     * @param peSideNm        side of a novel-mapped PE
     * @param peSideCm        side of a conventional PE
     * @param tileSideNm      side of a novel-mapped tile
     * @param tileSideCm      side of a conventional tile
     * @param gridRows        tile rows of the chip
     * @param gridCols        tile columns of the chip
     * @param globalBusBits   chip H-tree width
     * @param pesPerSideCm    PEs along a conventional tile's side
     * @param tileTreeAreaNm  H-tree area of one novel-mapped tile (um^2)
     * @param tileTreeAreaCm  H-tree area of one conventional tile (um^2)
     * @param chipTreeArea    chip H-tree area (um^2)
     * @param paths           root-to-leaf wire per bit (um): chip tree over NM / CM tiles, NM / CM tile tree
     * @param cycles          clock cycles per transfer, in the same order
     * @param globalBufferPorts global buffer lines moved per cycle
     * @param globalBufferCores cores of the global buffer
     */
    record Geometry(double subarrayWidth, double subarrayHeight, double peSideNm, double peSideCm, double tileSideNm,
            double tileSideCm, int gridRows, int gridCols, double globalBusBits, int pesPerSideCm,
            double tileTreeAreaNm, double tileTreeAreaCm, double chipTreeArea, double[] paths, double[] cycles,
            double globalBufferPorts, double globalBufferCores) {

        double chipPathUm(boolean novel) {
            return paths[novel ? 0 : 1];
        }

        double tilePathUm(boolean novel) {
            return paths[novel ? 2 : 3];
        }

        double chipTransferCycles(boolean novel) {
            return cycles[novel ? 0 : 1];
        }

        double tileTransferCycles(boolean novel) {
            return cycles[novel ? 2 : 3];
        }

        double tileSide(boolean novel) {
            return novel ? tileSideNm : tileSideCm;
        }

        double peSide(boolean novel) {
            return novel ? peSideNm : peSideCm;
        }

        double tileTreeArea(boolean novel) {
            return novel ? tileTreeAreaNm : tileTreeAreaCm;
        }
    }

    /** The geometry of a chip with this floorplan and {@code chipTiles} tiles. */
    static Geometry geometry(List<ChipLayer> net, Floorplan fp, ChipParams p, long chipTiles) {
        ChipWires x = p.wires();
        double slot = ChipCostModel.subarrayAreaUm2(p);
        int pesCm = (int) Math.max(1, fp.tileSizeCm() / fp.peSizeCm());
        // ProcessingUnit.cpp: a PE is its subarrays, adder trees and register files; Tile.cpp: a tile its PEs,
        // adder trees, buffers and H-tree
        double peNm = Math.sqrt(subarraysPerPe(fp.peSizeNm(), p) * slot + ChipCostModel.peTreeAreaUm2(p, fp.peSizeNm())
                + RegisterFiles.peUm2(p, fp.peSizeNm()));
        double peCm = Math.sqrt(subarraysPerPe(fp.peSizeCm(), p) * slot + ChipCostModel.peTreeAreaUm2(p, fp.peSizeCm())
                + RegisterFiles.peUm2(p, fp.peSizeCm()));
        // Tile.cpp: the tile H-tree spans numPE x numPE PE units (NM: k^2 x k^2) and is numPE x rows bits wide
        double treeNm = fp.numPeNm() == 0 ? 0
                : areaUm2(fp.numPeNm(), fp.numPeNm(), peNm, peNm, (double) fp.numPeNm() * p.rows(), x.tileTreeFold(), x);
        double treeCm = areaUm2(pesCm, pesCm, peCm, peCm, (double) pesCm * p.rows(), x.tileTreeFold(), x);
        double tileNm = fp.numPeNm() == 0 ? 0
                : Math.sqrt(fp.numPeNm() * peNm * peNm + ChipCostModel.tileTreeAreaUm2(p, fp, true) + treeNm
                        + RegisterFiles.tileUm2(p, fp, true));
        double tileCm = Math.sqrt((double) pesCm * pesCm * peCm * peCm + ChipCostModel.tileTreeAreaUm2(p, fp, false)
                + treeCm + RegisterFiles.tileUm2(p, fp, false));
        int rows = (int) Math.ceil(Math.sqrt((double) chipTiles));
        int cols = (int) Math.ceil((double) chipTiles / rows);
        double bus = globalBusBits(net, fp, p);
        double side = Math.max(tileNm, tileCm);
        double chipTree = areaUm2(rows, cols, side, side, bus, x.chipTreeFold(), x);
        int pesNm = Math.max(1, fp.numPeNm());
        double[] paths = {energyPathUm(rows, cols, tileNm, tileNm), energyPathUm(rows, cols, tileCm, tileCm),
                energyPathUm(pesNm, pesNm, peNm, peNm), energyPathUm(pesCm, pesCm, peCm, peCm)};
        double[] cycles = {transferCycles(delayNs(rows, cols, tileNm, tileNm, x), x),
                transferCycles(delayNs(rows, cols, tileCm, tileCm, x), x),
                transferCycles(delayNs(pesNm, pesNm, peNm, peNm, x), x),
                transferCycles(delayNs(pesCm, pesCm, peCm, peCm, x), x)};
        // Chip.cpp: numBufferCore = ceil(B x largest layer input / core bits); lines move in parallel over
        // min(cores, ceil(bus / line)) cores
        double largestInput = 0;
        for (ChipLayer l : net) {
            largestInput = Math.max(largestInput, (double) l.inH() * l.inW() * l.cin());
        }
        double cores = Math.ceil(p.inputBits() * largestInput / p.globalBufferCoreBits());
        double ports = Math.max(1, Math.min(cores, Math.ceil(bus / p.globalBufferLineBits())));
        return new Geometry(x.subarrayWidthUm(), x.subarrayHeightUm(), peNm, peCm, tileNm, tileCm, rows, cols, bus, pesCm, treeNm, treeCm,
                chipTree, paths, cycles, ports, cores);
    }

    static long subarraysPerPe(long peSize, ChipParams p) {
        return Floorplan.ceil(peSize, p.rows()) * Floorplan.ceil(peSize, p.cols());
    }

    /**
     * Chip H-tree width (Chip.cpp ChipInitialize, layer by layer): each layer adds its tile's input
     * width plus 1/columnsPerAdc of it (CM: the tile side; NM: PE side x ceil(sqrt(numPE))); the sum
     * is halved until it is at most maxGlobalBusBits.
     */
    static double globalBusBits(List<ChipLayer> net, Floorplan fp, ChipParams p) {
        double bus = 0;
        for (Floorplan.Placement pl : fp.layers()) {
            double side = pl.novel() ? (double) fp.peSizeNm() * Math.ceil(Math.sqrt(fp.numPeNm())) : fp.tileSizeCm();
            bus += side + side / p.columnsPerAdc();
        }
        while (bus > p.wires().maxGlobalBusBits()) {
            bus /= 2;
        }
        return Math.max(1, bus);
    }

    /** Stages of an H-tree over rows x cols units: 2 ceil(log2 max) + 1, of which ceil(log2 max) vertical (HTree.cpp). */
    static int levels(int rows, int cols) {
        return ChipCostModel.stages(Math.max(rows, cols));
    }

    /**
     * Main-bus length in unit widths: from the tree's centre floor(log2 min(rows, cols)), moved one unit in when
     * it would leave the grid, to the nearer edge (HTree.cpp Initialize, CalculatePower).
     */
    static int mainBusUnits(int rows, int cols) {
        int centre = 31 - Integer.numberOfLeadingZeros(Math.max(1, Math.min(rows, cols)));
        if (cols - centre < 1) {
            centre -= 1;
        }
        return Math.min(cols - centre, centre);
    }

    /**
     * Wire one bit crosses from the root to a leaf (um), HTree.cpp CalculatePower: the first vertical and
     * horizontal stages are h 2^(n-1) / 2 and w 2^(n-1) / 2 long and each next one half of that, n of each,
     * which sums to (2^n - 1)/2 x (h + w), plus the main bus.
     */
    static double energyPathUm(int rows, int cols, double h, double w) {
        int n = levels(rows, cols);
        return (Math.pow(2, n) - 1) / 2 * (h + w) + mainBusUnits(rows, cols) * w;
    }

    /**
     * Wire delay of one root-to-leaf transfer (ns), HTree.cpp CalculateLatency: stages h 2^(n-1-i) and
     * w 2^(n-1-i), i = 0..n-1 (twice the lengths CalculatePower charges), each at the delay per um of its
     * wire class; the main bus at the last stage's rate.
     */
    static double delayNs(int rows, int cols, double h, double w, ChipWires x) {
        int n = levels(rows, cols);
        double t = 0;
        double rate = x.htreeNsPerUmNarrow();
        for (int i = 0; i < n; i++) {
            double scale = Math.pow(2, n - 1 - i);
            for (double len : new double[] {h * scale, w * scale}) {
                rate = len >= x.wideFromUm() ? x.htreeNsPerUmWide() : x.htreeNsPerUmNarrow();
                t += len * rate;
            }
        }
        return t + mainBusUnits(rows, cols) * w * rate;
    }

    /** Clock cycles of one transfer: the wire delay rounded up to whole transferNs (HTree.cpp, synchronous). */
    static double transferCycles(double delayNs, ChipWires x) {
        return Math.ceil(delayNs / x.transferNs() - 1e-9);
    }

    /**
     * H-tree area (um^2), HTree.cpp CalculateArea: below the top, stage i = 1..n-1 is h 2^(n-1-i) (and
     * w 2^(n-1-i)) long; the wire bundle's width grows by busBits x repeater width (vertical) or height
     * (horizontal) / fold at every stage and covers half the stage length; the main bus is busBits x
     * repeater height / fold wide.
     */
    static double areaUm2(int rows, int cols, double h, double w, double busBits, double fold, ChipWires x) {
        int n = levels(rows, cols);
        double area = 0;
        double widthV = 0;
        double widthH = 0;
        for (int i = 1; i < n; i++) {
            double scale = Math.pow(2, n - 1 - i);
            widthV += busBits * x.repeaterWidthUm() / fold;
            area += widthV * h * scale / 2;
            widthH += busBits * x.repeaterHeightUm() / fold;
            area += widthH * w * scale / 2;
        }
        return area + busBits * x.repeaterHeightUm() / fold * mainBusUnits(rows, cols) * w;
    }
}
