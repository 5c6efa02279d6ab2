package io.perpguard.data.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each venue's own tier response (docs examples in test resources) read with its unit traps. */
class VenueTierFormatsTest {

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = VenueTierFormatsTest.class.getResourceAsStream("/venues/" + name)) {
            return JsonInput.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void test_binanceCoinm_bracketsAreCoinQuantities_qtylFloorSpelling() throws IOException {
        Map<String, RiskTiers> t = VenueTierFormats.read(resource("binance-coinm-leverage-bracket.json"), Exchange.BINANCE_COINM, "f");
        LeverageBracket b = t.get("BTCUSD_PERP").brackets().get(0);
        assertThat(b.notionalCap()).isEqualTo(50); // 50 BTC, not USD
        assertThat(b.maintenanceMarginRate()).isEqualTo(0.004);
        assertThat(b.maxLeverage()).isEqualTo(125);
    }

    @Test
    void test_bybitInverse_percentRatesBecomeFractions() throws IOException {
        LeverageBracket b = VenueTierFormats.read(resource("bybit-risk-limit-inverse-btcusd.json"), Exchange.BYBIT, "f").get("BTCUSD").brackets().get(0);
        assertThat(b.maintenanceMarginRate()).isEqualTo(0.005); // "0.5" is 0.5 %
        assertThat(b.notionalCap()).isEqualTo(150);             // riskLimitValue in BTC
        assertThat(b.maintenanceAmount()).isZero();             // mmDeduction "" → 0
    }

    @Test
    void test_bybitLegacyV2Inverse_percentAcrossTiers_andV3LinearFractions() throws IOException {
        RiskTiers eth = VenueTierFormats.read(resource("bybit-v2-risk-limit-ethusd.json"), Exchange.BYBIT, "f").get("ETHUSD");
        assertThat(eth.brackets()).extracting(LeverageBracket::maintenanceMarginRate).containsExactly(0.005, 0.055);
        assertThat(eth.brackets().get(1).notionalFloor()).isEqualTo(500);
        RiskTiers btc = VenueTierFormats.read(resource("bybit-v3-risk-limit-btcusdt.json"), Exchange.BYBIT_UTA, "f").get("BTCUSDT");
        assertThat(btc.brackets().get(0).maintenanceMarginRate()).isEqualTo(0.005); // "0.005" is already a fraction
        assertThat(btc.brackets().get(0).notionalCap()).isEqualTo(2_000_000);
    }

    @Test
    void test_okx_sizesInContracts_floorIsPreviousCap() throws IOException {
        RiskTiers eth = VenueTierFormats.read(resource("okx-position-tiers-eth-usdt-swap.json"), Exchange.OKX, "f").get("ETH-USDT-SWAP");
        assertThat(eth.brackets()).extracting(LeverageBracket::notionalCap).containsExactly(2000.0, 4000.0, 8000.0);
        assertThat(eth.brackets()).extracting(LeverageBracket::maintenanceMarginRate).containsExactly(0.01, 0.015, 0.02);
        assertThat(eth.brackets()).extracting(LeverageBracket::maintenanceAmount).containsOnly(0.0);
        assertThat(eth.brackets().get(2).notionalFloor()).isEqualTo(4000);
    }

    @Test
    void test_xt_noCumulativeAmount() throws IOException {
        LeverageBracket b = VenueTierFormats.read(resource("xt-leverage-bracket-btc-usdt.json"), Exchange.XT, "f").get("BTC_USDT").brackets().get(0);
        assertThat(b.notionalCap()).isEqualTo(500_000);
        assertThat(b.maintenanceMarginRate()).isEqualTo(0.004);
        assertThat(b.maintenanceAmount()).isZero();
        assertThat(b.maxLeverage()).isEqualTo(125);
    }

    @Test
    void test_anotherVenuesFile_isRefusedInOneLine() throws IOException {
        assertThatThrownBy(() -> VenueTierFormats.read(resource("okx-position-tiers-eth-usdt-swap.json"), Exchange.BYBIT, "okx.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tiers: okx.json is an OKX position-tiers response, not a Bybit table; use --exchange okx or a Bybit tier file");
        assertThatThrownBy(() -> VenueTierFormats.read(resource("binance-coinm-leverage-bracket.json"), Exchange.BINANCE, "f"))
                .hasMessageContaining("use --exchange binance-coinm");
        // the article is the venue's as read aloud: "a OKX table" and "a XT.com tier file" were printed
        assertThatThrownBy(() -> VenueTierFormats.read(resource("bybit-risk-limit-inverse-btcusd.json"), Exchange.OKX, "bybit.json"))
                .hasMessage("tiers: bybit.json is a Bybit risk-limit response, not an OKX table; use --exchange bybit or an OKX tier file");
        assertThatThrownBy(() -> VenueTierFormats.read(resource("okx-position-tiers-eth-usdt-swap.json"), Exchange.XT, "f"))
                .hasMessageEndingWith("not an XT.com table; use --exchange okx or an XT.com tier file");
        assertThatThrownBy(() -> VenueTierFormats.read(JsonInput.parse("x", "{\"foo\": 1}"), Exchange.XT, "f"))
                .hasMessageContaining("is not a tier table perpguard knows");
    }

    @Test
    void test_bybitUnits_thatMatchNeitherReading_areRefused() {
        JsonNode odd = JsonInput.parse("x", "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"riskLimitValue\":\"1\","
                + "\"maintenanceMargin\":\"0.5\",\"initialMargin\":\"3\",\"maxLeverage\":\"100\"}]}}");
        assertThatThrownBy(() -> VenueTierFormats.read(odd, Exchange.BYBIT, "f")).hasMessageContaining("cannot tell the rate units");
    }

    @Test
    void test_venueInstruments_fileOverBundledContracts_andMissingTableNamesTheFix(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("okx.json");
        Files.writeString(f, resource("okx-position-tiers-eth-usdt-swap.json").toString());
        Instruments ins = VenueInstruments.load(new VenueInstruments.Source(Exchange.OKX, f, null, null, null));
        Instrument eth = ins.get("eth-usdt-swap");
        assertThat(eth.contract().contractSize()).isEqualTo(0.1);
        assertThat(eth.contract().type()).isEqualTo(ContractType.LINEAR);
        assertThat(eth.convention().exchange()).isEqualTo(Exchange.OKX);
        assertThatThrownBy(() -> ins.get("BTC-USDT-SWAP")).hasMessageContaining("no OKX tier table for BTC-USDT-SWAP yet")
                .hasMessageContaining("tiers download --exchange okx");
    }

    @Test
    void test_savedDownload_isFoundInTheDataDirectory(@TempDir Path dir) throws IOException {
        Path saved = VenueInstruments.savedTable(dir, Exchange.XT);
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, "{\"perpguardTiers\": 1, \"exchange\": \"xt\", \"fetchedAt\": \"2026-11-30T12:00:00Z\", \"responses\": ["
                + resource("xt-leverage-bracket-btc-usdt.json") + "]}");
        Instruments ins = VenueInstruments.load(new VenueInstruments.Source(Exchange.XT, null, dir, null, null));
        assertThat(ins.get("btc_usdt").tiers().brackets().get(0).notionalCap()).isEqualTo(500_000);
        assertThatThrownBy(() -> VenueInstruments.load(new VenueInstruments.Source(Exchange.OKX, saved, null, null, null)))
                .hasMessageContaining("holds XT.com tiers, not OKX's");
    }
}
