package org.imclab.hwsim.cost.chip;

/**
 * Area of the chip's register files and buffers, all made of DFFs (Param.cpp peBufferType,
 * tileBufferType and globalBufferType false), laid out as NeuroSim lays them out:
 * <ul>
 *   <li>a PE's input file (inputBits x rows DFFs) stands in columns as tall as the PE's subarrays and
 *       its output file ((cols / mux) x (tree input bits - 1 + tree stages) DFFs) in rows as wide as
 *       them; each column or row is charged whole (ProcessingUnit.cpp CalculateArea, DFF.cpp with a
 *       given height or width);</li>
 *   <li>a tile's input buffer holds numPE x inputBits x rows bits and its output buffer numPE x
 *       (cols / mux) x the tile adder tree's input bits, each in cores of tileBufferCoreBits once it
 *       reaches one core (Tile.cpp TileInitialize, Buffer.cpp: the DFFs of the core);</li>
 *   <li>the global buffer has ceil(inputBits x largest layer input / core) cores of globalBufferCoreBits
 *       (Chip.cpp ChipInitialize) and sits outside the tiles.</li>
 * </ul>
 * The buffers' row decoders (RowDecoder.cpp; about 0.017 mm^2 on VGG-8, 0.08 % of its "other" area)
 * are not counted.
 */
final class RegisterFiles {

    private RegisterFiles() {
    }

    /** Register files of one PE of {@code peSize} x {@code peSize} cells (um^2). */
    static double peUm2(ChipParams p, long peSize) {
        ChipWires x = p.wires();
        long subRows = Floorplan.ceil(peSize, p.rows());
        long subCols = Floorplan.ceil(peSize, p.cols());
        double height = subRows * x.subarrayHeightUm();
        double width = subCols * x.subarrayWidthUm();
        double in = (double) p.inputBits() * p.rows();
        double out = (double) p.cols() / p.columnsPerAdc()
                * (ChipCostModel.treeBits(p) - 1 + ChipCostModel.stages(subRows));
        double perColumn = Math.min(in, Math.floor(height / p.dffHeightUm()));
        double perRow = Math.min(out, Math.floor(width / p.dffWidthUm()));
        return height * Math.ceil(in / perColumn) * p.dffWidthUm() + width * Math.ceil(out / perRow) * p.dffHeightUm();
    }

    /**
     * Input and output buffer of one tile (um^2) with {@code pes} PEs along its side (NM: numPE, CM:
     * tile / PE side) of {@code peSize} cells: numPE x inputBits x rows input bits and numPE x (cols / mux)
     * x (tree input bits + log2(PE rows of subarrays)) output bits.
     */
    static double tileUm2(ChipParams p, long pes, long peSize) {
        double in = (double) pes * p.inputBits() * p.rows();
        int sumBits = ChipCostModel.treeBits(p) + ChipCostModel.log2Ceil((int) Math.max(1, peSize / p.rows()));
        double out = (double) sumBits * pes * p.cols() / p.columnsPerAdc();
        return (stored(in, p.tileBufferCoreBits()) + stored(out, p.tileBufferCoreBits())) * dffUm2(p);
    }

    /** The global buffer (um^2): {@code cores} cores of globalBufferCoreBits DFFs. */
    static double globalUm2(ChipParams p, double cores) {
        return cores * p.globalBufferCoreBits() * dffUm2(p);
    }

    /** DFFs a buffer of {@code bits} holds: the bits themselves below one core, else whole cores. */
    private static double stored(double bits, int core) {
        return bits < core ? bits : Math.ceil(bits / core) * core;
    }

    private static double dffUm2(ChipParams p) {
        return p.dffWidthUm() * p.dffHeightUm();
    }
}
