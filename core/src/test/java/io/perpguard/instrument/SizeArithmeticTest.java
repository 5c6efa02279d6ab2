package io.perpguard.instrument;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sizes on a venue's step grid stay on it: {@link Contract#addSizes} (a reduce) and {@link Position#addFill} (an increase)
 * add the decimals the sizes are, so any run of adds and reduces of whole steps lands on a whole number of steps — the
 * double of that decimal — and undoing every one of them lands on exactly 0.
 */
class SizeArithmeticTest {
    static final double[] STEPS = {0.001, 0.0001, 0.01, 0.1, 1, 0.003, 0.5, 100};

    @Property(tries = 300)
    void addsAndReduces_ofWholeSteps_landOnTheGrid_andBackToExactlyZero(@ForAll @IntRange(min = 0, max = 7) int which, @ForAll long seed) {
        BigDecimal step = BigDecimal.valueOf(STEPS[which]);
        Random r = new Random(seed);
        List<Long> moves = new ArrayList<>();
        long steps = 0;
        double size = 0;
        for (int k = 0; k < 40; k++) {
            long n = r.nextInt(4) == 0 && steps > 1 ? -(1 + (long) r.nextInt((int) Math.min(Integer.MAX_VALUE, steps - 1))) : 1 + r.nextInt(2_000);
            double delta = step.multiply(BigDecimal.valueOf(Math.abs(n))).doubleValue();
            if (n > 0 && size > 0) {
                size = new Position("BTCUSDT", Side.LONG, size, 60_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000)
                        .addFill(delta, 60_000 + k).qty();
            } else {
                size = Contract.addSizes(size, n > 0 ? delta : -delta);
            }
            steps += n;
            moves.add(n);
            assertThat(size).as("%d steps of %s", steps, step).isEqualTo(step.multiply(BigDecimal.valueOf(steps)).doubleValue());
        }
        Collections.shuffle(moves, r);
        for (long n : moves) {
            size = Contract.addSizes(size, -step.multiply(BigDecimal.valueOf(n)).doubleValue());
        }
        assertThat(size).as("every move undone").isEqualTo(0.0);
    }
}
