package io.perpguard.live;

import io.perpguard.instrument.Instruments;
import io.perpguard.venue.Conventions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveInstrumentsTest {
    @Test
    void aBybitAccountIsPricedByBybitsUnifiedAccountConvention_withItsTiersLabelledEstimates() {
        Instruments bybit = LiveInstruments.of("bybit", Map.of());
        assertThat(bybit.get("ETHUSDT").convention()).isEqualTo(Conventions.BYBIT_UTA_LINEAR);
        assertThat(LiveInstruments.note("bybit", Map.of())).contains("Bybit unified account's rules").contains("tiers are ESTIMATES");
    }

    @Test
    void aBinanceSymbolPerpguardDoesNotBundle_takesTheVenuesTickAndStep_aBundledOneKeepsItsOwn() {
        java.util.List<io.perpguard.instrument.LeverageBracket> sol = io.perpguard.data.instrument.TierTables.bundled().get("SOLUSDT").tiers().brackets();
        io.perpguard.instrument.Contract doge = new io.perpguard.instrument.Contract("DOGEUSDT", 0.00001, 1, 1, 5, 0.0005, 0.0002, 8, 0.015);
        io.perpguard.instrument.Contract btc = new io.perpguard.instrument.Contract("BTCUSDT", 1, 1, 1, 5, 0.0005, 0.0002, 8, 0.015);
        Instruments live = LiveInstruments.of("binance", Map.of("DOGEUSDT", new io.perpguard.instrument.RiskTiers("DOGEUSDT", sol),
                "ETHUSDC", new io.perpguard.instrument.RiskTiers("ETHUSDC", sol)),
                Map.of("DOGEUSDT", doge, "BTCUSDT", btc));
        assertThat(live.get("DOGEUSDT").contract().priceDecimals()).isEqualTo(5);
        assertThat(live.get("DOGEUSDT").contract().stepSize()).isEqualTo(1);
        assertThat(live.get("BTCUSDT").contract().tickSize()).as("bundled: its own").isEqualTo(0.1);
        assertThat(live.get("ETHUSDC").contract()).as("no venue rules: the default contract")
                .isEqualTo(io.perpguard.data.instrument.TierTables.defaultContract("ETHUSDC"));
    }

    @Test
    void aBinanceAccountKeepsBinanceRules_andNoNote() {
        assertThat(LiveInstruments.of("binance", Map.of()).get("ETHUSDT").convention()).isEqualTo(Conventions.BINANCE_USDM);
        assertThat(LiveInstruments.note("binance", Map.of())).isNull();
    }
}
