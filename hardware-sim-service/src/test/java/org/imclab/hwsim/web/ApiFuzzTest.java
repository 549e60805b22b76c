package org.imclab.hwsim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.testsupport.fuzz.ApiFuzzing;
import org.imclab.common.testsupport.fuzz.FuzzReport;
import org.imclab.common.testsupport.fuzz.RegistryStub;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every operation of docs/openapi/hwsim.json, fed malformed requests over real HTTP: not one may
 * get a 5xx, and every 4xx must be problem+json. Workers are off, so accepted jobs just queue.
 */
@SpringBootTest(classes = HardwareSimServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"imclab.worker.enabled=false", "imclab.webhooks.enabled=false"})
class ApiFuzzTest {

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

    @Test
    void malformedRequestsGetProblemJsonAndNeverA5xx() throws Exception {
        FuzzReport report = ApiFuzzing.fuzz("hwsim", port, env);

        assertThat(report.total()).isGreaterThan(500);
        assertThat(report.violations()).isEmpty();
    }
}
