package org.imclab.hwsim.cost.chip;

/**
 * Area of the chip's register files and buffers, all made of DFFs (Param.cpp peBufferType,
 * tileBufferType and globalBufferType false), laid out as NeuroSim lays them out:
 * <ul>
 *   <li>a PE's input file (inputBits x rows DFFs) stands in columns as tall as the PE's subarrays and
 *       its output file ((cols / mux) x (tree input bits - 1 + tree stages) DFFs) in rows as wide as
 *       them; each column or row is charged whole (ProcessingUnit.cpp CalculateArea, DFF.cpp with a
 *       given height or width);</li>
 *   <li>a tile's input buffer is sized for numPE x inputBits x rows bits and its output buffer for
 *       numPE x (cols / mux) x the tile adder tree's input bits: one buffer of that many DFFs below a
 *       core of tileBufferCoreBits, else cores (Tile.cpp TileInitialize, Buffer.cpp). NeuroSim keeps the
 *       core counts in two globals that the conventional tile's initialisation, which runs last,
 *       overwrites, so both tile kinds get the conventional tile's counts (Tile.cpp numInBufferCore,
 *       numOutBufferCore; the same counts set the buffers' parallel lines, ChipParams' tile ports);</li>
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
     * Input and output buffer of one tile of the given kind (um^2): each kind's buffer is one core (or
     * its bits, when below a core) times the conventional tile's core count.
     */
    static double tileUm2(ChipParams p, Floorplan fp, boolean novel) {
        long cmPes = Math.max(1, fp.tileSizeCm() / fp.peSizeCm());
        long pes = novel ? fp.numPeNm() : cmPes;
        long pe = novel ? fp.peSizeNm() : fp.peSizeCm();
        int core = p.tileBufferCoreBits();
        double in = Math.min(core, inputBits(p, pes)) * Math.ceil(inputBits(p, cmPes) / core);
        double out = Math.min(core, outputBits(p, pes, pe)) * Math.ceil(outputBits(p, cmPes, fp.peSizeCm()) / core);
        return (in + out) * dffUm2(p);
    }

    /** Bits a tile's input buffer is sized for: numPE x inputBits x rows. */
    private static double inputBits(ChipParams p, long pes) {
        return (double) pes * p.inputBits() * p.rows();
    }

    /** Bits a tile's output buffer is sized for: numPE x (cols / mux) x (tree input bits + log2(PE rows of subarrays)). */
    private static double outputBits(ChipParams p, long pes, long peSize) {
        int sumBits = ChipCostModel.treeBits(p) + ChipCostModel.log2Ceil((int) Math.max(1, peSize / p.rows()));
        return (double) sumBits * pes * p.cols() / p.columnsPerAdc();
    }

    /** The global buffer (um^2): {@code cores} cores of globalBufferCoreBits DFFs. */
    static double globalUm2(ChipParams p, double cores) {
        return cores * p.globalBufferCoreBits() * dffUm2(p);
    }

    private static double dffUm2(ChipParams p) {
        return p.dffWidthUm() * p.dffHeightUm();
    }
}
