package org.imclab.training.datasets;

import org.imclab.common.data.DataLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what one data set upload may decompress to, bound from {@code imclab.datasets.limits.*}
 * (environment: {@code IMCLAB_DATASETS_LIMITS_MAX_BYTES} and so on). The defaults and their reasons are
 * those of {@link DataLimits}: real MNIST, Fashion-MNIST and CIFAR-10/100 uploads fit, bombs do not.
 *
 * @param maxBytes            bytes after decompression over all files of one upload (413 above)
 * @param maxCompressionRatio inflated bytes per compressed byte of one gzip or zip file (400 above)
 * @param ratioGrace          inflated bytes before the ratio is checked
 * @param maxArchiveEntries   entries in one zip (400 above)
 */
@ConfigurationProperties("imclab.datasets.limits")
public record DatasetLimitsSettings(
        @DefaultValue("256MB") DataSize maxBytes,
        @DefaultValue("200") int maxCompressionRatio,
        @DefaultValue("1MB") DataSize ratioGrace,
        @DefaultValue("1000000") int maxArchiveEntries) {

    public DataLimits toLimits() {
        return new DataLimits(maxBytes.toBytes(), maxCompressionRatio, ratioGrace.toBytes(), maxArchiveEntries);
    }
}
