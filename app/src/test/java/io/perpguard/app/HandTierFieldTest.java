package io.perpguard.app;

import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A hand tier's maintenance amount is blamed once, in the bodies' words ({@code mmAmount}): each front end spells the
 * field its own way from that key (the CLI's table says {@code mm-amount}). The use cases said {@code mm-amount}, and the
 * desk rewrote its message text to the body's field.
 */
class HandTierFieldTest {
    private static Instruments oneTier(double mmr, double mmAmount) {
        return VenueInstruments.load(new VenueInstruments.Source(null, null, null, mmr, mmAmount));
    }

    @Test
    void anAmountTheSizeDoesNotCover_isBlamedOnMmAmount() {
        // 0.01 BTC at 60,000: 600 notional × 0.5 % = 3 USDT of maintenance, less an amount of 100
        InvalidInputException e = catchThrowableOfType(() -> CalcUseCase.run(new CalcUseCase.Request("BTCUSDT", Side.LONG, 60_000, 0.01, null,
                20, MarginMode.ISOLATED, null, null, 0), oneTier(0.005, 100)), InvalidInputException.class);
        assertThat(e.field()).isEqualTo("mmAmount");
        assertThat(e.getMessage()).startsWith("mmAmount: 100 is more than the maintenance margin");
        assertThat(e.problem()).startsWith("100 is more than the maintenance margin");
    }

    @Test
    void aNegativeAmount_isBlamedOnMmAmount() {
        InvalidInputException e = catchThrowableOfType(() -> oneTier(0.005, -1), InvalidInputException.class);
        assertThat(e.field()).isEqualTo("mmAmount");
        assertThat(e.getMessage()).isEqualTo("mmAmount: " + e.problem());
    }
}
