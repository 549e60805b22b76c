package org.imclab.common.testsupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot test that calls its application over real HTTP on a random port, on a fresh database of the
 * test server ({@link TestDatabase}). A subclass names the application with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}; {@link #env} gives the gateway's signing secret to
 * the signed callers ({@code ApiFuzzing.callerHeaders}).
 */
public abstract class HttpDatabaseTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected Environment env;
}
