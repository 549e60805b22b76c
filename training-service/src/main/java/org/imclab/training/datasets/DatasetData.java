package org.imclab.training.datasets;

import org.imclab.common.data.DatasetArchive;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.TabularDataset;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TabularSamples;
import org.imclab.common.web.ApiException;

/** A loaded data set version: its row, its content and the split, ready to hand to the training loop. */
public record DatasetData(DatasetVersion version, DatasetArchive.Content content) {

    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String TEST = "test";

    /** Normalised samples of one split ("train", "val" or "test"); augmentation only affects training batches. */
    public Samples samples(String split, boolean augment) {
        return samples(split, augment, true);
    }

    /**
     * Like {@link #samples(String, boolean)}; {@code standardize} false gives tabular features raw (images are
     * normalised per channel either way).
     */
    public Samples samples(String split, boolean augment, boolean standardize) {
        byte part = switch (split) {
            case TRAIN -> DatasetArchive.TRAIN;
            case VAL -> DatasetArchive.VAL;
            case TEST -> DatasetArchive.TEST;
            default -> throw ApiException.badRequest("split", "'" + split + "' is not one of train, val, test");
        };
        int[] idx = content.indices(part);
        if (content.images() != null) {
            ImageDataset part0 = content.images().subset(idx);
            return new ImageSamples(part0, version.mean(), version.std(), augment);
        }
        TabularDataset t = content.table();
        int f = t.numFeatures();
        float[] x = new float[idx.length * f];
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(t.features(), idx[k] * f, x, k * f, f);
            y[k] = t.labels()[idx[k]];
        }
        TabularDataset rows = new TabularDataset(x, y, t.featureNames(), t.classNames());
        return standardize ? new TabularSamples(rows, version.mean(), version.std()) : TabularSamples.raw(rows);
    }
}
