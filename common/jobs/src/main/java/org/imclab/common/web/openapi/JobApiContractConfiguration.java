package org.imclab.common.web.openapi;

import org.imclab.common.jobs.JobResourceController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job services' part of the API contract: each job kind's typed resource and event stream (JobContract). */
@Configuration(proxyBeanMethods = false)
public class JobApiContractConfiguration {

    @Bean
    JobContract jobContract(ObjectProvider<JobResourceController<?>> controllers) {
        return new JobContract(controllers);
    }
}
