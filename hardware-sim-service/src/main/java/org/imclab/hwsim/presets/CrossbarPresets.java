package org.imclab.hwsim.presets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.hwsim.cost.CrossbarParams;

/**
 * Named crossbar parameter sets, each constant citing its source (docs/science/cost-model.md §2 table).
 *
 * <p>Shared platform choices, stated once: 8-bit weights and 8-bit inputs (the platform default;
 * override weightBits / inputBits); 10 write-verify iterations (docs/science/cost-model.md §2); a write-driver
 * set per processing element programs 8 crossbars at once; BasisN's digital unit has one MAC lane
 * per crossbar column at the simulator's digital clock, so digitalMacsPerCycle = C x cycleNs x f.
 */
public final class CrossbarPresets {

    public static final String ISAAC_PUMA = "isaac-puma";
    public static final String NEUROSIM_RRAM = "neurosim-rram";
    public static final String MNSIM = "mnsim";

    /** 1-bit DAC of ISAAC (ISCA'16 Table 1: 4 mW for 8x128 DACs), as puma-simulator and MNSIM use it (mW). */
    private static final double ISAAC_DAC_MW = 0.0039;
    /**
     * PUMA ALU multiply + add at cycle_time 1 ns: (alu_pow_mul_dyn 0.795 + alu_pow_others_dyn 0.373)
     * * 32/45 mW * 1 ns = 0.8306 pJ per 16-bit MAC (puma-simulator include/constants.py).
     */
    private static final double PUMA_MAC_PJ = (0.795 + 0.373) * 32.0 / 45.0 * 1.0;

    private static final Map<String, PresetDescription> PRESETS = new LinkedHashMap<>();

    static {
        register(isaacPuma());
        register(neuroSimRram());
        register(mnsim());
    }

    private CrossbarPresets() {
    }

    /**
     * Chip-level constants of a preset for {@link org.imclab.hwsim.cost.chip.ChipCostModel}, when it has
     * them: neurosim-rram is DNN+NeuroSim V1.3's Param.cpp chip ({@link NeuroSimChip}).
     */
    public static java.util.Optional<org.imclab.hwsim.cost.chip.ChipParams> chip(String name) {
        return NEUROSIM_RRAM.equals(name) ? java.util.Optional.of(NeuroSimChip.v13()) : java.util.Optional.empty();
    }

    /** Preset names, in a stable order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The parameters of a preset.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static CrossbarParams get(String name) {
        return describe(name).params();
    }

    /** A preset's parameters with overrides applied ({@link CrossbarParams#withOverrides}). */
    public static CrossbarParams get(String name, Map<String, ? extends Number> overrides) {
        return get(name).withOverrides(overrides);
    }

    /**
     * The constants of a preset with their sources.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static PresetDescription describe(String name) {
        PresetDescription d = name == null ? null : PRESETS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown crossbar preset '" + name + "'; known: " + names());
        }
        return d;
    }

    /** Every preset's description, in {@link #names()} order. */
    public static List<PresetDescription> describeAll() {
        return List.copyOf(PRESETS.values());
    }

    private static void register(PresetDescription d) {
        PRESETS.put(d.name(), d);
    }

    /** ISAAC (Shafiee et al., ISCA'16) as parameterised by puma-simulator include/constants.py. */
    private static PresetDescription isaacPuma() {
        final String puma = "puma-simulator include/constants.py";
        // xbar_rd_lat = 328 us/32 = 10250 ns; xbar_wr_lat = 351 us/32 = 10968.75 ns per 128x128 crossbar;
        // xbar_wr_pow = 676 nJ/32 / xbar_rd_lat mW, so one crossbar write = xbar_wr_pow * xbar_wr_lat = 22.6 nJ.
        double xbarRdLatNs = 328.0 * 1000 / 32.0;
        double xbarWrLatNs = 351.0 * 1000 / 32.0;
        double xbarWrPowMw = 676.0 * 1000 * (1 / 32.0) / xbarRdLatNs;
        double crossbarWritePj = xbarWrPowMw * xbarWrLatNs;
        double cycleNs = 100.0;
        Constants c = new Constants()
                .add("rows", 128, "", "ISAAC 128x128 crossbars; " + puma + " xbar_size 128")
                .add("cols", 128, "", "ISAAC 128x128 crossbars")
                .add("bitsPerCell", 2, "bit", "ISAAC 2-bit cells; " + puma + " xbar_bits 2")
                .add("weightBits", 8, "bit", "platform default (ISAAC used 16-bit weights)")
                .add("differential", 0, "", "ISAAC encodes signed weights with a bias offset, not a cell pair")
                .add("inputBits", 8, "bit", "platform default (ISAAC streamed 16-bit inputs)")
                .add("dacBits", 1, "bit", "ISAAC 1-bit DACs, inputs streamed bit-serially")
                .add("adcBits", 8, "bit", "ISAAC 8-bit SAR ADC")
                // 2 mW at 1.28 GS/s -> 2e-3 W / 1.28e9 /s = 1.5625 pJ per conversion.
                .add("adcEnergyPerConversionPj", 2.0 / 1.28, "pJ", "ISAAC ADC 2 mW at 1.28 GS/s: 2 mW / 1.28 GS/s")
                .add("columnsPerAdc", 128, "", "ISAAC: one ADC per 128-column crossbar (8 ADCs per 8-crossbar IMA)")
                // 1 / 1.28 GS/s = 0.78125 ns, so 128 conversions fill the 100 ns read cycle exactly.
                .add("adcConversionNs", 1 / 1.28, "ns", "ISAAC ADC 1.28 GS/s: 1 / 1.28 GS/s")
                .add("readLatencyNs", cycleNs, "ns", puma + " xbar_ip_lat = 100 ns per MVM")
                .add("arrayReadEnergyPj", 170.0, "pJ", "docs/science/cost-model.md table: ~170 pJ per MVM without ADC (ISAAC array, "
                        + "S+H, DAC and register traffic); puma's lumped xbar_ip_pow 2.74 mW x 100 ns = 274 pJ includes the ADC")
                // puma charges dac_pow_dyn * dac_lat: 0.00350625 mW * 1 ns per 1-bit conversion.
                .add("dacEnergyPerRowPj", 0.00350625 * 1.0, "pJ", puma + " dac_pow_dyn 0.00350625 mW x dac_lat 1 ns")
                .add("digitalMacEnergyPj", PUMA_MAC_PJ, "pJ",
                        puma + " ALU (alu_pow_mul_dyn + alu_pow_others_dyn) x 32/45 mW x alu_lat 1 ns")
                // 128 lanes x 100 ns / 1 ns clock.
                .add("digitalMacsPerCycle", 128 * cycleNs / 1.0, "MAC/cycle",
                        "assumption: one MAC lane per column (128) at puma cycle_time 1 ns, 100 clocks per cycle")
                // 10968.75 ns / 128 rows = 85.69 ns per row.
                .add("writeLatencyPerRowNs", xbarWrLatNs / 128, "ns", puma + " xbar_wr_lat = 351 us/32 per crossbar / 128 rows")
                // 22606 pJ / 16384 cells = 1.3798 pJ per cell and write pass.
                .add("writeEnergyPerCellPj", crossbarWritePj / (128 * 128), "pJ",
                        puma + " xbar_wr_pow x xbar_wr_lat = 22.6 nJ per crossbar pass / 16384 cells")
                .add("writeVerifyIterations", CrossbarParams.DEFAULT_WRITE_VERIFY_ITERATIONS, "",
                        "docs/science/cost-model.md §2 default; puma's write numbers are one pass")
                .add("parallelWriteCrossbars", 8, "", "assumption: the 8 crossbars of one ISAAC IMA are written together");
        return c.build(ISAAC_PUMA, "ISAAC (ISCA'16) via " + puma);
    }

    /** RRAM as configured by DNN+NeuroSim V1.3 Inference_pytorch/NeuroSIM/Param.cpp. */
    private static PresetDescription neuroSimRram() {
        final String param = "DNN+NeuroSim V1.3 Param.cpp";
        double rOn = 6e3;
        double rOff = 6e3 * 150;
        double gAvg = (1 / rOn + 1 / rOff) / 2;
        double vRead = 0.5;
        double vWrite = 2.0;
        double tReadS = 10e-9;
        double tWriteS = 10e-9;
        int rows = 128;
        int cols = 128;
        int colMux = 8;
        double cycleNs = colMux * 10.0;
        // Half the inputs of a bit-serial slice are 1: 0.5 * R*C cells conduct V^2*G_avg for the read pulse,
        // once per cycle over the 8 mux steps (each step connects 1/8 of the columns).
        double arrayReadPj = 0.5 * rows * cols * vRead * vRead * gAvg * tReadS * 1e12;
        double writeCellPj = (vWrite * vWrite * gAvg * tWriteS + vRead * vRead * gAvg * tReadS) * 1e12;
        Constants c = new Constants()
                .add("rows", rows, "", param + " numRowSubArray = 128")
                .add("cols", cols, "", param + " numColSubArray = 128")
                .add("bitsPerCell", 2, "bit", param + " cellBit = 2")
                .add("weightBits", 8, "bit", "platform default (NeuroSim inference wrapper: 8-bit weights)")
                .add("differential", 0, "", "NeuroSim conventional mapping subtracts a reference column, not a cell pair")
                .add("inputBits", 8, "bit", "platform default (NeuroSim inference wrapper: 8-bit activations)")
                .add("dacBits", 1, "bit", "NeuroSim streams inputs bit-serially through the WL switch matrix")
                .add("adcBits", 5, "bit", param + " levelOutput = 32 (5-bit multilevel sense amp)")
                // 1.5625 pJ * 2^(5-8) = 0.1953 pJ.
                .add("adcEnergyPerConversionPj", 2.0 / 1.28 * Math.pow(2, 5 - 8), "pJ",
                        "derived: ISAAC 8-bit 1.5625 pJ scaled by 2^(5-8) (Walden figure of merit: energy ~ 2^bits)")
                .add("columnsPerAdc", colMux, "", param + " numColMuxed = 8")
                .add("adcConversionNs", 10.0, "ns",
                        "derived: each muxed column set is sensed after its own 10 ns read pulse, so 8 x 10 = 80 ns per cycle")
                .add("readLatencyNs", 10.0, "ns", param + " readPulseWidth = 10 ns at readVoltage 0.5 V")
                .add("arrayReadEnergyPj", arrayReadPj, "pJ",
                        "derived: 0.5 x 128x128 cells x 0.5 V^2 x G_avg x 10 ns, G_avg = (1/6 kOhm + 1/900 kOhm)/2 = 1718 pJ")
                .add("dacEnergyPerRowPj", ISAAC_DAC_MW * 1.0, "pJ",
                        "derived: ISAAC 1-bit DAC 0.0039 mW x 1 ns per conversion (Param.cpp has no DAC energy)")
                .add("digitalMacEnergyPj", PUMA_MAC_PJ, "pJ",
                        "derived: puma-simulator ALU multiply+add 0.83 pJ (Param.cpp has no MAC energy)")
                // 128 lanes x 80 ns x 1 GHz.
                .add("digitalMacsPerCycle", cols * cycleNs * 1.0, "MAC/cycle",
                        "assumption: one MAC lane per column at " + param + " clkFreq 1 GHz, 80 clocks per cycle")
                .add("writeLatencyPerRowNs", 10.0 + 10.0, "ns",
                        "derived: 10 ns write pulse (MLP+NeuroSim writePulseWidth) + 10 ns verify read per iteration")
                .add("writeEnergyPerCellPj", writeCellPj, "pJ",
                        "derived: (2 V)^2 x G_avg x 10 ns write + (0.5 V)^2 x G_avg x 10 ns verify = 3.565 pJ; writeVoltage = 2 V")
                .add("writeVerifyIterations", CrossbarParams.DEFAULT_WRITE_VERIFY_ITERATIONS, "",
                        "docs/science/cost-model.md §2: add write-verify (default 10)")
                .add("parallelWriteCrossbars", 8, "", "assumption: one write-driver set per 8 subarrays");
        return c.build(NEUROSIM_RRAM, param + " (Ron 6 kOhm, Roff 900 kOhm)");
    }

    /** MNSIM 2.0 (thu-nics) SimConfig.ini with the table's 256x256 crossbar. */
    private static PresetDescription mnsim() {
        final String ini = "MNSIM 2.0 SimConfig.ini";
        double rLrs = 3e4;
        double rHrs = 1.5e5;
        double gAvg = (1 / rLrs + 1 / rHrs) / 2;
        double vRead = 0.5;
        double vWrite = 3.0;
        double tReadNs = 3.16;
        double tWriteNs = 10.0;
        int rows = 256;
        int cols = 256;
        int adcsPerXbar = 16;
        double adcNs = (6 + 2) / 1.0;
        double cycleNs = Math.max(tReadNs, (double) cols / adcsPerXbar * adcNs);
        double arrayReadPj = 0.5 * rows * cols * vRead * vRead * gAvg * tReadNs * 1e-9 * 1e12;
        double writeCellPj = (vWrite * vWrite * gAvg * tWriteNs + vRead * vRead * gAvg * tReadNs) * 1e-9 * 1e12;
        Constants c = new Constants()
                .add("rows", rows, "", "docs/science/cost-model.md table 256x256 (" + ini + " Xbar_Size; some revisions ship 128,128)")
                .add("cols", cols, "", "docs/science/cost-model.md table 256x256")
                .add("bitsPerCell", 1, "bit", ini + " Device_Level = 2 (1 bit per cell)")
                .add("weightBits", 8, "bit", "platform default")
                .add("differential", 1, "", ini + " Xbar_Polarity = 2 (one positive and one negative crossbar)")
                .add("inputBits", 8, "bit", "platform default")
                .add("dacBits", 1, "bit", ini + " DAC_Choice = 1 (1-bit DAC, MNSIM DAC.py)")
                .add("adcBits", 6, "bit", ini + " ADC_Choice = 4 (6-bit 1 GS/s SAR, MNSIM ADC.py)")
                // ADC.py: latency = (precision + 2) / sample rate = 8 ns; energy = latency x 1.26 mW = 10.08 pJ.
                .add("adcEnergyPerConversionPj", adcNs * 1.26, "pJ", "MNSIM ADC.py choice 4: (6+2)/1 GS/s x 1.26 mW")
                .add("columnsPerAdc", cols / adcsPerXbar, "", ini + " ADC_Num = 16 per crossbar group: 256/16 columns per ADC")
                .add("adcConversionNs", adcNs, "ns", "MNSIM ADC.py choice 4: (precision + 2) / 1 GS/s")
                .add("readLatencyNs", tReadNs, "ns", ini + " Read_Latency = 3.16 ns")
                .add("arrayReadEnergyPj", arrayReadPj, "pJ", "derived: 0.5 x 256x256 cells x 0.5 V^2 x G_avg x 3.16 ns, "
                        + "G_avg = (1/30 kOhm + 1/150 kOhm)/2 (" + ini + " Device_Resistance, Read_Voltage 0.5 V) = 518 pJ")
                .add("dacEnergyPerRowPj", ISAAC_DAC_MW / 1.0, "pJ", "MNSIM DAC.py choice 1: 0.0039 mW / 1 GS/s")
                .add("digitalMacEnergyPj", PUMA_MAC_PJ, "pJ",
                        "derived: puma-simulator ALU multiply+add 0.83 pJ (SimConfig.ini has no multiplier energy)")
                // 256 lanes x 128 ns x 0.1 GHz.
                .add("digitalMacsPerCycle", cols * cycleNs * 0.1, "MAC/cycle",
                        "assumption: one MAC lane per column at " + ini + " Digital_Frequency = 100 MHz, 12.8 clocks per 128 ns cycle")
                .add("writeLatencyPerRowNs", tWriteNs + tReadNs, "ns",
                        ini + " Write_Latency = 10 ns per row + 3.16 ns verify read per iteration")
                .add("writeEnergyPerCellPj", writeCellPj, "pJ",
                        "derived: (3 V)^2 x G_avg x 10 ns write (" + ini + " Write_Voltage 3 V) + 0.5 V^2 x G_avg x 3.16 ns verify")
                .add("writeVerifyIterations", CrossbarParams.DEFAULT_WRITE_VERIFY_ITERATIONS, "",
                        "docs/science/cost-model.md §2 default")
                .add("parallelWriteCrossbars", 8, "", "assumption: " + ini + " Group_Num = 8 crossbar groups per PE written together");
        return c.build(MNSIM, ini + " (Device_Resistance 150 kOhm / 30 kOhm)");
    }

    /** Collects constants in key order and builds both the params and the description. */
    private static final class Constants {
        private final List<PresetConstant> list = new ArrayList<>();

        Constants add(String key, Number value, String unit, String source) {
            list.add(new PresetConstant(key, value, unit, source));
            return this;
        }

        PresetDescription build(String name, String origin) {
            Map<String, Number> values = new LinkedHashMap<>();
            for (PresetConstant c : list) {
                values.put(c.key(), c.value());
            }
            return new PresetDescription(name, origin, CrossbarParams.fromMap(values), list);
        }
    }
}
