package org.imclab.pruning.web;

import org.imclab.common.testsupport.fuzz.RegistryStubbedHttpTest;
import org.imclab.pruning.PruningServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service on a random port over real HTTP, against a real PostgreSQL, workers off (accepted jobs just
 * queue). ApiFuzzTest and OpenApiSpecTest extend it, so they share one application context.
 */
@SpringBootTest(classes = PruningServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false"})
abstract class ServiceHttpTestBase extends RegistryStubbedHttpTest {
}
