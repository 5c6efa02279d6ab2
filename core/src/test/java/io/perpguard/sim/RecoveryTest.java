package io.perpguard.sim;

import io.perpguard.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RecoveryTest {
    @Test
    void test_table_halfNeedsDoubleAndThreeQuartersNeedsFourfold_exactly() {
        // (1 − 0.5) × 2 = 1 → +100 %; (1 − 0.75) × 4 = 1 → +300 %; (1 − 0.9) × 10 = 1 → +900 %
        assertThat(Recovery.table(50, 75, 90)).containsExactly(
                new Recovery.Row(50, 100), new Recovery.Row(75, 300), new Recovery.Row(90, 900));
    }

    @Test
    void test_table_default_isTheFiveUsualDrawdowns() {
        assertThat(Recovery.table(Recovery.defaultDrawdownsPct())).extracting(Recovery.Row::drawdownPct)
                .containsExactly(10.0, 25.0, 50.0, 75.0, 90.0);
        assertThat(Recovery.table(10).get(0).requiredGainPct()).isCloseTo(100.0 / 9, within(1e-12));
    }

    @Test
    void test_table_nearATotalLoss_isExactOnTheTypedDecimal() {
        // 100 − 99.9999999 in binary is 1.00000001e-7: the gain came out as 100,000,005,836.82 % instead of 99,999,999,900 %
        assertThat(Recovery.table(99.9999999).get(0).requiredGainPct()).isEqualTo(99_999_999_900.0);
        assertThat(Recovery.table(99.99).get(0).requiredGainPct()).isEqualTo(999_900.0);
    }

    @Test
    void test_requiredGain_totalLoss_isRefused() {
        assertThatThrownBy(() -> Recovery.requiredGain(1)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("drawdown:");
        assertThatThrownBy(() -> Recovery.table(100)).hasMessageStartingWith("drawdowns:").hasMessageContaining("100");
        assertThatThrownBy(() -> Recovery.table(-5)).hasMessageStartingWith("drawdowns:");
    }

    @Property
    void requiredGain_restoresThePeak(@ForAll @DoubleRange(min = 0, max = 0.999) @Scale(6) double d) {
        assertThat((1 - d) * (1 + Recovery.requiredGain(d))).isCloseTo(1, within(1e-9));
        assertThat(Recovery.requiredGain(d)).isCloseTo(1 / (1 - d) - 1, within(1e-9 / (1 - d)));
    }
}
