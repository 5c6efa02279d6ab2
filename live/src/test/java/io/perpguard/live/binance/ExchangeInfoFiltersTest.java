package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.instrument.Contract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * exchangeInfo's filters are read in one place for both Binance futures APIs ({@code BinanceFuturesConnector.Filters}):
 * USDⓈ-M's and COIN-M's contracts take their tick, step, minimum quantity and (USDⓈ-M) minimum notional from it, each
 * with its own API's default where a filter is missing.
 */
class ExchangeInfoFiltersTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void bothApisReadTheirFiltersThroughTheOneReader() throws Exception {
        // Binance's exchangeInfo shapes: numbers as strings, filters in any order, unknown filters ignored
        JsonNode doge = json("{'symbol':'DOGEUSDT','marginAsset':'USDT','liquidationFee':'0.010000','filters':["
                + "{'filterType':'MARKET_LOT_SIZE','stepSize':'1','minQty':'1','maxQty':'30000000'},"
                + "{'filterType':'MIN_NOTIONAL','notional':'5'},"
                + "{'filterType':'PRICE_FILTER','tickSize':'0.000010','minPrice':'0.002440','maxPrice':'30'},"
                + "{'filterType':'LOT_SIZE','stepSize':'1','minQty':'1','maxQty':'50000000'}]}");
        BinanceFuturesConnector.Filters f = BinanceFuturesConnector.Filters.of(doge);
        assertThat(f.tick()).isEqualTo(0.00001);
        assertThat(f.step()).isEqualTo(1);
        assertThat(f.minQty()).isEqualTo(1);
        assertThat(f.minNotional()).isEqualTo(5);
        Contract usdm = BinanceUsdmConnector.contract(doge);
        assertThat(usdm.tickSize()).isEqualTo(f.tick());
        assertThat(usdm.stepSize()).isEqualTo(f.step());
        assertThat(usdm.minNotional()).isEqualTo(5);
        assertThat(usdm.priceDecimals()).isEqualTo(5);

        // COIN-M: LOT_SIZE in contracts of the 100 USD face, no MIN_NOTIONAL
        JsonNode btc = json("{'symbol':'BTCUSD_PERP','contractSize':100,'marginAsset':'BTC','filters':["
                + "{'filterType':'PRICE_FILTER','tickSize':'0.1','minPrice':'1000','maxPrice':'4520958'},"
                + "{'filterType':'LOT_SIZE','stepSize':'1','minQty':'1','maxQty':'1000000'}]}");
        BinanceFuturesConnector.Filters g = BinanceFuturesConnector.Filters.of(btc);
        assertThat(g.tick()).isEqualTo(0.1);
        assertThat(g.minNotional()).as("not listed").isNaN();
        Contract coinm = BinanceCoinmConnector.contract(btc);
        assertThat(coinm.tickSize()).isEqualTo(0.1);
        assertThat(coinm.stepSize()).as("1 contract × 100 USD").isCloseTo(100, within(1e-9));
        assertThat(coinm.minQty()).isCloseTo(100, within(1e-9));
    }

    @Test
    void aMissingFilterIsNaN_andEachApiKeepsItsOwnDefault() throws Exception {
        BinanceFuturesConnector.Filters none = BinanceFuturesConnector.Filters.of(json("{'symbol':'X','filters':[]}"));
        assertThat(new double[]{none.tick(), none.step(), none.minQty(), none.minNotional()}).containsOnly(Double.NaN);
        // COIN-M without LOT_SIZE: one contract (10 USD); USDⓈ-M without MIN_NOTIONAL: no minimum
        JsonNode eth = json("{'symbol':'ETHUSD_PERP','contractSize':10,'marginAsset':'ETH','filters':[{'filterType':'PRICE_FILTER','tickSize':'0.01'}]}");
        assertThat(BinanceCoinmConnector.contract(eth).minQty()).isCloseTo(10, within(1e-9));
        assertThat(BinanceCoinmConnector.contract(eth).stepSize()).isCloseTo(10, within(1e-9));
        JsonNode usdm = json("{'symbol':'NEWUSDT','marginAsset':'USDT','filters':[{'filterType':'PRICE_FILTER','tickSize':'0.001'},"
                + "{'filterType':'LOT_SIZE','stepSize':'0.1','minQty':'0.1'}]}");
        assertThat(BinanceUsdmConnector.contract(usdm).minNotional()).isZero();
        assertThat(BinanceUsdmConnector.contract(usdm).stepSize()).isEqualTo(0.1);
    }
}
