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
    void aBinanceAccountKeepsBinanceRules_andNoNote() {
        assertThat(LiveInstruments.of("binance", Map.of()).get("ETHUSDT").convention()).isEqualTo(Conventions.BINANCE_USDM);
        assertThat(LiveInstruments.note("binance", Map.of())).isNull();
    }
}
