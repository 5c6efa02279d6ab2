package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.store.Database;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/portfolio} with an account on two exchanges that both list BTCUSDT: each sub-account's position is
 * priced by its own venue's instruments and convention (Binance's bundled tiers; Bybit's table as `tiers download`
 * saves it), so the same 10x long gets each venue's liquidation price, as {@code calc} gives it on that venue.
 */
class DeskPortfolioVenuesTest {
    static final String BYBIT_TIERS = "{\"retCode\":0,\"result\":{\"category\":\"linear\",\"list\":[{\"id\":1,\"symbol\":\"BTCUSDT\","
            + "\"riskLimitValue\":\"2000000\",\"maintenanceMargin\":\"0.02\",\"initialMargin\":\"0.04\",\"isLowestRisk\":1,"
            + "\"maxLeverage\":\"25\",\"mmDeduction\":\"0\"}]}}";
    static final String TWO_VENUES = """
            {"account": {"exchange": "binance", "walletBalance": 0, "positions": [],
              "subAccounts": [
                {"name": "bin", "exchange": "binance", "walletBalance": 20000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 1, "entryPrice": 60000, "leverage": 10, "markPrice": 59000}]},
                {"name": "byb", "exchange": "bybit", "walletBalance": 20000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 1, "entryPrice": 60000, "leverage": 10, "markPrice": 59000}]}]},
             "returns": false}""";

    static double calc(Instruments inst) {
        Position p = new Position("BTCUSDT", Side.LONG, 1, 60000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 59000);
        return MarginCalculator.evaluate(new Account(20000, List.of(p)), inst).positions().get(0).liquidationPrice();
    }

    static JsonNode sub(JsonNode portfolio, String name) {
        for (JsonNode s : portfolio.get("subAccounts")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sub-account " + name + " in " + portfolio.get("subAccounts"));
    }

    @Test
    void twoVenueAccount_eachPositionPricedByItsOwnVenue(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("tiers"));
        Files.writeString(home.resolve("tiers/bybit.json"), BYBIT_TIERS);
        String before = System.getProperty(Database.HOME_PROPERTY);
        System.setProperty(Database.HOME_PROPERTY, home.toString());
        try (TestDesk desk = TestDesk.inMemory()) {
            TestDesk.Response r = desk.post("/api/portfolio", TWO_VENUES);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode positions = r.json().get("positions");
            assertThat(positions).hasSize(2);
            double binance = calc(VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE, null, home, null, null)));
            double bybit = calc(VenueInstruments.load(new VenueInstruments.Source(Exchange.BYBIT, null, home, null, null)));
            assertThat(binance).isNotEqualTo(bybit);   // Binance: 0.4 % tier at the liquidation price; Bybit: 2 % at entry value
            assertThat(positions.get(0).get("subAccount").asText()).isEqualTo("bin");
            assertThat(positions.get(0).get("liquidationPrice").asDouble()).isEqualTo(binance);
            assertThat(positions.get(1).get("subAccount").asText()).isEqualTo("byb");
            assertThat(positions.get(1).get("liquidationPrice").asDouble()).isEqualTo(bybit);
            // the stress scenarios and the liquidating move price each sub-account by its venue too: Bybit's higher
            // maintenance margin leaves it nearer to liquidation
            assertThat(sub(r.json(), "byb").get("maintenanceMargin").asDouble()).isGreaterThan(sub(r.json(), "bin").get("maintenanceMargin").asDouble());
        } finally {
            if (before == null) {
                System.clearProperty(Database.HOME_PROPERTY);
            } else {
                System.setProperty(Database.HOME_PROPERTY, before);
            }
        }
    }

    /** A USDⓈ-M sub-account and a COIN-M one on ETHUSD_PERP (no table ships): 100 contracts of 10 USD at 3,000 on 1 ETH. */
    static final String USDM_AND_COINM = """
            {"account": {"exchange": "binance", "walletBalance": 10000, "positions": [
                {"symbol": "BTCUSDT", "side": "long", "qty": 0.1, "entryPrice": 60000, "leverage": 10, "markPrice": 60000}],
              "subAccounts": [
                {"name": "cm", "exchange": "binance-coinm", "walletBalance": 1, "positions": [
                  {"symbol": "ETHUSD_PERP", "side": "long", "contracts": 100, "entryPrice": 3000, "leverage": 10, "markPrice": 3000}]}]},
             "returns": false%s}""";

    @Test
    void coinMarginedSubAccount_oneUsdView_withOneTierWhereNoTableShips() {
        try (TestDesk desk = TestDesk.inMemory()) {
            // no ETHUSD_PERP table: the one-line refusal, naming the contract
            TestDesk.Response refused = desk.post("/api/portfolio", USDM_AND_COINM.formatted(""));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).contains("tier table for ETHUSD_PERP");
            // one tier of 0.5 %: the face is the exposure (100 × 10 USD), the 1 ETH wallet another 3,000 USD long of ETH
            TestDesk.Response r = desk.post("/api/portfolio", USDM_AND_COINM.formatted(", \"mmr\": 0.005"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode cm = r.json().get("positions").get(1);
            assertThat(cm.get("notional").asDouble()).isEqualTo(1_000.0);
            assertThat(cm.get("contracts").asDouble()).isEqualTo(100);
            // Binance COIN-M: 1 + 1,000/3,000 − 1,000/P = 1,000·0.005/P → P = 1,005 / (4/3) = 753.75
            assertThat(cm.get("liquidationPrice").asDouble()).isEqualTo(753.75);
            assertThat(sub(r.json(), "cm").get("currency").asText()).isEqualTo("ETH");
            assertThat(r.json().get("exposure").get("coinMarginValue").asDouble()).isEqualTo(3_000.0);
            // 6,000 (BTCUSDT) + 1,000 (face) + 3,000 (the coin wallet) of delta
            assertThat(r.json().get("netDeltaUsd").asDouble()).isEqualTo(10_000.0);
            // mmr names one tier for a posted account's venues; with the desk's own account it would be silently unused
            TestDesk.Response own = desk.post("/api/portfolio", "{\"accountId\": 1, \"mmr\": 0.005}");
            assertThat(own.status()).isEqualTo(400);
            assertThat(own.json().get("error").asText()).startsWith("mmr: goes with a posted account");
        }
    }
}
