package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitAndStatsTest {

    @Test
    void splitIsDeterministicDisjointAndComplete() {
        DataSplit a = DataSplit.random(101, 0.7, 0.2, 42);
        assertThat(DataSplit.random(101, 0.7, 0.2, 42)).isEqualTo(a);
        assertThat(DataSplit.random(101, 0.7, 0.2, 43)).isNotEqualTo(a);
        assertThat(a.train()).hasSize(70);
        assertThat(a.val()).hasSize(20);
        assertThat(a.test()).hasSize(11);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.val())),
                Arrays.stream(a.test())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 101).toArray());
        assertThat(a.train()).isSorted();
        assertThatThrownBy(() -> DataSplit.random(10, 0.8, 0.3, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 80 ? 0 : 1;
        }
        DataSplit s = DataSplit.stratified(labels, 0.5, 0.25, 7);
        assertThat(s.train()).hasSize(50);
        assertThat(Arrays.stream(s.train()).filter(i -> labels[i] == 1).count()).isEqualTo(10);
        assertThat(Arrays.stream(s.val()).filter(i -> labels[i] == 1).count()).isEqualTo(5);
        assertThat(s.test()).hasSize(25);
        assertThat(DataSplit.stratified(labels, 0.5, 0.25, 7)).isEqualTo(s);
    }

    @Test
    void channelStatsPerChannelInUnitRange() {
        // Two 1x2 images with two channels: channel 0 holds 0 and 255, channel 1 holds 51 everywhere.
        byte[] px = {0, (byte) 255, 51, 51, (byte) 255, 0, 51, 51};
        ImageDataset d = new ImageDataset(px, new int[] {0, 0}, 2, 1, 2, List.of("x"));
        ChannelStats s = ChannelStats.of(d);
        assertThat(s.mean()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(s.std()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(s.mean()[1]).isCloseTo(0.2, within(1e-12));
        assertThat(s.std()[1]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void subsetAndCounts() {
        ImageDataset d = NpzDatasetTest.sample();
        ImageDataset sub = d.subset(new int[] {2, 0});
        assertThat(sub.labels()).containsExactly(2, 1);
        assertThat(sub.image(0)).isEqualTo(d.image(2));
        assertThat(d.classCounts()).containsExactly(1, 1, 1);
        assertThatThrownBy(() -> new ImageDataset(new byte[3], new int[] {0}, 1, 1, 2, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
