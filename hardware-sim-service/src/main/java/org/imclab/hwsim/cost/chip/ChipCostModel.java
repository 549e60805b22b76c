package org.imclab.hwsim.cost.chip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.imclab.common.nn.LayerInfo;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.ProgrammingCost;

/**
 * Chip-level cost of one image on a DNN+NeuroSim V1.3-style chip: subarray, PE, tile and chip
 * with NeuroSim's floorplan ({@link Floorplan}), layer-by-layer execution, bit-serial inputs, a
 * multilevel sense amp shared by {@code columnsPerAdc} columns, shift-add and adder trees,
 * register-file buffers, H-tree interconnect and idle-tile leakage. docs/hwsim.md states every
 * formula; the constants are in the preset. Weight reprogramming (NeuroSim charges none) comes from
 * the preset's write parameters and is charged only to subarrays that do not fit the budget.
 * Stateless and thread-safe.
 */
public final class ChipCostModel {

    /** What the model leaves out, reported with every result. */
    public static final List<String> EXCLUDES = List.of(
            "off-chip DRAM traffic and loading the input image",
            "inter-layer pipelining (layers run one after another, as NeuroSim with pipeline=false)",
            "device variation, drift, IR-drop accuracy effects and ADC quantisation error (see NOISY_ACCURACY)",
            "batch-norm, residual adds, concatenation and softmax (no cost); pooling only after a layer",
            "differential or reference columns for signed weights (offset encoding, as NeuroSim)",
            "weight-programming energy and time while every weight is resident (charged once, at deployment)",
            "conv input vectors counted as NeuroSim does, (H-k+1)(W-k+1)/s^2, when validConvVectors is set",
            "ReLU and max-pool unit latency and energy (below 0.5 % in NeuroSim's VGG-8 run)");

    /** From a spec's analysed layers. */
    public ChipReport evaluate(List<LayerInfo> layers, ChipParams p, CrossbarParams write, int crossbarBudget,
            int batch, Workload workload) {
        return evaluateNetwork(ChipLayer.of(layers), p, write, crossbarBudget, batch, workload);
    }

    /**
     * From NeuroSim-style layer rows.
     *
     * @param crossbarBudget subarrays available; at least 1
     * @param batch          images per programming round; at least 1
     */
    public ChipReport evaluateNetwork(List<ChipLayer> net, ChipParams p, CrossbarParams write, int crossbarBudget,
            int batch, Workload workload) {
        if (crossbarBudget < 1) {
            throw new IllegalArgumentException("crossbarBudget must be at least 1, got " + crossbarBudget);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        Workload w = workload == null ? Workload.assumed() : workload;
        Floorplan fp = Floorplan.plan(net, p);
        BudgetPlan plan = BudgetPlan.of(net, fp, p, crossbarBudget);
        long chipTiles = 0;
        for (int i = 0; i < net.size(); i++) {
            chipTiles += plan.tiles[i];
        }
        Interconnect.Geometry g = Interconnect.geometry(net, fp, p, chipTiles);
        double globalBuffer = RegisterFiles.globalUm2(p, g.globalBufferCores());

        List<ChipLayerCost> out = new ArrayList<>(net.size());
        Components lat = Components.ZERO;
        Components en = Components.ZERO;
        double leak = 0;
        double progNs = 0;
        double progPj = 0;
        double ops = 0;
        double arrays = 0;
        double adcArea = 0;
        double accArea = 0;
        double icArea = 0;
        double otherArea = 0;
        long allocated = 0;
        long streamed = 0;
        for (int i = 0; i < net.size(); i++) {
            ChipLayer l = net.get(i);
            Floorplan.Placement pl = fp.layers().get(i);
            double a = w.activityOf(l.name());
            Components layerLat = latency(l, pl, fp, p, g, plan.dup[i], plan.passes[i], chipTiles, plan.tiles[i]);
            Components layerEn = energy(l, pl, fp, p, g, a, w.conductanceOf(l.name(), p));
            double prog = 0;
            double progE = 0;
            if (plan.streamed[i] > 0) {
                double cells = (double) plan.streamed[i] / pl.subarraysNeeded() * l.weightRows() * l.cellCols(p);
                ProgrammingCost c = ProgrammingCost.of(plan.streamed[i], cells, write);
                prog = c.latencyNs() / batch;
                progE = c.energyPj() / batch;
            }
            double layerNs = layerLat.total() + prog;
            // NeuroSim main.cpp: leakage = tiles of all other layers x this layer's latency x this layer's tile leakage
            double tileLeakUw = tileLeakageUw(l, pl, fp, p);
            double layerLeak = (chipTiles - plan.tiles[i]) * layerNs * tileLeakUw * 1e-3;
            double layerTotal = layerEn.total() + layerLeak + progE;
            double layerOps = 2 * l.creditedMacs();
            long alloc = plan.allocated[i];
            double layerAcc = accumulationAreaUm2(pl, fp, p, alloc, plan.tiles[i]);
            double layerFiles = registerFilesUm2(pl, fp, p, alloc, plan.tiles[i]);
            // the chip H-tree's and the global buffer's areas are shared out by tiles
            double layerArea = (subarrayAreaUm2(p) - p.shiftAddAreaUm2()) * alloc + layerAcc + layerFiles
                    + (g.tileTreeArea(pl.novel()) + (g.chipTreeArea() + globalBuffer) / chipTiles) * plan.tiles[i];
            out.add(new ChipLayerCost(l.name(), pl.novel() ? "novel" : "conventional", l.vectors(p), a,
                    pl.subarraysNeeded(), alloc, plan.tiles[i], plan.dup[i], pl.subarraysNeeded() - plan.streamed[i],
                    plan.streamed[i], plan.passes[i], layerLat, prog, layerNs, layerEn, layerLeak, progE, layerTotal,
                    layerOps, layerTotal * layerNs, layerOps / (layerTotal * p.energyCalibration()),
                    layerArea * 1e-6));
            lat = lat.plus(layerLat);
            en = en.plus(layerEn);
            leak += layerLeak;
            progNs += prog;
            progPj += progE;
            ops += layerOps;
            allocated += alloc;
            streamed += plan.streamed[i];
            double cellUm2 = p.cellAreaF2() * Math.pow(p.featureNm() * 1e-3, 2);
            arrays += alloc * (double) p.rows() * p.cols() * cellUm2;
            adcArea += alloc * (double) p.adcsPerSubarray() * p.adcAreaUm2();
            accArea += layerAcc;
            otherArea += alloc * p.peripheryAreaUm2() + layerFiles;
            icArea += plan.tiles[i] * g.tileTreeArea(pl.novel());
        }
        icArea += g.chipTreeArea();
        otherArea += globalBuffer;
        double totalNs = lat.total() + progNs;
        double totalPj = en.total() + leak + progPj;
        ChipArea area = new ChipArea(arrays * 1e-6, adcArea * 1e-6, accArea * 1e-6, icArea * 1e-6, otherArea * 1e-6);
        long needed = fp.subarraysNeeded();
        return new ChipReport(crossbarBudget, batch, p.clockNs(), out, needed, allocated,
                (double) allocated / needed, chipTiles, streamed == 0, streamed, lat, progNs, totalNs, en, leak,
                progPj, totalPj, totalPj * totalNs, ops, ops / (totalPj * p.energyCalibration()), ops / totalNs * 1e-3,
                area, plan.policy, w.source(), w.describe(net.stream().map(ChipLayer::name).toList(), p), EXCLUDES);
    }

    /**
     * Leakage power of one tile while this layer runs (uW), Tile.cpp / ProcessingUnit.cpp leakage sums:
     * every subarray slot's periphery; per PE its adder trees (one per ADC column across its subarray
     * columns) over the subarray rows the layer uses, and its input (B x rows DFFs) and output
     * ((cols/mux) x (18 + log2(subarray rows per PE)) DFFs) register files; the tile's adder trees over
     * its PEs (CM: the layer's PE rows in the tile); the tile's input and output buffers, each at most one
     * 32 x 32 core of DFFs plus its row decoder. NeuroSim counts tree adders by integer halving (AdderTree.cpp:
     * floor(j/2) adders per stage, then j = floor(j/2)), and charges every idle tile at the running layer's
     * tile leakage (main.cpp); so do we.
     */
    static double tileLeakageUw(ChipLayer l, Floorplan.Placement pl, Floorplan fp, ChipParams p) {
        long pe = peSize(pl, fp);
        long subCols = Floorplan.ceil(pe, p.cols());
        long subRows = Floorplan.ceil(pe, p.rows());
        int mux = p.columnsPerAdc();
        long pes = pl.novel() ? fp.numPeNm() : (fp.tileSizeCm() / fp.peSizeCm()) * (fp.tileSizeCm() / fp.peSizeCm());
        double rowsPerPe = pl.novel() ? Math.min(l.cin(), pe) : Math.min(l.weightRows(), pe);
        long peTreeInputs = (long) Math.ceil(rowsPerPe / p.rows());
        double peTrees = subCols * p.adcsPerSubarray() * leakyAdderBits(peTreeInputs, treeBits(p));
        double peBuffers = (double) p.inputBits() * p.rows() + (double) p.cols() / mux * (treeBits(p) - 1 + stages(subRows));
        long tileTreeInputs = pl.novel() ? fp.numPeNm() : pl.peRowsInTile();
        long perSide = pl.novel() ? fp.numPeNm() : fp.tileSizeCm() / fp.peSizeCm();
        int tileBits = treeBits(p) + log2Ceil((int) Math.max(1, pe / p.rows()));
        double tileTrees = perSide * (double) p.cols() / mux * leakyAdderBits(tileTreeInputs, tileBits);
        int core = p.tileBufferCoreBits();
        double tileIn = Math.min(core, (double) perSide * p.inputBits() * p.rows());
        double tileOut = Math.min(core, (double) tileBits * perSide * p.cols() / mux);
        return pl.subarraysPerTile() * p.subarrayLeakageUw()
                + pes * ((peTrees) * p.adderLeakageUwPerBit() + peBuffers * p.dffLeakageUw())
                + tileTrees * p.adderLeakageUwPerBit() + (tileIn + tileOut) * p.dffLeakageUw()
                + 2 * p.bufferDecoderLeakageUw();
    }

    /** Adder bits of a tree of {@code inputs} inputs as NeuroSim counts them for leakage (AdderTree.cpp CalculatePower). */
    static long leakyAdderBits(long inputs, int bits) {
        long total = 0;
        long j = inputs;
        int b = bits;
        for (int stage = stages(inputs); stage > 0; stage--) {
            total += (j / 2) * b;
            b++;
            j /= 2;
        }
        return total;
    }

    /** Array, ADC, shift-add and other periphery area of one subarray slot (um^2); adder trees not included. */
    static double subarrayAreaUm2(ChipParams p) {
        double cellUm2 = p.cellAreaF2() * Math.pow(p.featureNm() * 1e-3, 2);
        return p.rows() * (double) p.cols() * cellUm2 + p.adcsPerSubarray() * p.adcAreaUm2()
                + p.shiftAddAreaUm2() + p.peripheryAreaUm2();
    }

    /**
     * Bits of the first stage of a PE adder tree: the MLSA output, the input bits, the cells per weight
     * and one carry (ProcessingUnit.cpp adderTreeNM/CM: log2(levelOutput) + numBitInput +
     * numColPerSynapse + 1).
     */
    static int treeBits(ChipParams p) {
        return log2Ceil(p.adcLevels()) + p.inputBits() + p.cellsPerWeight() + 1;
    }

    /**
     * Adder bits of one adder tree of {@code inputs} inputs whose first stage adds {@code bits}-bit
     * numbers: floor(j/2) adders per stage, j -> ceil(j/2), one bit wider per stage (AdderTree.cpp; a
     * tree of n inputs has n - 1 adders).
     */
    static long treeAdderBits(long inputs, int bits) {
        long total = 0;
        long j = inputs;
        int b = bits;
        while (j > 1) {
            total += (j / 2) * b;
            j = (j + 1) / 2;
            b++;
        }
        return total;
    }

    /** Energy of one addition through a tree of {@code inputs} inputs (pJ): each adder costs base + bits x perBit. */
    static double treePj(ChipParams p, long inputs, int bits) {
        double e = 0;
        long j = inputs;
        int b = bits;
        while (j > 1) {
            e += (j / 2) * (p.adderPjBase() + b * p.adderPjPerBit());
            j = (j + 1) / 2;
            b++;
        }
        return e;
    }

    /** Side of the layer's PEs (cells). */
    static long peSize(Floorplan.Placement pl, Floorplan fp) {
        return pl.novel() ? fp.peSizeNm() : fp.peSizeCm();
    }

    /**
     * Adder-tree area of one PE (um^2): one tree per ADC across the PE's subarray columns, each adding
     * the PE's subarray rows (ProcessingUnit.cpp adderTreeNM/CM, AdderTree.cpp CalculateArea).
     */
    static double peTreeAreaUm2(ChipParams p, long peSize) {
        long rowsIn = Math.max(1, peSize / p.rows());
        long trees = Math.max(1, peSize / p.cols()) * p.adcsPerSubarray();
        return trees * treeAdderBits(rowsIn, treeBits(p)) * p.adderAreaUm2PerBit();
    }

    /**
     * Adder-tree area of one tile (um^2), Tile.cpp accumulationNM/CM: numPE x cols/mux trees adding
     * numPE inputs, first stage log2(peSize/rows) bits wider than the PE tree's. numPE is the k^2 PEs
     * of a novel-mapped tile and the PE rows (tile side / PE side) of a conventional one.
     */
    static double tileTreeAreaUm2(ChipParams p, Floorplan fp, boolean novel) {
        long pe = novel ? fp.peSizeNm() : fp.peSizeCm();
        long pes = novel ? fp.numPeNm() : fp.tileSizeCm() / fp.peSizeCm();
        long trees = pes * p.adcsPerSubarray();
        int bits = treeBits(p) + log2Ceil((int) Math.max(1, pe / p.rows()));
        return trees * treeAdderBits(pes, bits) * p.adderAreaUm2PerBit();
    }

    /**
     * Register files of the layer's PEs and buffers of its tiles (um^2, {@link RegisterFiles}); PEs as
     * {@link #accumulationAreaUm2} counts them.
     */
    static double registerFilesUm2(Floorplan.Placement pl, Floorplan fp, ChipParams p, long allocated, long tiles) {
        long pe = peSize(pl, fp);
        long perPe = Math.max(1, (pe / p.rows()) * (pe / p.cols()));
        return Math.ceil((double) allocated / perPe) * RegisterFiles.peUm2(p, pe)
                + tiles * RegisterFiles.tileUm2(p, fp, pl.novel());
    }

    /** Shift-add area of the allocated subarrays plus the adder trees of their PEs and tiles (um^2). */
    static double accumulationAreaUm2(Floorplan.Placement pl, Floorplan fp, ChipParams p, long allocated, long tiles) {
        long pe = peSize(pl, fp);
        long perPe = Math.max(1, (pe / p.rows()) * (pe / p.cols()));
        double pes = Math.ceil((double) allocated / perPe);
        return allocated * p.shiftAddAreaUm2() + pes * peTreeAreaUm2(p, pe) + tiles * tileTreeAreaUm2(p, fp, pl.novel());
    }

    /** Read pulses one copy of the layer's weights takes for one image: vectors x input bits. */
    static double readPulses(ChipLayer l, ChipParams p) {
        return (double) l.vectors(p) * p.inputBits();
    }

    /**
     * Latency by part (ns). Cycles are NeuroSim's synchronous counts (SubArray.cpp, ShiftAdd.cpp,
     * AdderTree.cpp, ProcessingUnit.cpp, Tile.cpp, Chip.cpp) times the clock:
     * <ul>
     *   <li>ADC: every read pulse senses the columnsPerAdc multiplexed column sets one per cycle;
     *       copies work on different vectors: V*B*mux / dup;</li>
     *   <li>accumulation: shift-add over cells and input bits, mux + ceil(mux/cellsPerWeight)
     *       cycles per pulse, / dup; adder trees of ceil(log2 n) stages at adderStageCycles each,
     *       run V*ceil(mux/cellsPerWeight) times, across the subarray rows of a PE (/ dup), the PEs
     *       of a tile and, when a layer spans several tile rows, across tiles;</li>
     *   <li>buffer: lines read and written, global buffer lines / min(cores, chip bus / line) x
     *       ceil(all tiles / layer tiles) (only the layer's share of the bus is used, Chip.cpp) plus
     *       tile input and output buffers;</li>
     *   <li>interconnect ({@link Interconnect}): one tile's traffic over its H-tree, tile-bus-wide
     *       transfers, plus the layer's traffic over the chip H-tree, ceil(bits / chip bus) transfers;
     *       each transfer takes its wire delay in whole transferNs, one clock each (HTree.cpp; the PE
     *       buses add no cycles in NeuroSim's synchronous mode, ProcessingUnit.cpp).</li>
     * </ul>
     * Streamed layers take {@code passes} sweeps of the array part.
     */
    static Components latency(ChipLayer l, Floorplan.Placement pl, Floorplan fp, ChipParams p,
            Interconnect.Geometry g, long dup, long passes, long chipTiles, long layerTiles) {
        double v = l.vectors(p);
        double pulses = readPulses(l, p);
        int mux = p.columnsPerAdc();
        int perWeightGroups = (mux + p.cellsPerWeight() - 1) / p.cellsPerWeight();
        double adcCycles = pulses * mux / dup * passes;
        double shiftAdd = pulses * (mux + perWeightGroups) / dup;
        double trees = 0;
        if (pl.subarrayRowsInPe() > 1) {
            trees += v * perWeightGroups * stages(pl.subarrayRowsInPe()) * p.adderStageCycles() / dup;
        }
        if (pl.peRowsInTile() > 1) {
            trees += v * perWeightGroups * stages(pl.peRowsInTile()) * p.adderStageCycles();
        }
        if (pl.rowTiles() > 1) {
            long adderTrees = Math.max(1, fp.tileSizeCm() / mux);
            trees += Math.ceil(l.cellCols(p) * v / adderTrees) * stages(pl.rowTiles()) * p.adderStageCycles();
        }
        double accCycles = (shiftAdd + trees) * passes;

        Traffic t = Traffic.of(l, pl, fp, p);
        double global = t.globalBits / p.globalBufferLineBits() / g.globalBufferPorts()
                * Math.ceil((double) chipTiles / layerTiles);
        int inPorts = pl.novel() ? p.nmTileInputPorts() : p.cmTileInputPorts();
        int outPorts = pl.novel() ? p.nmTileOutputPorts() : p.cmTileOutputPorts();
        double tile = 2 * (t.tileInputBitsPerTile / p.tileBufferLineBits() / inPorts
                + t.tileOutputBitsPerTile / p.tileBufferLineBits() / outPorts);
        // ProcessingUnit.cpp: a PE's input register file holds inputBits x rows bits, its output one
        // (cols / mux) x (tree input bits + tree stages); each fill or drain of the whole file is one cycle
        long pe = peSize(pl, fp);
        double peIn = t.peInputBitsPerPe / ((double) p.inputBits() * p.rows());
        double peOut = t.peBufferOutputBitsPerPe
                / ((double) p.cols() / mux * (treeBits(p) - 1 + stages(Floorplan.ceil(pe, p.rows()))));
        double bufferCycles = global + tile + (peIn + peOut) / dup;
        double icCycles = interconnectCycles(t, pl, fp, p, g);
        double clk = p.clockNs();
        return new Components(adcCycles * clk, accCycles * clk, (bufferCycles + icCycles) * clk, bufferCycles * clk,
                icCycles * clk);
    }

    /**
     * H-tree cycles of one layer (Tile.cpp, Chip.cpp, HTree.cpp CalculateLatency): a tile moves its input
     * and output bits over its tree in (bits / tile bus) transfers, the tile bus being numPE x rows bits
     * wide (tiles work in parallel); the chip tree moves the layer's global bits in ceil(bits / chip bus)
     * transfers over a grid of the layer's tile kind.
     */
    static double interconnectCycles(Traffic t, Floorplan.Placement pl, Floorplan fp, ChipParams p,
            Interconnect.Geometry g) {
        int pes = pl.novel() ? fp.numPeNm() : g.pesPerSideCm();
        double tileTransfers = (t.tileInputBitsPerTile + t.tileOutputBitsPerTile) / ((double) pes * p.rows());
        double chipTransfers = Math.ceil(t.globalBits / g.globalBusBits() - 1e-9);
        return tileTransfers * g.tileTransferCycles(pl.novel()) + chipTransfers * g.chipTransferCycles(pl.novel());
    }

    /**
     * H-tree and bus energy of one layer (pJ), HTree.cpp and Bus.cpp CalculatePower: every bit pays
     * the wire it crosses, root to leaf. Chip tree: ceil(global bits / bus) full-width transfers over
     * the grid of tiles of the layer's kind; tile trees: all tiles' input and output bits over numPE x
     * numPE PE units; PE buses: each PE's input bits along (subarrays per row - 1) subarray widths,
     * its log2(levels)-bit sense-amp outputs down (subarrays per column - 1) subarray heights.
     */
    static double interconnectPj(Traffic t, Floorplan.Placement pl, Floorplan fp, ChipParams p,
            Interconnect.Geometry g) {
        ChipWires x = p.wires();
        double chipBits = g.globalBusBits() * Math.ceil(t.globalBits / g.globalBusBits() - 1e-9);
        double chip = chipBits * g.chipPathUm(pl.novel());
        double tile = (t.tileInputBits + t.tileOutputBits) * g.tilePathUm(pl.novel());
        long pe = peSize(pl, fp);
        double inBus = t.peInputBits * (Floorplan.ceil(pe, p.cols()) - 1) * g.subarrayWidth();
        double outBus = t.peOutputBits * (Floorplan.ceil(pe, p.rows()) - 1) * g.subarrayHeight();
        return (chip + tile) * x.htreePjPerBitUm() + (inBus + outBus) * x.busPjPerBitUm();
    }

    /**
     * Read dynamic energy by part (pJ); independent of duplication (every weight copy sees only its
     * share of the vectors).
     * <ul>
     *   <li>ADC (NeuroSim's split: MLSA plus array): per conversion senseNs x (mlsaStaticWPerLevel
     *       x (levels-1) + mlsaCurrentCoefficient x G_col), G_col = activity x rows x mean cell
     *       conductance (MultilevelSenseAmp.cpp GetColumnPower); per read pulse every bit line is
     *       charged, C x C_BL x Vread^2, and every selected word line once, activity x rows x C_WL x
     *       Vdd^2 (SubArray.cpp, see docs for the one deviation); plus the sense amps' encoders,
     *       encoderPjPerRead per subarray read pulse (MultilevelSAEncoder.cpp);</li>
     *   <li>accumulation: shiftAddPjPerRead per subarray read pulse, plus the adder trees
     *       ({@link #treesPj});</li>
     *   <li>other: the word-line switch matrix, peripheryPjPerRead per subarray read pulse plus
     *       peripheryPjPerActiveRow per selected row (NewSwitchMatrix.cpp), plus buffer energy per bit
     *       buffered and the interconnect's ({@link #interconnectPj}).</li>
     * </ul>
     */
    static Components energy(ChipLayer l, Floorplan.Placement pl, Floorplan fp, ChipParams p,
            Interconnect.Geometry g, double activity, double cellConductance) {
        double pulses = readPulses(l, p);
        long rowsPerGroup = pl.novel() ? l.cin() : l.weightRows();
        long groupsPerRow = pl.novel() ? fp.numPeNm() : 1;
        long colTiles = Floorplan.ceil(l.cellCols(p), p.cols());
        double blPj = bitLinesPj(p);
        double adc = 0;
        double selectedRows = 0;
        for (long start = 0; start < rowsPerGroup; start += p.rows()) {
            long rows = Math.min(p.rows(), rowsPerGroup - start);
            double active = activity * rows;
            adc += groupsPerRow * pulses * (l.cellCols(p) * conversionPj(p, active, cellConductance)
                    + colTiles * (blPj + wordLinesPj(p, active)));
            selectedRows += groupsPerRow * pulses * colTiles * active;
        }
        double subarrayReads = pl.subarraysNeeded() * pulses;
        adc += subarrayReads * p.encoderPjPerRead();
        double acc = subarrayReads * p.shiftAddPjPerRead() + treesPj(l, pl, fp, p);
        Traffic t = Traffic.of(l, pl, fp, p);
        double buffer = p.bufferPjPerBit()
                * (t.globalBits + t.tileInputBits + t.tileOutputBits + t.peInputBits + t.peBufferOutputBits);
        double ic = interconnectPj(t, pl, fp, p, g);
        double other = subarrayReads * p.peripheryPjPerRead() + selectedRows * p.peripheryPjPerActiveRow() + buffer
                + ic;
        return new Components(adc, acc, other, buffer, ic);
    }

    /**
     * Adder-tree energy for one image (pJ): per input vector and output weight, every PE adds its
     * subarray rows, every tile its PEs and the chip the layer's row tiles; a tree of n inputs runs
     * n - 1 adders (ProcessingUnit.cpp, Tile.cpp, Chip.cpp accumulation; NeuroSim charges the trees of
     * the whole PE and tile width, we charge the layer's output weights).
     */
    static double treesPj(ChipLayer l, Floorplan.Placement pl, Floorplan fp, ChipParams p) {
        int b0 = treeBits(p);
        int b1 = b0 + log2Ceil((int) Math.max(1, peSize(pl, fp) / p.rows()));
        int b2 = b1 + stages(pl.peRowsInTile());
        double pe = (double) pl.rowTiles() * pl.peRowsInTile() * treePj(p, pl.subarrayRowsInPe(), b0);
        double tile = pl.rowTiles() * treePj(p, pl.peRowsInTile(), b1);
        double chip = treePj(p, pl.rowTiles(), b2);
        return (double) l.vectors(p) * l.cout() * (pe + tile + chip);
    }

    /**
     * One MLSA conversion (pJ): the column is sensed for senseNs with the bias of (levels - 1)
     * reference levels plus a current term in the column conductance, G_col = active rows x mean
     * selected-cell conductance (MultilevelSenseAmp.cpp GetColumnPower).
     */
    static double conversionPj(ChipParams p, double activeRows, double cellConductance) {
        double staticW = p.mlsaStaticWPerLevel() * (p.adcLevels() - 1);
        return p.senseNs() * 1e-9 * (staticW + p.mlsaCurrentCoefficient() * activeRows * cellConductance) * 1e12;
    }

    /** Charging every bit line of a subarray once per read pulse, C x C_BL x Vread^2 (pJ; SubArray.cpp). */
    static double bitLinesPj(ChipParams p) {
        return p.cols() * p.bitLineCapF() * p.readVoltage() * p.readVoltage() * 1e12;
    }

    /** Driving the selected word lines once per read pulse, active rows x C_WL x Vdd^2 (pJ; SubArray.cpp). */
    static double wordLinesPj(ChipParams p, double activeRows) {
        return activeRows * p.wordLineCapF() * p.vdd() * p.vdd() * 1e12;
    }

    static long tilesFor(Floorplan.Placement pl, long dup) {
        return Math.max(1, Floorplan.ceil(pl.subarraysNeeded() * dup, pl.subarraysPerTile()));
    }

    /** Read latency of each layer (ns) with these duplications on a chip of {@code chipTiles} tiles. */
    static double[] layerLatencies(List<ChipLayer> net, Floorplan fp, ChipParams p, long[] dup, long chipTiles,
            java.util.Map<Long, Interconnect.Geometry> geometries) {
        Interconnect.Geometry g = geometries.computeIfAbsent(chipTiles, t -> Interconnect.geometry(net, fp, p, t));
        double[] ns = new double[net.size()];
        for (int i = 0; i < net.size(); i++) {
            Floorplan.Placement pl = fp.layers().get(i);
            ns[i] = latency(net.get(i), pl, fp, p, g, dup[i], 1, chipTiles, tilesFor(pl, dup[i])).total();
        }
        return ns;
    }

    /** Read latency of all layers (ns) with these duplications, every weight resident. */
    static double readLatency(List<ChipLayer> net, Floorplan fp, ChipParams p, long[] dup,
            java.util.Map<Long, Interconnect.Geometry> geometries) {
        long chipTiles = 0;
        for (int i = 0; i < net.size(); i++) {
            chipTiles += tilesFor(fp.layers().get(i), dup[i]);
        }
        // the geometry depends only on the tile count; the duplication search asks for few distinct counts
        Interconnect.Geometry g = geometries.computeIfAbsent(chipTiles, t -> Interconnect.geometry(net, fp, p, t));
        double ns = 0;
        for (int i = 0; i < net.size(); i++) {
            Floorplan.Placement pl = fp.layers().get(i);
            ns += latency(net.get(i), pl, fp, p, g, dup[i], 1, chipTiles, tilesFor(pl, dup[i])).total();
        }
        return ns;
    }

    static int stages(long inputs) {
        int s = 0;
        long x = 1;
        while (x < inputs) {
            x <<= 1;
            s++;
        }
        return s;
    }

    /**
     * Bits moved for one image (Chip.cpp, Tile.cpp numBitToLoadOut / numBitToLoadIn, ProcessingUnit.cpp).
     * Global: each input bit once per row of the unrolled matrix (NM: once per kernel row, the PEs
     * share shifted windows) plus the outputs, a quarter after a 2x2 pool. Tile: every tile takes the
     * input bits of its rows (NM: / sqrt(PEs)) and sends the partial sums of its columns at the tile
     * adder tree's width + 1 (NM: / PEs); a layer's totals count every tile, so the inputs once per
     * column of tiles and the sums once per row of tiles. PE buses and buffers: every PE takes its rows'
     * input bits; its bus carries log2(levels) bits per output weight and vector, its output buffer the
     * adder tree's input width (log2(levels) + B + cellsPerWeight + 1).
     */
    record Traffic(double globalBits, double tileInputBits, double tileOutputBits, double tileInputBitsPerTile,
            double tileOutputBitsPerTile, double peInputBits, double peOutputBits, double peBufferOutputBits,
            double peInputBitsPerPe, double peBufferOutputBitsPerPe) {

        static Traffic of(ChipLayer l, Floorplan.Placement pl, Floorplan fp, ChipParams p) {
            double v = l.vectors(p);
            int b = p.inputBits();
            double rows = l.weightRows();
            double out = (double) l.cout() * b * v / (l.poolAfter() ? 4 : 1);
            double in = rows * b * v / (pl.novel() ? l.k() : 1);
            long pe = peSize(pl, fp);
            int sumBits = treeBits(p) + log2Ceil((int) Math.max(1, pe / p.rows()));
            double outWidth = 1 + sumBits;
            double share = pl.novel() ? Math.sqrt(fp.numPeNm()) : 1;
            double outShare = pl.novel() ? fp.numPeNm() : 1;
            long colTiles = pl.tiles() / pl.rowTiles();
            double tileIn = rows * b * v / share * colTiles;
            double tileOut = l.cout() * outWidth * v / outShare * pl.rowTiles();
            double rowsPerTile = Math.min(rows, pl.novel() ? (double) fp.peSizeNm() * fp.numPeNm() : fp.tileSizeCm());
            double colsPerTile = Math.min(l.cout(), (pl.novel() ? fp.peSizeNm() : fp.tileSizeCm())
                    / (double) p.cellsPerWeight());
            // NM: the k^2 PEs of a tile split its rows and each holds all its columns; CM: a grid of PEs
            long peCols = pl.novel() ? colTiles : Floorplan.ceil(l.cellCols(p), pe);
            long peRows = pl.novel() ? (long) fp.numPeNm() * pl.rowTiles() : Floorplan.ceil(l.weightRows(), pe);
            double senseBits = log2Ceil(p.adcLevels());
            double rowsPerPe = pl.novel() ? rowsPerTile / fp.numPeNm() : Math.min(rows, pe);
            double weightsPerPe = Math.min(l.cout(), (double) pe / p.cellsPerWeight());
            return new Traffic(in + out, tileIn, tileOut, rowsPerTile * b * v / share, colsPerTile * outWidth * v / outShare,
                    rows * b * v * peCols, l.cout() * senseBits * v * peRows, (double) l.cout() * treeBits(p) * v * peRows,
                    rowsPerPe * b * v, weightsPerPe * treeBits(p) * v);
        }
    }

    static int log2Ceil(int v) {
        return stages(v);
    }

    /**
     * How the subarray budget is spent.
     *
     * <p>Budget at least NeuroSim's allocation: its duplication. Between the subarrays needed and
     * that: no layer is streamed, and spare subarrays become extra copies one at a time, each to the
     * layer whose array time (ADC plus shift-add) drops most per subarray the copy costs, up to the
     * layer's NeuroSim duplication. Below the subarrays needed: subarrays stay resident in order of
     * the layer's input vectors per image (a streamed subarray of a conv layer forces extra sweeps
     * over many vectors, one of a fully connected layer over one), at least one subarray is kept
     * as a staging slot, and the rest of each layer is written into the staging slots for every
     * batch; a layer whose subarrays do not all fit at once takes ceil(needed / (resident +
     * staging)) sweeps. Removing a subarray therefore streams one more subarray of the
     * lowest-priority layer: latency grows by one subarray's write time per batch, never by a
     * whole network.
     */
    private static final class BudgetPlan {
        long[] dup;
        long[] tiles;
        long[] allocated;
        long[] streamed;
        long[] passes;
        String policy;

        static BudgetPlan of(List<ChipLayer> net, Floorplan fp, ChipParams p, int budget) {
            int n = net.size();
            BudgetPlan b = new BudgetPlan();
            b.dup = new long[n];
            b.tiles = new long[n];
            b.allocated = new long[n];
            b.streamed = new long[n];
            b.passes = new long[n];
            long needed = fp.subarraysNeeded();
            if (budget >= fp.subarraysAllocated()) {
                for (int i = 0; i < n; i++) {
                    Floorplan.Placement pl = fp.layers().get(i);
                    b.dup[i] = pl.duplication();
                    b.tiles[i] = pl.tiles();
                    b.allocated[i] = pl.subarraysAllocated();
                    b.passes[i] = 1;
                }
                b.policy = "resident with NeuroSim's duplication (" + fp.subarraysAllocated() + " subarrays)";
                return b;
            }
            if (budget >= needed) {
                // The order of extra copies does not depend on the budget (each step is the copy that
                // lowers the whole chip's read latency most per subarray, tile-count effects on the
                // buffers included), and a budget takes the longest prefix it can hold: a larger budget
                // never gets a slower chip.
                long spare = budget - needed;
                for (int i = 0; i < n; i++) {
                    b.dup[i] = 1;
                    b.passes[i] = 1;
                }
                java.util.Map<Long, Interconnect.Geometry> geometries = new java.util.HashMap<>();
                // Each layer's read latency depends on its own copies and tiles and on the chip's tile count
                // (geometry, global-buffer share). A copy that adds no tile changes only its own layer, so only
                // that layer is re-evaluated; one that adds a tile re-evaluates the chip.
                long chipTiles = 0;
                for (int i = 0; i < n; i++) {
                    chipTiles += tilesFor(fp.layers().get(i), 1);
                }
                double[] lat = layerLatencies(net, fp, p, b.dup, chipTiles, geometries);
                double current = java.util.Arrays.stream(lat).sum();
                while (true) {
                    int best = -1;
                    double bestGain = 0;
                    // every layer's latency at the current copies on a chip of T tiles, for each T a copy leads to
                    java.util.Map<Long, double[]> atTiles = new java.util.HashMap<>();
                    atTiles.put(chipTiles, lat);
                    for (int i = 0; i < n; i++) {
                        Floorplan.Placement pl = fp.layers().get(i);
                        if (b.dup[i] >= pl.duplication()) {
                            continue;
                        }
                        long tiles = tilesFor(pl, b.dup[i] + 1);
                        long total = chipTiles + tiles - tilesFor(pl, b.dup[i]);
                        double[] others = atTiles.computeIfAbsent(total,
                                t -> layerLatencies(net, fp, p, b.dup, t, geometries));
                        double copied = latency(net.get(i), pl, fp, p, geometries.get(total), b.dup[i] + 1, 1, total,
                                tiles).total();
                        double saved = total == chipTiles ? lat[i] - copied
                                : current - (java.util.Arrays.stream(others).sum() - others[i] + copied);
                        double gain = saved / pl.subarraysNeeded();
                        if (gain > bestGain) {
                            bestGain = gain;
                            best = i;
                        }
                    }
                    if (best < 0 || fp.layers().get(best).subarraysNeeded() > spare) {
                        break;
                    }
                    Floorplan.Placement chosen = fp.layers().get(best);
                    chipTiles += tilesFor(chosen, b.dup[best] + 1) - tilesFor(chosen, b.dup[best]);
                    b.dup[best]++;
                    spare -= chosen.subarraysNeeded();
                    lat = layerLatencies(net, fp, p, b.dup, chipTiles, geometries);
                    current = java.util.Arrays.stream(lat).sum();
                }
                for (int i = 0; i < n; i++) {
                    Floorplan.Placement pl = fp.layers().get(i);
                    b.allocated[i] = pl.subarraysNeeded() * b.dup[i];
                    b.tiles[i] = tilesFor(pl, b.dup[i]);
                }
                b.policy = "resident; " + (budget - needed) + " spare subarrays hold extra copies, each given to the"
                        + " layer whose copy lowers latency most per subarray";
                return b;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Comparator.comparingLong((Integer i) -> -net.get(i).vectors(p))
                    .thenComparingInt(i -> i));
            long left = budget - 1;
            long[] resident = new long[n];
            for (int i : order) {
                resident[i] = Math.min(fp.layers().get(i).subarraysNeeded(), left);
                left -= resident[i];
            }
            long staging = budget - java.util.Arrays.stream(resident).sum();
            boolean stagingCounted = false;
            for (int i = 0; i < n; i++) {
                Floorplan.Placement pl = fp.layers().get(i);
                b.dup[i] = 1;
                b.streamed[i] = pl.subarraysNeeded() - resident[i];
                b.passes[i] = b.streamed[i] == 0 ? 1 : Floorplan.ceil(pl.subarraysNeeded(), resident[i] + staging);
                // the staging slots are shared; they are counted (for area) with the first streamed layer
                b.allocated[i] = resident[i];
                if (b.streamed[i] > 0 && !stagingCounted) {
                    b.allocated[i] += staging;
                    stagingCounted = true;
                }
                b.tiles[i] = Math.max(1, Floorplan.ceil(b.allocated[i], pl.subarraysPerTile()));
            }
            b.policy = "overflow: " + (needed - budget + staging) + " subarrays streamed through " + staging
                    + " staging subarrays every batch; layers with the most input vectors stay resident";
            return b;
        }
    }
}
