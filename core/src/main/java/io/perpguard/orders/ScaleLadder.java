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

    /**
     * Weighted average planned entry: market rungs and limits already marketable at {@code marketPrice} (a buy limit at or
     * above it, a sell limit at or below it: they fill there) at {@code marketPrice}, resting limits at their price.
     *
     * @param sign +1 long, −1 short
     */
    public double averagePrice(double marketPrice, int sign) {
        double s = 0;
        for (int i = 0; i < levels.size(); i++) {
            s += share(i) * (fillsAt(i, marketPrice, sign) ? marketPrice : levels.get(i).price());
        }
        return s;
    }

    /** Rung {@code i} fills at once at {@code marketPrice}: a market order, or a limit already marketable there. */
    public boolean fillsAt(int i, double marketPrice, int sign) {
        EntryLevel l = levels.get(i);
        return l.isMarket() || sign * marketPrice <= sign * l.price();
    }
}
