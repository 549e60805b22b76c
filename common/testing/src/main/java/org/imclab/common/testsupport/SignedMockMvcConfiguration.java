package org.imclab.common.testsupport;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Every {@code @AutoConfigureMockMvc} MockMvc (listed in this test-jar's
 * META-INF/spring/...AutoConfigureMockMvc.imports) signs its requests as the platform, as the gateway
 * would, so service tests exercise the real credential filter without each call site signing. A
 * request that already names a caller (a test forging headers) is left as it is; {@link TestCallers}
 * signs as someone else or removes the credential.
 */
@AutoConfiguration
public class SignedMockMvcConfiguration {

    @Bean
    MockMvcBuilderCustomizer signedAsSystem(ObjectProvider<CallerSignature> signature) {
        return builder -> signature.ifAvailable(s -> builder.defaultRequest(get("/").with(request ->
                request.getHeader(CallerSignature.OWNER_HEADER) != null ? request
                        : TestCallers.sign(request, s, Caller.SYSTEM))));
    }
}
