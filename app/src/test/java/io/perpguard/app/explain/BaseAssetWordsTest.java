package io.perpguard.app.explain;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.sizing.SizingCheck;
import io.perpguard.sizing.SizingInput;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base asset a sentence counts in, read from the symbol in each venue's spelling: XT's {@code BTC_USDT} was
 * "2,128.77 USDT lost per BTC_", OKX's {@code BTC-USDT-SWAP} "lost per unit".
 */
class BaseAssetWordsTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "none", value = {
            "BTCUSDT, BTC", "ETHUSDC, ETH", "1000PEPEUSDT, 1000PEPE", "BTC_USDT, BTC", "ETH_USDT, ETH", "BTC-USDT-SWAP, BTC",
            "SOL-USDT-SWAP, SOL", "USDT, none", "_USDT, none", "BTCUSD_PERP, none", "BTC-USD-SWAP, none"})
    void test_baseAsset_ofEachVenuesSpelling(String symbol, String base) {
        assertThat(Words.baseAsset(symbol)).isEqualTo(base);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"XT, btc_usdt", "OKX, BTC-USDT-SWAP", "BYBIT, BTCUSDT"})
    void test_sizeSentence_countsPerBtc_onEveryLinearVenue(Exchange exchange, String symbol) {
        var instruments = VenueInstruments.load(new VenueInstruments.Source(exchange, null, null, 0.005, 0.0));
        var r = RiskBasedSizer.size(SizingInput.riskPct(10_000, 2, 60_000, 58_000, 15), instruments.get(symbol));
        SizingCheck size = r.checks().stream().filter(c -> c.id().equals("size")).findFirst().orElseThrow();
        assertThat(SizingText.message(size)).contains(" USDT lost per BTC at the stop");
    }
}
