package io.perpguard.sim;

import io.perpguard.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class ProportionTest {
    @Test
    void wilson95_matchesNewcombesPublishedExamples() {
        // R. G. Newcombe, Statistics in Medicine 17 (1998) 857-872, Table II, method 3 (Wilson score, no continuity correction)
        assertInterval(Proportion.wilson95(81, 263), 0.2553, 0.3662);
        assertInterval(Proportion.wilson95(15, 148), 0.0624, 0.1605);
        assertInterval(Proportion.wilson95(0, 20), 0, 0.1611);
        assertInterval(Proportion.wilson95(1, 29), 0.0061, 0.1718);
    }

    @Test
    void wilson95_ofAShare_isTheCountsInterval_andBadCountsAreRefused() {
        assertThat(Proportion.wilson95(0.036, 2000)).isEqualTo(Proportion.wilson95(72, 2000));
        assertThat(Proportion.wilson95(2000, 2000).high()).isEqualTo(1);
        assertThatThrownBy(() -> Proportion.wilson95(3, 2)).isInstanceOf(InvalidInputException.class).hasMessageContaining("successes");
        assertThatThrownBy(() -> Proportion.wilson95(0, 0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("trials");
    }

    @Property(tries = 300)
    void wilson95_holdsTheShare_insideZeroToOne_andNarrowsWithMoreTrials(@ForAll @IntRange(min = 0, max = 1000) int successes,
                                                                         @ForAll @IntRange(min = 1, max = 1000) int extra) {
        int n = successes + extra;
        Proportion p = Proportion.wilson95(successes, n);
        assertThat(p.low()).isBetween(0.0, p.share());
        assertThat(p.high()).isBetween(p.share(), 1.0);
        Proportion four = Proportion.wilson95(4L * successes, 4L * n);
        assertThat(four.high() - four.low()).as("four times the paths, same share").isLessThan(p.high() - p.low());
    }

    private static void assertInterval(Proportion p, double low, double high) {
        assertThat(p.low()).isCloseTo(low, offset(0.00005));
        assertThat(p.high()).isCloseTo(high, offset(0.00005));
    }
}
