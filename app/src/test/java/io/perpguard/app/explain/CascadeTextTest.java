package io.perpguard.app.explain;

import io.perpguard.cascade.Amplification;
import io.perpguard.cascade.Behaviour;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CascadeTextTest {
    private static final Behaviour B = Behaviour.defaults();

    private static Amplification spiral(double panicPp, double panicUsd) {
        return new Amplification(Amplification.Code.INDEX_SPIRAL, 4.0, 2.0, 0.0, panicPp, panicUsd, 2.0 - panicPp, 1.2e9, 3.0, 0.2, 0.0);
    }

    @Test
    void test_mechanism_panicThatMovedNothingVisible_isNotNamed() {
        String line = CascadeText.mechanism(spiral(0.001, 0.3e6), B);

        assertThat(line).doesNotContain("panic");
    }

    @Test
    void test_mechanism_smallPanic_showsItsDollarsToOneDecimal() {
        String line = CascadeText.mechanism(spiral(0.05, 4.2e6), B);

        assertThat(line).contains("set off panic selling: holders off the ladder sold $4.2M")
                .contains("0.05 pp panic selling");
    }

    @Test
    void test_mechanism_largePanic_showsWholeMillions() {
        String line = CascadeText.mechanism(spiral(0.85, 284.4e6), B);

        assertThat(line).contains("sold $284M").contains("0.85 pp panic selling");
    }
}
