package org.imclab.common.testsupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Spring Boot test that calls its application through MockMvc, on a fresh database of the test server
 * ({@link TestDatabase}). A subclass names the application and its properties with {@code @SpringBootTest};
 * subclasses with the same configuration share one application context, and so one database.
 */
@AutoConfigureMockMvc
public abstract class MockMvcDatabaseTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    protected MockMvc mvc;

    protected final JsonMapper json = JsonMapper.builder().build();

    /** The response body as JSON. */
    protected JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }
}
