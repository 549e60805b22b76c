package org.imclab.common.testsupport.fuzz;

import org.imclab.common.testsupport.HttpDatabaseTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An {@link HttpDatabaseTest} of a service that calls training's registry (hwsim, pruning): the registry is a
 * {@link RegistryStub}, so fuzzed model and data set references fail as "not found".
 */
public abstract class RegistryStubbedHttpTest extends HttpDatabaseTest {

    protected static final RegistryStub REGISTRY = RegistryStub.start();

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry registry) {
        registry.add("imclab.training.url", REGISTRY::url);
    }
}
