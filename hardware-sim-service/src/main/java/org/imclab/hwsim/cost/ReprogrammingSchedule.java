package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * How the weight-stationary baseline streams a network through a chip of X crossbars.
 *
 * <p>If all weight tiles fit ({@code resident}), there is one round, programmed once at deployment.
 * Otherwise layers are packed in network order into programming rounds of at most X crossbars: a
 * layer that fits in one round is never split; if it does not fit in what is left of the current
 * round, a new round starts. A layer larger than X starts a new round and is split by crossbar tiles
 * over ceil(n/X) rounds; its last, partial round stays open for the layers that follow. Every round
 * is rewritten for every batch, since the next batch starts again at the first layer.
 *
 * @param crossbarBudget X
 * @param resident       whether every weight fits on the chip at once
 * @param rounds         rounds in execution order
 */
public record ReprogrammingSchedule(int crossbarBudget, boolean resident, List<Round> rounds) {

    /** Part of one layer placed in one round. */
    public record Portion(int layerIndex, String layer, long crossbars) {
    }

    /** One programming round: the crossbars it writes and the layer parts they hold. */
    public record Round(long crossbars, List<Portion> portions) {
        public Round {
            portions = List.copyOf(portions);
        }
    }

    public ReprogrammingSchedule {
        rounds = List.copyOf(rounds);
    }

    /** Plans the rounds for the given layers' crossbar counts. */
    static ReprogrammingSchedule plan(List<WeightLayer> layers, CrossbarParams p, int crossbarBudget) {
        long total = 0;
        for (WeightLayer w : layers) {
            total += w.crossbars(p);
        }
        List<Round> rounds = new ArrayList<>();
        if (total <= crossbarBudget) {
            List<Portion> all = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                all.add(new Portion(i, layers.get(i).name(), layers.get(i).crossbars(p)));
            }
            rounds.add(new Round(total, all));
            return new ReprogrammingSchedule(crossbarBudget, true, rounds);
        }
        List<Portion> open = new ArrayList<>();
        long used = 0;
        for (int i = 0; i < layers.size(); i++) {
            WeightLayer w = layers.get(i);
            long n = w.crossbars(p);
            if (n <= crossbarBudget) {
                if (used + n > crossbarBudget) {
                    rounds.add(new Round(used, open));
                    open = new ArrayList<>();
                    used = 0;
                }
                open.add(new Portion(i, w.name(), n));
                used += n;
            } else {
                if (used > 0) {
                    rounds.add(new Round(used, open));
                    open = new ArrayList<>();
                    used = 0;
                }
                long remaining = n;
                while (remaining > crossbarBudget) {
                    rounds.add(new Round(crossbarBudget, List.of(new Portion(i, w.name(), crossbarBudget))));
                    remaining -= crossbarBudget;
                }
                open.add(new Portion(i, w.name(), remaining));
                used = remaining;
            }
        }
        if (used > 0) {
            rounds.add(new Round(used, open));
        }
        return new ReprogrammingSchedule(crossbarBudget, false, rounds);
    }

    /** Number of rounds each layer spans (its tiles in different rounds run one after another). */
    int[] spans(int layerCount) {
        int[] spans = new int[layerCount];
        for (Round r : rounds) {
            for (Portion portion : r.portions()) {
                spans[portion.layerIndex()]++;
            }
        }
        return spans;
    }
}
