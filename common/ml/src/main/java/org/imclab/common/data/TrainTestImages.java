package org.imclab.common.data;

/**
 * The training and test images of a registered image data set under {@link SplitPolicy}, for services that
 * evaluate or fine-tune a model on it (hardware simulation, pruning).
 *
 * @param train       the training part (its statistics normalise inputs when the model records none)
 * @param test        the test part
 * @param description what the test set is, for results and logs
 */
public record TrainTestImages(ImageDataset train, ImageDataset test, String description) {

    /**
     * The archive's recorded split (train = part 0, test = part 2); else a separate test artifact the registry
     * records, with the whole archive as training data; else the archive under {@link SplitPolicy#defaultCut}.
     *
     * @param separateTest the registry's separate test set, or null
     */
    public static TrainTestImages of(DatasetArchive.Content archive, ImageDataset separateTest) {
        ImageDataset all = archive.images();
        if (all == null) {
            throw new DataFormatException("file", "the data set holds a table, not images");
        }
        if (!archive.splitRecorded() && separateTest != null) {
            return new TrainTestImages(all, separateTest, "separate test artifact (" + separateTest.size()
                    + " samples)");
        }
        ImageDataset train = all.subset(archive.indices(SplitPolicy.TRAIN));
        ImageDataset test = all.subset(archive.indices(SplitPolicy.TEST));
        String how = archive.splitRecorded() ? "test split" : "default cut's test part (stratified, seed "
                + SplitPolicy.DEFAULT_SEED + ")";
        return new TrainTestImages(train, test, how + " (" + test.size() + " samples)");
    }
}
