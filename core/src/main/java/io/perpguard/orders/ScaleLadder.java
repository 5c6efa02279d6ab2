package io.perpguard.orders;

import java.util.List;

/**
 * The entry: a single order or a scale-in ladder of limit orders with weights.
 *
 * @param levels rungs in the order given; weights are relative
 */
public record ScaleLadder(List<EntryLevel> levels) {
    public ScaleLadder {
        EntryLevel.requireNotEmpty(levels);
        levels = List.copyOf(levels);
    }

    public static ScaleLadder single(double price) {
        return new ScaleLadder(List.of(new EntryLevel(price, 1)));
    }

    public static ScaleLadder market() {
        return new ScaleLadder(List.of(EntryLevel.market()));
    }

    /** Share of the planned size of rung {@code i}: weight / Σ weights. */
    public double share(int i) {
        double sum = 0;
        for (EntryLevel l : levels) {
            sum += l.weight();
        }
        return levels.get(i).weight() / sum;
    }

    /** Weighted average planned entry, market rungs priced at {@code marketPrice}. */
    public double averagePrice(double marketPrice) {
        double s = 0;
        for (int i = 0; i < levels.size(); i++) {
            double p = levels.get(i).isMarket() ? marketPrice : levels.get(i).price();
            s += share(i) * p;
        }
        return s;
    }
}
