package org.imclab.common.testsupport;

import java.util.Map;
import org.imclab.common.web.Caller;
import org.imclab.common.web.CallerSignature;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The gateway's signed caller headers for tests that call a service directly. MockMvc requests are
 * signed as {@link Caller#SYSTEM} by default ({@link SignedMockMvcConfiguration}); a test acts for
 * someone else with {@code .with(TestCallers.as(caller))}, or drops the credential with
 * {@code .with(TestCallers.unsigned())}. Real HTTP clients add {@link #headers(ApplicationContext, Caller)}.
 */
public final class TestCallers {

    private TestCallers() {
    }

    /** Signs the request for {@code caller} with the service's own secret, replacing any caller headers. */
    public static RequestPostProcessor as(Caller caller) {
        return request -> {
            ApplicationContext context = WebApplicationContextUtils.getRequiredWebApplicationContext(request.getServletContext());
            return sign(request, context.getBean(CallerSignature.class), caller);
        };
    }

    /** Removes every caller header, as a client reaching the service without the gateway would send. */
    public static RequestPostProcessor unsigned() {
        return request -> {
            CallerSignature.HEADERS.forEach(request::removeHeader);
            return request;
        };
    }

    /** Headers vouching for {@code caller} to the service running in {@code context}. */
    public static Map<String, String> headers(ApplicationContext context, Caller caller) {
        return context.getBean(CallerSignature.class).headersFor(caller);
    }

    static MockHttpServletRequest sign(MockHttpServletRequest request, CallerSignature signature, Caller caller) {
        CallerSignature.HEADERS.forEach(request::removeHeader);
        signature.headersFor(caller).forEach(request::addHeader);
        return request;
    }
}
