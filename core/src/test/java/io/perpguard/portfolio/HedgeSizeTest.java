package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.util.List;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hedge netted into a one-way position leaves the size the venue holds: whole steps as a decimal, not the double
 * difference — 1.2 − 0.3 BTC is 0.9, not 0.8999999999999999, and hedging that 0.9 closes the position instead of leaving
 * a dust short of 1.1e-16 BTC.
 */
class HedgeSizeTest {
    static final double[] STEPS = {0.001, 0.0001, 0.01, 0.1, 1, 0.003, 0.5};
    static final double MARK = 60_000;

    @Example
    void reduce_1point2_by_0point3_leaves_0point9_andHedgingThatClosesIt() {
        SubAccount s = held(Side.LONG, 1.2, MarginMode.CROSS);
        SubAccount reduced = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 0.3, MARK);
        assertThat(reduced.account().positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.9));
        SubAccount closed = Hedge.withPosition(reduced, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 0.9, MARK);
        assertThat(closed.account().positions()).isEmpty();
    }

    /**
     * A position of {@code held} steps hedged by {@code hedge} steps on the other side, cross or isolated: the size left (or
     * the flipped position's) is exactly |held − hedge| steps as the decimal's double, on the side that wins; equal sizes
     * leave nothing.
     */
    @Property(tries = 400)
    void hedgeOfWholeSteps_leavesWholeSteps(@ForAll @IntRange(min = 0, max = 6) int which, @ForAll @IntRange(min = 1, max = 600) int held,
                                            @ForAll @IntRange(min = 1, max = 600) int hedge, @ForAll boolean isolated,
                                            @ForAll boolean heldLong) {
        BigDecimal step = BigDecimal.valueOf(STEPS[which]);
        Side side = heldLong ? Side.LONG : Side.SHORT, other = heldLong ? Side.SHORT : Side.LONG;
        SubAccount s = held(side, steps(step, held), isolated ? MarginMode.ISOLATED : MarginMode.CROSS);
        SubAccount after = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), other, steps(step, hedge), MARK);
        if (held == hedge) {
            assertThat(after.account().positions()).isEmpty();
            return;
        }
        Position p = after.account().positions().get(0);
        assertThat(after.account().positions()).hasSize(1);
        assertThat(p.side()).isEqualTo(held > hedge ? side : other);
        assertThat(p.qty()).as("%d − %d steps of %s", held, hedge, step).isEqualTo(steps(step, Math.abs(held - hedge)));
    }

    private static double steps(BigDecimal step, int n) {
        return step.multiply(BigDecimal.valueOf(n)).doubleValue();
    }

    private static SubAccount held(Side side, double qty, MarginMode mode) {
        // entered at the mark (nothing realised); leverage 10: the wallet covers an isolated margin of up to 600 BTC
        Position p = new Position("BTCUSDT", side, qty, MARK, 10, mode, PositionSide.BOTH, 0, MARK);
        return new SubAccount("main", new Account(5_000_000, List.of(p)));
    }
}
