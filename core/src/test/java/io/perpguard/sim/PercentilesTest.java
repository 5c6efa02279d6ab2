package io.perpguard.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {
    @Test
    void test_of_interpolatesBetweenOrderStatistics_likeNumpyDefault() {
        double[] x = {4, 1, 3, 2, 5};
        assertThat(Percentiles.of(x, 0.5)).isEqualTo(3);
        assertThat(Percentiles.of(x, 0)).isEqualTo(1);
        assertThat(Percentiles.of(x, 1)).isEqualTo(5);
        // h = 4 × 0.3 = 1.2 → 2 + 0.2 × (3 − 2)
        assertThat(Percentiles.of(x, 0.3)).isEqualTo(2.2);
        assertThat(x).containsExactly(4, 1, 3, 2, 5);
    }
}
