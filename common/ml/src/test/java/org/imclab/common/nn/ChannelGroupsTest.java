package org.imclab.common.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.imclab.common.nn.ChannelGroups.ConcatPart;
import org.imclab.common.nn.ChannelGroups.Segment;
import org.junit.jupiter.api.Test;

class ChannelGroupsTest {

    @Test
    void resnet20CouplesEachStageThroughItsAdds() {
        ChannelGroups g = ChannelGroups.of(ModelZoo.resnet(20, 10, false));
        assertThat(g.coupledConvs()).containsExactly(
                Set.of("conv1", "s1b1.conv2", "s1b2.conv2", "s1b3.conv2"),
                Set.of("s2b1.conv2", "s2b1.short", "s2b2.conv2", "s2b3.conv2"),
                Set.of("s3b1.conv2", "s3b1.short", "s3b2.conv2", "s3b3.conv2"));
        // First convs of blocks are free to prune on their own.
        assertThat(g.groupOf("s2b2.conv1")).containsExactly("s2b2.conv1");
        assertThat(g.groupOf("s1b3.conv2")).contains("conv1");
        // Every conv/linear plus the input appears in exactly one group.
        long producers = ModelZoo.resnet(20, 10, false).layers().stream().filter(LayerSpec::isWeightLayer).count();
        assertThat(g.groups().stream().mapToInt(Set::size).sum()).isEqualTo(producers + 1);
        assertThat(g.concatOffsets()).isEmpty();
    }

    @Test
    void densenetConcatsOffsetEveryProducer() {
        ChannelGroups g = ChannelGroups.of(ModelZoo.densenet(40, 12, 0.5, true, 10, false));
        assertThat(g.coupledConvs()).isEmpty();
        // Block 1 starts from the 24-channel stem; every layer appends 12 channels.
        assertThat(g.concatOffsets().get("d1l1.cat"))
                .containsExactly(new ConcatPart("conv0", 0, 24), new ConcatPart("d1l1.conv2", 24, 12));
        assertThat(g.concatOffsets().get("d1l3.cat"))
                .containsExactly(new ConcatPart("d1l2.cat", 0, 48), new ConcatPart("d1l3.conv2", 48, 12));
        // The BN before layer 4 normalises channels produced by four different convs.
        assertThat(g.channelSources("d1l4.bn1")).containsExactly(
                new Segment("conv0", 0, 24, 1), new Segment("d1l1.conv2", 24, 12, 1),
                new Segment("d1l2.conv2", 36, 12, 1), new Segment("d1l3.conv2", 48, 12, 1));
        // After a transition the channels come from the transition conv alone.
        assertThat(g.channelSources("d2l1.bn1")).containsExactly(new Segment("t1.conv", 0, 48, 1));
    }

    @Test
    void flattenWidensSegmentsAndIdentityAddCouplesTheInput() {
        ModelSpec spec = new ModelSpec("f", new int[] {2, 3, 3}, 4, List.of(
                LayerSpec.conv("a", 2, 3, 1, 1, true),
                LayerSpec.conv("b", 3, 3, 1, 1, true).withInputs(List.of("input")),
                LayerSpec.concat("cat", "a", "b"),
                LayerSpec.flatten("flat"),
                LayerSpec.linear("fc", 4)));
        ChannelGroups g = ChannelGroups.of(spec);
        assertThat(g.channelSources("flat")).containsExactly(new Segment("a", 0, 2, 9), new Segment("b", 18, 3, 9));

        ModelSpec residual = new ModelSpec("r", new int[] {4}, 4, List.of(
                LayerSpec.linear("fc1", 4), LayerSpec.add("sum", "fc1", "input")));
        assertThat(ChannelGroups.of(residual).coupledConvs()).containsExactly(Set.of("input", "fc1"));
    }
}
