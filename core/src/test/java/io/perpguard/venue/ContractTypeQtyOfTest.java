package io.perpguard.venue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@link ContractType#qtyOf} is {@link ContractType#notional} solved for the quantity (the simulation's sizes use it). */
class ContractTypeQtyOfTest {
    @Test
    void qtyOf_linearIsBaseUnits_inverseIsUsdFace() {
        // 30,000 USDT at 60,000 is 0.5 BTC; 0.5 BTC of a coin-margined contract at 60,000 is 30,000 USD of face
        assertThat(ContractType.LINEAR.qtyOf(30_000, 60_000)).isEqualTo(0.5);
        assertThat(ContractType.INVERSE.qtyOf(0.5, 60_000)).isEqualTo(30_000);
    }

    @Property(tries = 300)
    void notionalOfQtyOf_isTheNotional(@ForAll @DoubleRange(min = 1e-6, max = 1e9) @Scale(6) double notional,
                                       @ForAll @DoubleRange(min = 1e-4, max = 1e7) @Scale(6) double price) {
        for (ContractType t : ContractType.values()) {
            assertThat(t.notional(t.qtyOf(notional, price), price)).as(t.label()).isCloseTo(notional, within(notional * 1e-15));
        }
    }
}
