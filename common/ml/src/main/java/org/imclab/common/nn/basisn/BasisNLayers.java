package org.imclab.common.nn.basisn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.SpecBlock;

/** The BasisN layers of a model block, by layer name in spec order. */
public final class BasisNLayers {

    private BasisNLayers() {
    }

    public static Map<String, BasisNLayer> of(SpecBlock model) {
        Map<String, BasisNLayer> out = new LinkedHashMap<>();
        for (LayerSpec l : model.spec().layers()) {
            if (model.layer(l.name()) instanceof BasisNLayer b) {
                out.put(l.name(), b);
            }
        }
        return out;
    }
}
