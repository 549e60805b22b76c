package org.imclab.common.artifacts;

import java.util.List;
import org.imclab.common.web.ApiException;
import org.springframework.http.HttpStatus;

/** A hash that names no stored blob. */
public class ArtifactNotFoundException extends ApiException {

    public ArtifactNotFoundException(String sha) {
        super(HttpStatus.NOT_FOUND, "artifact '" + sha + "' does not exist", List.of());
    }
}
