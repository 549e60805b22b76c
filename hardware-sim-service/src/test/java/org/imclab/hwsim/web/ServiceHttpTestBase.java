package org.imclab.hwsim.web;

import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.testsupport.fuzz.RegistryStub;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a random port over real HTTP, against a real PostgreSQL, workers off (accepted jobs just
 * queue). ApiFuzzTest and OpenApiSpecTest extend it, so they share one application context.
 */
@SpringBootTest(classes = HardwareSimServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false"})
abstract class ServiceHttpTestBase {

    static final RegistryStub REGISTRY = RegistryStub.start();

    @DynamicPropertySource
    static void db(DynamicPropertyRegistry r) {
        TestDatabase.register(r);
        r.add("imclab.training.url", REGISTRY::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    Environment env;
}
