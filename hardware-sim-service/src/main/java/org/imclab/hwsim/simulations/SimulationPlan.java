package org.imclab.hwsim.simulations;

import java.util.List;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.ModelSpec;
import org.imclab.hwsim.cost.BasisNUsage;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.ReplicaPolicy;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.noise.NoiseOptions;

/**
 * A validated simulation request with everything resolved: the layer list, the chip parameters and the
 * BasisN usage.
 *
 * @param type          what to compute
 * @param model         a label of the network (zoo name and shape, spec name, or registry id)
 * @param modelId       registry id when the model came from the registry
 * @param spec          the network's spec
 * @param layers        its analysed layers
 * @param preset        preset name
 * @param params        preset with overrides
 * @param crossbars     X
 * @param batch         batch
 * @param usage         BasisN usage (dense, or from a registered BasisN model)
 * @param usageSource   "dense" or "registry:&lt;id&gt;"
 * @param denseFallback layers a registered usage did not list, charged dense
 * @param policy        replica policy
 * @param axis          SWEEP axis, else null
 * @param values        SWEEP values, else null
 * @param noise         NOISY_ACCURACY options, else null
 * @param inputActivity input-bit activity for the chip-level model
 * @param activityGiven the request set inputActivity (else it is the default, and a registered model's
 *                      activity is measured)
 */
record SimulationPlan(SimulationType type, String model, String modelId, ModelSpec spec, List<LayerInfo> layers,
        String preset, CrossbarParams params, int crossbars, int batch, BasisNUsage usage, String usageSource,
        List<String> denseFallback, ReplicaPolicy policy, SweepAxis axis, List<Number> values, NoiseOptions noise,
        double inputActivity, boolean activityGiven) {
}
