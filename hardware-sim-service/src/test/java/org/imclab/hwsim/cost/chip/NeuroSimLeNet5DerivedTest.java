package org.imclab.hwsim.cost.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.imclab.hwsim.presets.NeuroSimChip;
import org.junit.jupiter.api.Test;

/**
 * The circuit constants derived from NeuroSim V1.3's gate-level formulas (NeuroSimCircuits, docs/hwsim.md
 * "Derived circuit constants"), checked by hand, and applied to a network the VGG-8 calibration never saw:
 * LeNet-5 (32x32 input, conv 1->6 5x5, pool, conv 6->16 5x5, pool, FC 400->120->84->10).
 *
 * <p>Technology (Technology.cpp 22 nm LSTP, F = 22 nm, vdd = 0.85 V): gate capacitance (5.245e-10 x 1.2 +
 * 8.004e-10) = 1.4298e-9 F/m = 0.031456 fF per F of width. Junctions at vdd: cj = 1e-3/1.9444^0.5 = 7.1714e-4
 * F/m^2, csw = 2.5e-10/1.9444^0.33 = 2.0069e-10 F/m, cgd = 0.5e-10/1.9444^0.33 = 4.0137e-11 F/m.
 * A 28 F standard cell leaves 28 - 3.5 - 3.6 = 20.9 F of device width; NAND2 (NMOS 4 F, PMOS 2.639 F,
 * ratio 0.3975) is enlarged to NMOS 12.593 F and PMOS 8.307 F: Ci = 20.9 F x 0.031456 = 0.65742 fF;
 * drain Co = junction (5.6 x 12.593 + 2.8 x 8.307) F^2 x cj + sidewall (23.793 + 5.6) F x csw + gate edge
 * 20.9 F x cgd = 0.0324 + 0.1298 + 0.0185 = 0.18093 fF.
 */
class NeuroSimLeNet5DerivedTest {

    static final ChipParams P = NeuroSimChip.v13();

    static List<ChipLayer> lenet5() {
        return List.of(
                new ChipLayer("conv1", 32, 32, 1, 5, 6, 1, true, 784),
                new ChipLayer("conv2", 14, 14, 6, 5, 16, 1, true, 100),
                new ChipLayer("fc1", 1, 1, 400, 1, 120, 1, false, 1),
                new ChipLayer("fc2", 1, 1, 120, 1, 84, 1, false, 1),
                new ChipLayer("fc3", 1, 1, 84, 1, 10, 1, false, 1));
    }

    @Test
    void derivedCircuitConstantsByHand() {
        // Adder (Adder.cpp): an n-bit op costs (Ci + n (13 Ci + 7 Co)) vdd^2 delta, vdd^2 delta = 0.7225 x 0.15:
        // base 0.65742 fF x 0.108375 = 7.1248e-5 pJ; per bit (8.5465 + 1.2665) fF x 0.108375 = 1.06355e-3 pJ.
        assertThat(P.adderPjBase()).isCloseTo(7.1248e-5, within(1e-8));
        assertThat(P.adderPjPerBit()).isCloseTo(1.06355e-3, within(2e-6));
        // DFF (DFF.cpp): min inverter enlarged to NMOS 9.011 F / PMOS 11.889 F, Ci 0.65742 fF, Co 0.18054 fF,
        // TG gates 0.28345 / 0.37397 fF: clock 4 x 0.83796 + 2 x 0.65742 = 4.6667 fF, data (3 x 0.18054 + 0.65742)
        // + (0.18054 + 0.18054) + 0.83796 = 2.3976 fF; 7.0643 fF x 0.7225 V^2 = 5.1040 fJ per bit read (Buffer.cpp).
        assertThat(P.bufferPjPerBit()).isCloseTo(5.1040e-3, within(1e-6));
        // Word-line switch matrix (NewSwitchMatrix.cpp): 128 DFFs x 8 clocks x 5.1043 fJ = 5.2268 pJ per read pulse;
        // per selected row 8 x (2 x 0.18054 x 1.21 + 5 x 0.18054 x 0.25 + 3 x 0.65742 x 0.7225) fF V^2 = 16.700 fJ.
        assertThat(P.peripheryPjPerRead()).isCloseTo(5.2268, within(1e-4));
        assertThat(P.peripheryPjPerActiveRow()).isCloseTo(0.016700, within(1e-6));
        // Sense-amp encoders (MultilevelSAEncoder.cpp, 32 levels -> 37 inverters + 37 NAND2 + 5 NAND16 each, the
        // NAND16's output 0.92803 fF): 16 x 69.947 fF x 0.7225 x 8 x 0.05 = 0.32343 pJ per read pulse.
        assertThat(P.encoderPjPerRead()).isCloseTo(0.32343, within(1e-5));
        // Adder-tree stage time (Adder.cpp CalculateLatency, formula.cpp horowitz with beta 0.5): NAND2 pull-down
        // 2 x 1.77 x 0.85 V / (791.9 A/m x 12.593 F) = 13,716 ohm, pull-up 1.77 x 0.85 / (600.2 x 8.307 F) =
        // 13,716 ohm; first stage tr = 13,716 x (0.18082 + 3 x 0.65742) fF = 29.53 ps -> ln 2 x tr = 20.47 ps from a
        // step; each further bit adds its two ramp-driven stages, 64.0 ps; a 24-bit adder 1.519 ns -> 2 cycles, as
        // are 16..31 bits; 32 bits would take 3.
        assertThat(org.imclab.hwsim.presets.NeuroSimCircuits.adderStageCycles(24)).isEqualTo(2);
        assertThat(org.imclab.hwsim.presets.NeuroSimCircuits.adderStageCycles(15)).isEqualTo(1);
        assertThat(org.imclab.hwsim.presets.NeuroSimCircuits.adderStageCycles(16)).isEqualTo(2);
        assertThat(org.imclab.hwsim.presets.NeuroSimCircuits.adderStageCycles(31)).isEqualTo(2);
        assertThat(org.imclab.hwsim.presets.NeuroSimCircuits.adderStageCycles(32)).isEqualTo(3);
        assertThat(P.adderStageCycles()).isEqualTo(2);
        // Shift-add per subarray read pulse (SubArray.cpp + ShiftAdd.cpp), 16 units, DFFs x gamma 0.5:
        //   weight: 8 x (16 x (7.1248e-5 + 5 x 1.06340e-3) + 16 x 9 x 2.5521e-3) = 8 x 0.45372 = 3.6298 pJ;
        //   input:  2 x (16 x (7.1248e-5 + 9 x 1.06340e-3) + 16 x 17 x 2.5521e-3) = 2 x 0.84845 = 1.6969 pJ.
        assertThat(P.shiftAddPjPerRead()).isCloseTo(3.6298 + 1.6969, within(0.002));
        // Areas: a minimum device in a 28 F cell is 7.6 F x 28 F = 212.8 F^2 = 0.102995 um^2; NAND2 11.4 F wide.
        // MLSA (MultilevelSenseAmp.cpp, CurrentSenseAmp.cpp): 31 levels x (88 + 18) devices = 338.46 um^2; the 16
        // encoders (91.2 F wide, 31 x 28 F high) fill one row of the 1536 F array width: 1536 x 868 F^2 / 16 =
        // 40.31 um^2 each. 378.77 um^2 (NeuroSim's VGG-8 area row: 24.53 mm^2 / 64,768 MLSAs = 378.7).
        assertThat(P.adcAreaUm2()).isCloseTo(338.46 + 40.31, within(0.05));
        // Adder: 9 NAND2 per bit, 9 x 11.4 F x 28 F = 2872.8 F^2 = 1.39044 um^2.
        assertThat(P.adderAreaUm2PerBit()).isCloseTo(1.39044, within(1e-4));
        // Shift-add under the array (ShiftAdd.cpp), rows of 1536 F, DFF 91.2 F wide -> 16 per row:
        //   weight: 720 NAND2 (229,824 F^2) + 144 DFFs in 9 rows (387,072 F^2) + 1 logic row (43,008 F^2);
        //   input: 1296 NAND2 (413,683 F^2) + 272 DFFs in 17 rows (731,136 F^2) + 43,008 F^2;
        //   1,847,731 F^2 x 4.84e-4 um^2 = 894.30 um^2.
        assertThat(P.shiftAddAreaUm2()).isCloseTo(894.30, within(0.05));
        // H-tree wire (HTree.cpp), the interconnect's energy per bit and um: minimum inverter
        // R = 2 x 1.77 x 0.85 / (791.9 A/m x 44 nm) = 86.36 kOhm, Cin 0.14593 fF; wire r = 4.03e-8 / (40 nm^2 x 1.9)
        // = 13.26 ohm/um, c = 0.2 fF/um. Fastest repeater floor(sqrt(R c / (Cin r))) = 94x, every 120.9 um; the
        // 10 % delay tolerance halves it once (47x, every 108.8 um): (Cin 6.858 + Cout 0.714 (folded) + 21.77 fF)
        // / 108.8 um x 0.7225 V^2 x 0.25 = 4.87e-5 pJ per bit and um.
        assertThat(org.imclab.hwsim.presets.NeuroSimCircuits.wirePjPerUm()).isCloseTo(4.87e-5, within(0.02e-5));
        // PE buses (Bus.cpp, delay tolerance 0): the fastest repeater, 94x every 120.9 um: 5.85e-5 pJ per bit and um.
        assertThat(P.wires().busPjPerBitUm()).isCloseTo(5.85e-5, within(0.01e-5));
        // Stage delay (HTree.cpp CalculateLatency with GetUnitLengthRes): the 47x repeater on an 80 nm wire
        // (2.52e-8 / (80 nm^2 x 1.6) = 2.461 ohm/um) below 100,000 F = 2200 um, 160 nm (0.615 ohm/um) above:
        // 0.377 and 0.354 ns per mm. Repeater cell: 11 fingers each side -> (11 + 1) x 3.8 F = 1.0032 um wide.
        assertThat(P.wires().htreeNsPerUmNarrow()).isCloseTo(3.773e-4, within(0.001e-4));
        assertThat(P.wires().htreeNsPerUmWide()).isCloseTo(3.544e-4, within(0.001e-4));
        assertThat(P.wires().wideFromUm()).isCloseTo(2200, within(1e-6));
        assertThat(P.wires().repeaterWidthUm()).isCloseTo(1.0032, within(1e-9));
    }

    @Test
    void lenet5AccumulationByHand() {
        ChipReport r = new ChipCostModel().evaluateNetwork(lenet5(), P, NeuroSimVgg8CalibrationTest.WRITE, 100_000, 1,
                Workload.assumed());
        // fc1 (conventional, tile 512, PE 256): 400 rows -> 4 x 4 = 16 subarrays, 1 vector x 8 bits = 128 read
        // pulses x 5.32666 pJ = 681.81 pJ. Trees per output weight: 2 PEs each add 2 subarray rows (one 18-bit
        // adder: 7.125e-5 + 18 x 1.0634e-3 = 0.019212 pJ), the tile adds its 2 PE rows (one 19-bit adder,
        // 0.020276 pJ): 0.058701 pJ x 120 outputs = 7.044 pJ. 688.86 pJ.
        ChipLayerCost fc1 = layer(r, "fc1");
        assertThat(fc1.subarraysNeeded()).isEqualTo(16);
        assertThat(fc1.energyPj().accumulation()).isCloseTo(681.81 + 7.044, within(0.05));
        // conv2 (novel mapping, 25 PEs of one subarray): (14-5+1)^2 = 100 vectors x 8 bits x 25 subarrays = 20,000
        // pulses x 5.32666 = 106,533 pJ. The tile tree adds 25 PEs: 12+6+3+2+1 = 24 adders of 19..23 bits, 478
        // adder bits: 24 x 7.125e-5 + 478 x 1.0634e-3 = 0.51002 pJ per output weight and vector, x 16 x 100 =
        // 816.0 pJ. 107,349 pJ.
        ChipLayerCost conv2 = layer(r, "conv2");
        assertThat(conv2.mapping()).isEqualTo("novel");
        assertThat(conv2.vectors()).isEqualTo(100);
        assertThat(conv2.energyPj().accumulation()).isCloseTo(106_533 + 816.0, within(2.0));
        // Accumulation area: a conventional tile (conv1, fc1, fc2, fc3: one tile of 16 slots each) has 16 x 894.30
        // shift-add + 4 PEs x 800.89 (32 trees x 18 adder bits x 1.39044) + a tile tree of 845.39 (32 trees x 19
        // bits) = 18,357.8 um^2; the novel tile (100 slots, 25 PEs of 2x2 subarrays) 100 x 894.30 + 25 x 800.89 +
        // 400 trees x 478 bits x 1.39044 = 89,430 + 20,022 + 265,852 = 375,304 um^2. 4 x 18,357.8 + 375,304 =
        // 448,735 um^2.
        assertThat(r.area().accumulation()).isCloseTo(0.448735, within(0.0001));
        // ADC area: 5 tiles, 4 x 16 + 100 = 164 slots x 16 MLSAs x 378.77 um^2 = 0.99390 mm^2.
        assertThat(r.area().adc()).isCloseTo(164 * 16 * 378.77e-6, within(0.0001));
    }

    static ChipLayerCost layer(ChipReport r, String name) {
        return r.layers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
