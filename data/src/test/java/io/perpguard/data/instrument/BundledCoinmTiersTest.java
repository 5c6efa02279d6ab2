package io.perpguard.data.instrument;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The bundled Binance COIN-M BTCUSD_PERP brackets (data/tiers/binance-coinm.json, provenance beside it) are the
 * default for that symbol and reproduce what Binance's COIN-M FAQ prints. Expected values are the FAQ's own figures.
 */
class BundledCoinmTiersTest {

    private static Instruments coinm() {
        return VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE_COINM, null, null, null, null));
    }

    @Test
    void test_btcusdPerp_hasTheBundledTable_byDefault() {
        Instrument btc = coinm().get("BTCUSD_PERP");
        RiskTiers t = btc.tiers();
        assertThat(t.brackets()).hasSize(10);
        assertThat(t.brackets()).extracting(LeverageBracket::notionalFloor).containsExactly(0.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 400.0, 1000.0, 1500.0);
        assertThat(t.brackets()).extracting(LeverageBracket::maintenanceMarginRate)
                .containsExactly(0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5);
        assertThat(t.brackets()).extracting(LeverageBracket::maxLeverage).containsExactly(125.0, 100.0, 50.0, 20.0, 10.0, 5.0, 4.0, 3.0, 2.0, 1.0);
        assertThat(btc.contract().contractSize()).isEqualTo(100);
        assertThat(btc.contract().type()).isEqualTo(ContractType.INVERSE);
    }

    @Test
    void test_faq_300Btc_isMmr12_5pct_andMaintenanceAmount11_605Btc() {
        // Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts": "if the BTCUSD contract position
        // is 300 BTC, the Maintenance Margin Rate would be 12.5%" … "the Maintenance Amount would be 11.605 BTC"
        LeverageBracket b = coinm().get("BTCUSD_PERP").tiers().bracketFor(300);
        assertThat(b.maintenanceMarginRate()).isEqualTo(0.125);
        assertThat(b.maintenanceAmount()).isCloseTo(11.605, within(1e-12));
        // MM = notional × MMR − amount = 300 × 12.5 % − 11.605 = 25.895 BTC
        assertThat(b.maintenanceMargin(300)).isCloseTo(25.895, within(1e-9));
    }

    @Test
    void test_faq_level1Example_100Contracts_at25000_mm0_0016Btc_fromTheTable() {
        // same FAQ: 100 contracts of 100 USD, mark 25,000 → notional 0.4 BTC, level 1, MM = 0.4 × 0.4 % − 0 = 0.0016 BTC
        Instrument btc = coinm().get("BTCUSD_PERP");
        Position p = new Position("BTCUSD_PERP", Side.LONG, btc.contract().qtyOfContracts(100), 25_000, 20, MarginMode.ISOLATED,
                PositionSide.BOTH, 0, 25_000, ContractType.INVERSE);
        PositionReport r = MarginCalculator.evaluate(p, btc, 0);
        assertThat(r.notional()).isCloseTo(0.4, within(1e-12));
        assertThat(r.maintenanceMargin()).isCloseTo(0.0016, within(1e-12));
        assertThat(r.tier()).isEqualTo(1);
    }

    @Test
    void test_maintenanceMargin_isContinuousAtEveryBoundary() {
        RiskTiers t = coinm().get("BTCUSD_PERP").tiers();
        for (int i = 1; i < t.brackets().size(); i++) {
            LeverageBracket below = t.brackets().get(i - 1);
            LeverageBracket above = t.brackets().get(i);
            double at = above.notionalFloor();
            assertThat(above.maintenanceMargin(at)).as("boundary %s BTC", at).isCloseTo(below.maintenanceMargin(at), within(1e-9));
        }
    }

    @Test
    void test_downloadedTable_andOneTierByHand_replaceTheBundledOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
        java.nio.file.Path saved = VenueInstruments.savedTable(home, Exchange.BINANCE_COINM);
        java.nio.file.Files.createDirectories(saved.getParent());
        java.nio.file.Files.writeString(saved, "[{\"symbol\":\"BTCUSD_PERP\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,\"qtyCap\":50,"
                + "\"qtyFloor\":0,\"maintMarginRatio\":0.0045,\"cum\":0}]}]");
        RiskTiers downloaded = VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE_COINM, null, home, null, null))
                .get("BTCUSD_PERP").tiers();
        assertThat(downloaded.brackets()).hasSize(1);
        assertThat(downloaded.brackets().get(0).maintenanceMarginRate()).isEqualTo(0.0045);
        RiskTiers byHand = VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE_COINM, null, null, 0.006, null))
                .get("BTCUSD_PERP").tiers();
        assertThat(byHand.brackets()).hasSize(1);
        assertThat(byHand.brackets().get(0).maintenanceMarginRate()).isEqualTo(0.006);
    }

    @Test
    void test_ethusdPerp_hasNoBundledTable_andSaysHowToGetOne() {
        Instruments i = coinm();
        assertThat(i.contains("ETHUSD_PERP")).isFalse();
        assertThat(i.withoutTables().get("ETHUSD_PERP")).contains("tiers download --exchange binance-coinm");
    }

    @Test
    void test_coinmResponse_withInconsistentCum_isRefused_inCoinUnits() {
        // bracket 2's cum must be 5 × (0.005 − 0.004) = 0.005 BTC; 0.0051 is off by 0.0001 BTC (USDⓈ-M's cent tolerance would pass it)
        String json = "[{\"symbol\":\"BTCUSD_PERP\",\"brackets\":["
                + "{\"bracket\":1,\"initialLeverage\":125,\"qtyCap\":5,\"qtyFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0.0},"
                + "{\"bracket\":2,\"initialLeverage\":100,\"qtyCap\":10,\"qtyFloor\":5,\"maintMarginRatio\":0.005,\"cum\":0.0051}]}]";
        assertThatThrownBy(() -> VenueTierFormats.read(JsonInput.parse("t", json), Exchange.BINANCE_COINM, "f.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("brackets[1].cum").hasMessageContaining("0.005");
        assertThat(VenueTierFormats.read(JsonInput.parse("t", json.replace("0.0051", "0.005")), Exchange.BINANCE_COINM, "f"))
                .containsKey("BTCUSD_PERP");
    }

    @Test
    void test_coinmResponse_withoutCum_getsItFromTheRule() {
        String json = "[{\"symbol\":\"BTCUSD_PERP\",\"brackets\":["
                + "{\"bracket\":1,\"initialLeverage\":125,\"qtyCap\":5,\"qtyFloor\":0,\"maintMarginRatio\":0.004},"
                + "{\"bracket\":2,\"initialLeverage\":100,\"qtyCap\":10,\"qtyFloor\":5,\"maintMarginRatio\":0.005}]}]";
        RiskTiers t = VenueTierFormats.read(JsonInput.parse("t", json), Exchange.BINANCE_COINM, "f").get("BTCUSD_PERP");
        assertThat(t.brackets().get(1).maintenanceAmount()).isCloseTo(0.005, within(1e-15));
    }
}
