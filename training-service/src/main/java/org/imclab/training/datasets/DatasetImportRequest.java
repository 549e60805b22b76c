package org.imclab.training.datasets;

import jakarta.validation.constraints.NotBlank;
import org.imclab.common.jobs.JobRequest;

/**
 * Imports a built-in data set as a new version.
 *
 * @param name         mnist, fashion-mnist (Fashion-MNIST), digits, iris, wine or breast_cancer
 * @param splitSeed    split seed (default 42)
 * @param valFraction  validation fraction (default 0.1)
 * @param testFraction test fraction for sets without an official test split (default 0.2)
 * @param experiment   tracking experiment
 * @param callbackUrl  completion webhook
 */
public record DatasetImportRequest(@NotBlank String name, Long splitSeed, Double valFraction, Double testFraction,
        String experiment, String callbackUrl) implements JobRequest {
}
