package org.imclab.common.jobs;

import java.util.List;
import java.util.UUID;
import org.imclab.common.web.ApiException;
import org.springframework.http.HttpStatus;

/** An id that names no job (of the kind the endpoint serves). */
public class JobNotFoundException extends ApiException {

    public JobNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "job '" + id + "' does not exist", List.of());
    }
}
