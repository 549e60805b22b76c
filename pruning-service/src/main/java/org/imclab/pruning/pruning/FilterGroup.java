package org.imclab.pruning.pruning;

import java.util.List;

/**
 * Filters that are removed together: the output channels of one conv, or of several convs whose outputs an
 * {@code add} couples position by position.
 *
 * @param name     the group's name in reports and importance JSON: its first conv
 * @param convs    member convs, in spec order
 * @param carriers per member, the layer whose output is the channel as later layers see it: the batchnorm
 *                 reading the conv when there is one, else the conv
 * @param channels channels every member has
 */
public record FilterGroup(String name, List<String> convs, List<String> carriers, int channels) {

    public FilterGroup {
        convs = List.copyOf(convs);
        carriers = List.copyOf(carriers);
    }

    public boolean coupled() {
        return convs.size() > 1;
    }
}
