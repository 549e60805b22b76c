package org.imclab.training.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stored data set version, as the API returns it.
 *
 * @param id           row id (what training jobs reference)
 * @param name         data set name
 * @param version      1, 2, ... per owner and name
 * @param source       where it came from, e.g. "builtin:mnist" or "upload:idx"
 * @param kind         "image" or "tabular"
 * @param shape        sample shape without the batch axis: [C,H,W] or [features]
 * @param numClasses   number of classes
 * @param classNames   name of each class index
 * @param counts       samples per class name, per split ("train", "val", "test")
 * @param splitSeed    seed of the split
 * @param valFraction  fraction of the training pool held out for validation
 * @param testFraction fraction held out for testing (0 with an official test set)
 * @param officialTest whether the test split is the source's own test set
 * @param trainSize    training samples
 * @param valSize      validation samples
 * @param testSize     test samples
 * @param mean         per-channel mean of x/255 (images) or per-feature mean (tabular), on the training split
 * @param std          the matching standard deviations
 * @param artifactSha  SHA-256 of the .npz artifact
 * @param sizeBytes    size of the artifact
 * @param createdAt    creation time
 * @param owner        the API key that created it ({@code key:<id>}), or {@code system}
 * @param project      that key's project, if any: the project's other keys see the version too
 */
public record DatasetVersion(long id, String name, int version, String source, String kind, int[] shape,
        int numClasses, List<String> classNames, Map<String, Map<String, Integer>> counts, long splitSeed,
        double valFraction, double testFraction, boolean officialTest, int trainSize, int valSize, int testSize,
        float[] mean, float[] std, String artifactSha, long sizeBytes, Instant createdAt, String owner,
        String project) {

    public static final String IMAGE = "image";
    public static final String TABULAR = "tabular";

    public boolean isImage() {
        return IMAGE.equals(kind);
    }
}
