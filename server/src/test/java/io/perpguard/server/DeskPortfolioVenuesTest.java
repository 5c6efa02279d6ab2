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
}
