package org.imclab.hwsim.cost.chip;

/**
 * Wire constants of a NeuroSim-style chip's interconnect: the chip and tile H-trees (HTree.cpp) and
 * the buses between a PE's subarrays (Bus.cpp). {@link Interconnect} turns them into energy, latency
 * and area with the chip's geometry; the preset that fills them in cites a source for each
 * ({@link org.imclab.hwsim.presets.NeuroSimChip}).
 *
 * @param htreePjPerBitUm    H-tree energy per bit and um of wire (repeaters relaxed by the bus delay tolerance)
 * @param busPjPerBitUm      PE bus energy per bit and um (fastest repeaters)
 * @param htreeNsPerUmNarrow delay per um of an H-tree stage shorter than {@code wideFromUm}
 * @param htreeNsPerUmWide   delay per um of a longer stage (wider wire)
 * @param wideFromUm         stage length from which the wide wire applies (um)
 * @param transferNs         a transfer's wire delay is rounded up to whole units of this (ns) and each
 *                           unit costs one chip clock (NeuroSim sizes the H-tree at Param.cpp's clkFreq)
 * @param maxGlobalBusBits   the chip bus is halved until it is at most this wide (Param.cpp maxGlobalBusWidth)
 * @param chipTreeFold       folding of the chip H-tree's wires for area (Param.cpp treeFoldedRatio)
 * @param tileTreeFold       folding of a tile H-tree's wires for area (Tile.cpp)
 * @param repeaterWidthUm    width of one repeater cell (um)
 * @param repeaterHeightUm   height of one repeater cell (um)
 * @param subarrayWidthUm    width of a subarray, its row periphery included (um); a PE's input bus crosses
 *                           (subarrays per row - 1) of them (Bus.cpp)
 * @param subarrayHeightUm   height of a subarray, its column periphery included (um); a PE's output bus
 *                           crosses (subarrays per column - 1) of them
 */
public record ChipWires(double htreePjPerBitUm, double busPjPerBitUm, double htreeNsPerUmNarrow,
        double htreeNsPerUmWide, double wideFromUm, double transferNs, int maxGlobalBusBits, double chipTreeFold,
        double tileTreeFold, double repeaterWidthUm, double repeaterHeightUm, double subarrayWidthUm,
        double subarrayHeightUm) {
}
