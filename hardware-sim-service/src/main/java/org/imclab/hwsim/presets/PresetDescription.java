package org.imclab.hwsim.presets;

import java.util.List;
import org.imclab.hwsim.cost.CrossbarParams;

/**
 * A named crossbar preset: its parameters and the source of every constant.
 *
 * @param name      preset name, e.g. "isaac-puma"
 * @param origin    the publication or simulator the preset follows
 * @param params    the parameters built from {@code constants}
 * @param constants every parameter with unit and source, in {@link CrossbarParams#KEYS} order
 */
public record PresetDescription(String name, String origin, CrossbarParams params, List<PresetConstant> constants) {

    public PresetDescription {
        constants = List.copyOf(constants);
    }
}
