package org.imclab.hwsim.presets;

/**
 * One constant of a crossbar preset and where it comes from.
 *
 * @param key    {@link org.imclab.hwsim.cost.CrossbarParams} component name
 * @param value  the value
 * @param unit   its unit ("" for counts)
 * @param source citation, and for derived values the derivation
 */
public record PresetConstant(String key, Number value, String unit, String source) {
}
