package org.imclab.training.models;

import org.imclab.common.nn.DjlModelBuilder;

/**
 * Registers the block builder for a model kind other than "standard" (e.g. BasisN, whose basis layers
 * come from a LayerBlockFactory). Declare one as a bean and {@link ModelLoader} uses it for that kind.
 */
public interface ModelBuilderForKind {

    String kind();

    DjlModelBuilder builder();
}
