package org.imclab.hwsim.cost.chip;

/**
 * The read-energy inputs used for one layer, and where each came from.
 *
 * @param layer             layer name
 * @param inputActivity     share of input bits that are 1
 * @param activitySource    "measured" (the model's activations on test images), "request" or
 *                          "assumed" (0.5)
 * @param cellConductanceS  mean conductance one selected cell adds to its column (S)
 * @param conductanceSource "measured" (the layer's weights), "given" or "assumed" (uniform levels)
 * @param cellLevelShares   share of the layer's cells at each level 0 .. 2^cellBits - 1, when measured; else null
 */
public record LayerWorkload(String layer, double inputActivity, String activitySource, double cellConductanceS,
        String conductanceSource, double[] cellLevelShares) {
}
