package io.perpguard.data.instrument;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tier file either describes consistent tiers once per symbol, or it is refused naming the problem. */
class TierFileConsistencyTest {
    @TempDir
    Path dir;

    private static final String TWO = "{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":50000,\"notionalFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0},"
            + "{\"bracket\":2,\"initialLeverage\":100,\"notionalCap\":600000,\"notionalFloor\":50000,\"maintMarginRatio\":0.005,\"cum\":%s}";

    private Path file(String json) throws Exception {
        Path f = dir.resolve("tiers.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void test_consistentCum_isAccepted() throws Exception {
        Path f = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50") + "]}]");
        assertThat(TierTables.readLeverageBrackets(f)).containsKey("BTCUSDT");
    }

    @Test
    void test_inconsistentMaintenanceAmount_isRefused() throws Exception {
        Path f = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "500") + "]}]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("brackets[1].cum").hasMessageContaining("expected 50");
    }

    @Test
    void test_inconsistentCum_isOneLineNamingTheBracketFieldExpectedAndFound() throws Exception {
        // Binance's rule: cum_2 = 0 + 50,000 × (0.005 − 0.004) = 50; 50.02 is past the cent Binance's exact amounts allow
        Path f = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50.02") + "]}]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tiers[0].brackets[1].cum: BTCUSDT bracket 2 cum: expected 50 (bracket 1's cum 0 + floor 50,000 × (rate 0.005 − 0.004)), found 50.02")
                .hasMessageContaining("within 0.01 USDT").hasMessageNotContaining("\n");
        assertThat(TierTables.readLeverageBrackets(file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50.005") + "]}]")))
                .as("within the cent").containsKey("BTCUSDT");
        // the first bracket starts at notional 0: any amount there makes small positions' maintenance negative
        Path first = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "55").replace("\"cum\":0}", "\"cum\":5}") + "]}]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(first)).hasMessageContaining("brackets[0].cum: BTCUSDT bracket 1 cum: expected 0 (0 in the first bracket), found 5");
    }

    @Test
    void test_fallingRate_namesBothRates() throws Exception {
        Path f = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50").replace("0.005", "0.003") + "]}]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(f))
                .hasMessageContaining("BTCUSDT bracket 2 has a lower maintenance rate (0.003) than the smaller bracket 1 (0.004): expected at least 0.004");
    }

    private static String bybitRow(int id, String cap, String mmr, String im, String lev, String deduction) {
        return "{\"id\":" + id + ",\"symbol\":\"BTCUSDT\",\"riskLimitValue\":\"" + cap + "\",\"maintenanceMargin\":\"" + mmr
                + "\",\"initialMargin\":\"" + im + "\",\"isLowestRisk\":" + (id == 1 ? 1 : 0) + ",\"maxLeverage\":\"" + lev + "\",\"mmDeduction\":\"" + deduction + "\"}";
    }

    private static com.fasterxml.jackson.databind.JsonNode bybit(String d2, String d3) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                + bybitRow(1, "2000000", "0.005", "0.01", "100.00", "") + "," + bybitRow(2, "4000000", "0.01", "0.0175", "57.14", d2) + ","
                + bybitRow(3, "6000000", "0.015", "0.025", "40.00", d3) + "]},\"retExtInfo\":{},\"time\":1}");
    }

    @Test
    void test_bybitDeduction_followsTheSameRule_andAnInconsistentOneIsRefused() throws Exception {
        // Bybit's mmDeduction: 2,000,000 × (1 % − 0.5 %) = 10,000, then + 4,000,000 × (1.5 % − 1 %) = 30,000. A wrong one
        // was taken as given: bracket 3 at 35,000 priced every position in it with 5,000 USDT less maintenance margin
        Map<String, io.perpguard.instrument.RiskTiers> ok = VenueTierFormats.read(bybit("10000", "30000"), io.perpguard.venue.Exchange.BYBIT, "bybit.json");
        assertThat(ok.get("BTCUSDT").brackets().get(2).maintenanceAmount()).isEqualTo(30_000);
        assertThatThrownBy(() -> VenueTierFormats.read(bybit("10000", "35000"), io.perpguard.venue.Exchange.BYBIT, "bybit.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tiers: bybit.json: result.list[2].mmDeduction: BTCUSDT bracket 3 mmDeduction: expected 30,000 "
                        + "(bracket 2's mmDeduction 10,000 + floor 4,000,000 × (rate 0.015 − 0.01)), found 35,000");
        // a table that gives no deduction (older Bybit responses) applies each rate to the whole value: nothing to check
        Map<String, io.perpguard.instrument.RiskTiers> none = VenueTierFormats.read(bybit("", ""), io.perpguard.venue.Exchange.BYBIT, "bybit.json");
        assertThat(none.get("BTCUSDT").brackets()).allMatch(b -> b.maintenanceAmount() == 0);
    }

    @Test
    void test_symbolListedTwice_isRefused_notLastWins() throws Exception {
        String one = "{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50") + "]}";
        Path f = file("[" + one + "," + one.replace("125", "20") + "]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(f)).hasMessageContaining("listed twice");
    }
}
