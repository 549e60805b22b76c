package org.imclab.pruning.pruning;

import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;

/** A physically smaller model: its spec and an initialised block holding the kept weights. */
public record PrunedModel(ModelSpec spec, SpecBlock block) {
}
