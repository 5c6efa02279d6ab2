package io.perpguard.venue;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The step each venue sets leverage in (Binance fapi/dapi POST leverage: INT; XT adjust-leverage: integer; Bybit
 * leverageStep 0.01; OKX: a decimal string, no step), and the one-line refusal of a leverage off it.
 */
class LeverageStepTest {

    @Test
    void test_leverageStep_perVenue() {
        assertThat(Conventions.BINANCE_USDM.leverageStep()).isEqualTo(1);
        assertThat(Conventions.BINANCE_COINM.leverageStep()).isEqualTo(1);
        assertThat(Conventions.XT_LINEAR.leverageStep()).isEqualTo(1);
        assertThat(Conventions.XT_INVERSE.leverageStep()).isEqualTo(1);
        for (MarginConvention c : new MarginConvention[]{Conventions.BYBIT_LINEAR, Conventions.BYBIT_INVERSE, Conventions.BYBIT_UTA_LINEAR,
                Conventions.BYBIT_UTA_INVERSE}) {
            assertThat(c.leverageStep()).as(c.id().name()).isEqualTo(0.01);
        }
        assertThat(Conventions.OKX_LINEAR.leverageStep()).isZero();
        assertThat(Conventions.OKX_INVERSE.leverageStep()).isZero();
    }

    @Test
    void test_onLeverageStep_wholeHundredthsAndAny() {
        assertThat(Conventions.BINANCE_USDM.onLeverageStep(10)).isTrue();
        assertThat(Conventions.BINANCE_USDM.onLeverageStep(10.5)).isFalse();
        assertThat(Conventions.XT_LINEAR.onLeverageStep(20.01)).isFalse();
        // 10.55 / 0.01 is 1055.0000000000002 in doubles: still a multiple of the step
        assertThat(Conventions.BYBIT_LINEAR.onLeverageStep(10.55)).isTrue();
        assertThat(Conventions.BYBIT_LINEAR.onLeverageStep(0.29 * 100)).isTrue();
        assertThat(Conventions.BYBIT_LINEAR.onLeverageStep(10.555)).isFalse();
        assertThat(Conventions.OKX_LINEAR.onLeverageStep(10.555)).isTrue();
    }

    @Test
    void test_requireLeverageStep_namesFieldVenueAndWhatItTakes() {
        Instrument binance = VenueFixtures.instrument(Conventions.BINANCE_USDM, VenueFixtures.oneTier("BTCUSDT", 0.004, 0, 125), 0.0005);
        assertThat(binance.requireLeverageStep("leverage", 10)).isEqualTo(10);
        assertThatThrownBy(() -> binance.requireLeverageStep("leverage", 10.5)).isInstanceOf(InvalidInputException.class)
                .hasMessage("leverage: 10.5x is not a leverage Binance USDⓈ-M sets: BTCUSDT takes whole numbers 1–125x");
        Instrument xt = VenueFixtures.instrument(Conventions.XT_LINEAR, VenueFixtures.oneTier("btc_usdt", 0.004, 0, 200), 0.0006);
        assertThatThrownBy(() -> xt.requireLeverageStep("positions[0].leverage", 12.25))
                .hasMessage("positions[0].leverage: 12.25x is not a leverage XT.com sets: btc_usdt takes whole numbers 1–200x");
        Instrument bybit = VenueFixtures.instrument(Conventions.BYBIT_LINEAR, VenueFixtures.oneTier("BTCUSDT", 0.005, 0, 100), 0.00055);
        assertThat(bybit.requireLeverageStep("leverage", 10.55)).isEqualTo(10.55);
        assertThatThrownBy(() -> bybit.requireLeverageStep("leverage", 10.555))
                .hasMessage("leverage: 10.555x is not a leverage Bybit sets: BTCUSDT takes 1–100x in steps of 0.01");
        Instrument okx = VenueFixtures.instrument(Conventions.OKX_LINEAR, VenueFixtures.oneTier("BTC-USDT-SWAP", 0.004, 0, 100), 0.0005);
        assertThat(okx.requireLeverageStep("leverage", 10.555)).isEqualTo(10.555);
        // below 1 is the range checks' to name ("outside the allowed range"), not the step's
        assertThat(binance.requireLeverageStep("leverage", 0.5)).isEqualTo(0.5);
    }
}
