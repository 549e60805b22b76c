package org.imclabtest.sample;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobHandler;
import org.imclab.common.jobs.JobRequest;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service on common's machinery, with one job kind, for tests of common and of the
 * gateway. It lives outside {@code org.imclab} so that services scanning {@code org.imclab} never pick it up.
 */
@SpringBootApplication
public class SampleApplication {

    public enum Mode { FAST, SLOW }

    public record EchoRequest(@NotNull @Min(1) @Max(1000) Integer steps, @NotNull Mode mode, String message,
            String experiment, String callbackUrl, java.util.List<Long> seeds) implements JobRequest {
    }

    @Bean
    JobHandler<EchoRequest> echoHandler() {
        return new AbstractJobHandler<>("echo", EchoRequest.class) {

            @Override
            public Object run(EchoRequest r, JobContext ctx) {
                for (int i = 1; i <= r.steps(); i++) {
                    ctx.checkCancelled();
                    ctx.logMetrics(i, java.util.Map.of("value", (double) i * i));
                    ctx.progress((double) i / r.steps(), "step " + i);
                }
                return java.util.Map.of("echo", r.message() == null ? "" : r.message(), "steps", r.steps());
            }
        };
    }

    @RestController
    @RequestMapping("${imclab.sample.jobs-path:/api/v1/echo-jobs}")
    static class EchoJobs extends JobResourceController<EchoRequest> {
        EchoJobs(JobSubmissions submissions, JobStore jobs, JobEventStream events) {
            super("echo", submissions, jobs, events);
        }
    }
}
