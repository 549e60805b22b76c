package org.imclab.common.artifacts;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code imclab.artifacts.*}: the local disk cache of artifact bytes (imclab-defaults.yml puts it under
 * IMCLAB_HOME; without that file, under the JVM's temporary folder) and the size of the chunks they are
 * stored in.
 */
@ConfigurationProperties("imclab.artifacts")
public record ArtifactProperties(Path cacheDir, @DefaultValue("1048576") int chunkSize) {

    public ArtifactProperties {
        if (cacheDir == null) {
            cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "imclab-cache");
        }
    }
}
