package org.imclab.hwsim.noise;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerBlockFactory;
import org.imclab.common.nn.LayerInfo;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.SpecBlock;

/**
 * Builds a spec's DJL block as common.nn does, wrapping every conv and linear layer (standard or BasisN)
 * in an {@link AdcOutputBlock} when ADC quantization is on. The saved-weights format is unchanged.
 */
public final class NoisyModelBuilder extends DjlModelBuilder {

    private final int adcBits;
    private final List<AdcOutputBlock> adcs = new ArrayList<>();

    /**
     * @param basisFactory builds BasisN layers (null: no BasisN layers expected)
     * @param adcBits      ADC resolution; 0 builds no wrappers
     */
    public NoisyModelBuilder(LayerBlockFactory basisFactory, int adcBits) {
        super(basisFactory);
        this.adcBits = adcBits;
    }

    /** The ADC wrappers of the last built model, in layer order. */
    public List<AdcOutputBlock> adcs() {
        return List.copyOf(adcs);
    }

    @Override
    protected Block layerBlock(LayerSpec l, LayerInfo info, SpecBlock owner) {
        Block block = super.layerBlock(l, info, owner);
        if (block == null || adcBits <= 0 || !l.isWeightLayer()) {
            return block;
        }
        AdcOutputBlock adc = new AdcOutputBlock(l.name(), block, adcBits);
        adcs.add(adc);
        return adc;
    }
}
