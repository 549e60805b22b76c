package org.imclab.training.basisn;

import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.training.models.ModelBuilderForKind;
import org.imclab.training.models.ModelVersion;
import org.springframework.stereotype.Component;

/** Registered models of kind {@code basisn} are built with BasisN layers (evaluation, predict, fine-tuning). */
@Component
class BasisNModelKind implements ModelBuilderForKind {

    @Override
    public String kind() {
        return ModelVersion.BASISN;
    }

    @Override
    public DjlModelBuilder builder() {
        return new DjlModelBuilder(new BasisNBlockFactory());
    }
}
