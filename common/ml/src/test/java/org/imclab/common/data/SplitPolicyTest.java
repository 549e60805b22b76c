package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one split policy and the one archive reader, on a known synthetic data set. */
class SplitPolicyTest {

    /** 300 images of 1×2×2, 100 per class, labels 0,1,2,0,1,2,... */
    private static ImageDataset known() {
        int n = 300;
        byte[] px = new byte[n * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        int[] labels = IntStream.range(0, n).map(i -> i % 3).toArray();
        return new ImageDataset(px, labels, 1, 2, 2, List.of("a", "b", "c"));
    }

    @Test
    void theDefaultCutIsStratified70To10To20WithSeed42AsOnImport() {
        ImageDataset d = known();
        byte[] parts = SplitPolicy.defaultCut(d.labels());
        assertThat(parts).isEqualTo(SplitPolicy.stratified(d.labels(), 0.1, 0.2, 42));
        for (int c = 0; c < 3; c++) {
            int cls = c;
            long train = IntStream.range(0, parts.length).filter(i -> d.labels()[i] == cls && parts[i] == 0).count();
            long val = IntStream.range(0, parts.length).filter(i -> d.labels()[i] == cls && parts[i] == 1).count();
            long test = IntStream.range(0, parts.length).filter(i -> d.labels()[i] == cls && parts[i] == 2).count();
            assertThat(List.of(train, val, test)).as("class " + c).containsExactly(70L, 10L, 20L);
        }
        assertThat(SplitPolicy.defaultCut(d.labels())).as("deterministic").isEqualTo(parts);
    }

    @Test
    void aRecordedSplitIsKeptAndAnUnusableOneIsReplacedByTheDefaultCut() {
        ImageDataset d = known();
        byte[] recorded = new byte[d.size()];
        java.util.Arrays.fill(recorded, 250, 300, SplitPolicy.TEST);
        DatasetArchive.Content kept = DatasetArchive.readAny(new ByteArrayInputStream(
                DatasetArchive.toBytes(new DatasetArchive.Content(d, null, recorded))));
        assertThat(kept.splitRecorded()).isTrue();
        assertThat(kept.split()).isEqualTo(recorded);
        assertThat(kept.images().classNames()).containsExactly("a", "b", "c");

        byte[] broken = recorded.clone();
        broken[0] = 7;
        DatasetArchive.Content replaced = DatasetArchive.readAny(new ByteArrayInputStream(
                DatasetArchive.toBytes(new DatasetArchive.Content(d, null, broken))));
        assertThat(replaced.splitRecorded()).isFalse();
        assertThat(replaced.split()).isEqualTo(SplitPolicy.defaultCut(d.labels()));

        DatasetArchive.Content plain = DatasetArchive.readAny(new ByteArrayInputStream(NpzDataset.toBytes(d)));
        assertThat(plain.splitRecorded()).isFalse();
        assertThat(plain.split()).isEqualTo(SplitPolicy.defaultCut(d.labels()));
    }

    @Test
    void trainAndTestImagesFollowTheRecordThenASeparateTestSetThenTheDefaultCut() {
        ImageDataset d = known();
        byte[] recorded = new byte[d.size()];
        java.util.Arrays.fill(recorded, 240, 270, SplitPolicy.VAL);
        java.util.Arrays.fill(recorded, 270, 300, SplitPolicy.TEST);
        ImageDataset other = d.subset(new int[] {0, 1, 2});

        TrainTestImages fromRecord = TrainTestImages.of(new DatasetArchive.Content(d, null, recorded), other);
        assertThat(fromRecord.train().size()).isEqualTo(240);
        assertThat(fromRecord.test().size()).isEqualTo(30);
        assertThat(fromRecord.description()).startsWith("test split");

        DatasetArchive.Content unrecorded = new DatasetArchive.Content(d, null, SplitPolicy.defaultCut(d.labels()),
                false);
        TrainTestImages fromArtifact = TrainTestImages.of(unrecorded, other);
        assertThat(fromArtifact.train().size()).isEqualTo(300);
        assertThat(fromArtifact.test()).isSameAs(other);

        TrainTestImages fromCut = TrainTestImages.of(unrecorded, null);
        assertThat(fromCut.train().size()).isEqualTo(210);
        assertThat(fromCut.test().size()).isEqualTo(60);
        assertThat(fromCut.description()).contains("default cut");
    }

    @Test
    void aTableArchiveKeepsItsFeatureNamesAndItsSplit() {
        TabularDataset t = new TabularDataset(new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 1},
                List.of("x", "y"), List.of("0", "1"));
        byte[] split = {0, 0, 2};
        DatasetArchive.Content c = DatasetArchive.readAny(new ByteArrayInputStream(
                DatasetArchive.toBytes(new DatasetArchive.Content(null, t, split))));
        assertThat(c.table().featureNames()).containsExactly("x", "y");
        assertThat(c.indices(SplitPolicy.TEST)).containsExactly(2);
        assertThat(SplitPolicy.indicesExcept(c.split(), SplitPolicy.TEST)).containsExactly(0, 1);
    }
}
