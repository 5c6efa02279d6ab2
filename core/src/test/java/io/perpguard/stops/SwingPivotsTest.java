package io.perpguard.stops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SwingPivotsTest {
    // a zig-zag drawn by hand: peaks at bars 3 (high 110) and 9 (high 108), trough at bar 6 (low 90)
    static final double[] HIGH = {101, 103, 106, 110, 105, 100, 96, 99, 104, 108, 104, 101, 100};
    static final double[] LOW = {99, 101, 104, 107, 101, 95, 90, 94, 100, 104, 100, 98, 97};

    @Test
    void test_highs_twoBarsEachSide_findsTheTwoPeaks() {
        assertThat(SwingPivots.highs(HIGH, 2, 0, HIGH.length)).containsExactly(3, 9);
    }

    @Test
    void test_lows_twoBarsEachSide_findsTheTrough() {
        assertThat(SwingPivots.lows(LOW, 2, 0, LOW.length)).containsExactly(6);
    }

    @Test
    void test_highs_pivotNeedsNBarsAfterIt_noLookAhead() {
        // with only bars 0..10 known, the peak at 9 has one bar after it: not yet a pivot for n = 2
        assertThat(SwingPivots.highs(HIGH, 2, 0, 11)).containsExactly(3);
    }

    @Test
    void test_highs_flatTop_yieldsOnePivotAtItsFirstBar() {
        double[] h = {1, 2, 5, 5, 2, 1, 0};
        assertThat(SwingPivots.highs(h, 2, 0, h.length)).containsExactly(2);
    }

    @Test
    void test_zones_clusterNearbyPivots_countTouches() {
        // swing lows at 100.0, 100.4 and 100.2 (one zone, 3 touches), swing high 110 (own zone)
        double[] high = {112, 111, 110, 109, 105, 104, 103};
        double[] low = {100.0, 100.4, 100.2, 101, 101, 101, 101};
        List<Zone> z = SupportResistance.zones(high, low, new int[]{2}, new int[]{0, 1, 2}, 0.5);
        assertThat(z).hasSize(2);
        assertThat(z.get(0).touches()).isEqualTo(3);
        assertThat(z.get(0).low()).isEqualTo(100.0);
        assertThat(z.get(0).high()).isEqualTo(100.4);
        assertThat(z.get(0).level()).isCloseTo(100.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(z.get(0).lastTouch()).isEqualTo(2);
        assertThat(z.get(1).level()).isEqualTo(110.0);
        assertThat(z.get(1).touches()).isEqualTo(1);
    }
}
