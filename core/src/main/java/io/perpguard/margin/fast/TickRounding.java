package io.perpguard.margin.fast;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Increment;
import io.perpguard.instrument.TickRule;

/**
 * Rounds prices to a contract's tick with the reference's semantics ({@link Contract#floorToTick}/
 * {@link Contract#ceilToTick}): both are the one {@link Increment} rounding on scaled longs.
 */
public final class TickRounding {
    private final Increment tick;

    public TickRounding(Contract contract) {
        this.tick = Increment.of(contract.tickSize());
    }

    /** Rounds down to the tick. */
    public double floor(double price) {
        return tick.floor(price);
    }

    /** Rounds up to the tick. */
    public double ceil(double price) {
        return tick.ceil(price);
    }

    /** Rounds a liquidation or bankruptcy price by {@link TickRule#LEVEL} (toward the entry). */
    public double towardEntry(double price, boolean isLong) {
        if (!Double.isFinite(price)) {
            return price;
        }
        return TickRule.LEVEL.roundsUp(isLong) ? ceil(price) : floor(price);
    }
}
