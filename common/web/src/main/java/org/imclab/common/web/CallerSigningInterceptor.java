package org.imclab.common.web;

import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs every outgoing service-to-service request for {@link Caller#currentOrSystem()}, so a call
 * made while serving a request, or by a worker running a job, acts for that caller and no one else;
 * outside both it acts for the platform. Signed per request, so the timestamp is always fresh.
 */
public class CallerSigningInterceptor implements ClientHttpRequestInterceptor {

    private final CallerSignature signature;

    public CallerSigningInterceptor(CallerSignature signature) {
        this.signature = signature;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        CallerSignature.HEADERS.forEach(request.getHeaders()::remove);
        signature.headersFor(Caller.currentOrSystem()).forEach(request.getHeaders()::set);
        return execution.execute(request, body);
    }
}
