package org.imclab.pruning.activelearning;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The query strategies of docs/science/active-learning.md §4, by their request names. */
public enum Strategy {
    RANDOM("random"),
    LEAST_CONFIDENCE("least-confidence"),
    MARGIN("margin"),
    ENTROPY("entropy"),
    CORE_SET("core-set"),
    DEEPFOOL("deepfool"),
    /** DeepFool queries plus each queried sample's adversarial example, labelled by the oracle (Ducoffe & Precioso 2018). */
    DFAL("dfal"),
    BIM("bim");

    private final String id;

    Strategy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Strategy::id).toList();
    }

    /** The strategy with this name, or null. */
    public static Strategy of(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (Strategy s : values()) {
            if (s.id.equals(n)) {
                return s;
            }
        }
        return null;
    }
}
