package org.imclab.common.web.openapi;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;

/**
 * A unique, stable id for every operation: the method and its controller, e.g. listCrossbarPreset.
 * springdoc would use the bare method name and number the clashes (list, list_1) in handler order.
 * First of the customizers, so that a more specific one (common-jobs' JobContract: submitTrainingJob)
 * can replace it.
 */
final class OperationIds implements OperationCustomizer, Ordered {

    @Override
    public Operation customize(Operation op, HandlerMethod handler) {
        String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
        return op.operationId(handler.getMethod().getName() + controller);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
