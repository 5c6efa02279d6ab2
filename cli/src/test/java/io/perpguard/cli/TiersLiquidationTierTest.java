package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A ladder row whose liquidation price falls in another tier says so: 10 BTC short at 60,000 (600,000 USDT, tier 2,
 * MMR 0.50 %) is liquidated at 62,687.5, where its notional (626,875) is in tier 3 (0.65 %, amount 950), which prices it; the row
 * showed tier 2 and 0.50 % beside that price, which the row's own figures give as 62,691.5.
 */
class TiersLiquidationTierTest {
    @ParameterizedTest(name = "{0} {1} {2} x{3}")
    @CsvSource({
            "binance, BTCUSDT, short, 10, 20, 2, 3",
            "binance, BTCUSDT, long, 10, 20, 2, 2",
            "binance-coinm, BTCUSD_PERP, long, 50, 20, 4, 5"})
    void test_theRowNamesTheTierThatPricesItsLiquidation(String exchange, String symbol, String side, String size, String leverage,
                                                         int entryTier, int liquidationTier) throws Exception {
        String[] args = {"tiers", "--exchange", exchange, "--symbol", symbol, "--side", side, "--sizes", size, "--leverage", leverage,
                "--entry", "60000"};
        CliRun json = CliRun.of(concat(args, "--json"));
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode root = json.json();
        JsonNode rung = root.get("ladder").get(0);
        assertThat(rung.get("tier").asInt()).isEqualTo(entryTier);
        assertThat(rung.get("liquidationTier").asInt()).isEqualTo(liquidationTier);
        // the named tier reproduces the price (isolated margin = notional / leverage; Binance's formula in its unit)
        JsonNode b = root.get("brackets").get(liquidationTier - 1);
        double mmr = b.get("maintenanceMarginRate").asDouble(), cum = b.get("maintenanceAmount").asDouble();
        double q = rung.get("qty").asDouble(), lev = rung.get("leverageUsed").asDouble(), ep = 60_000, s = side.equals("long") ? 1 : -1;
        double p = exchange.equals("binance")
                ? (q * ep / lev + cum - s * q * ep) / (q * mmr - s * q)
                : (q * mmr + s * q) / ((q / ep / lev + cum) + s * q / ep);   // COIN-M, q in USD of face
        assertThat(rung.get("liquidationPrice").asDouble()).isCloseTo(p, within(0.1));
        CliRun text = CliRun.of(args);
        if (entryTier != liquidationTier) {
            assertThat(text.out()).contains("†").contains("liquidated in tier " + liquidationTier);
        } else {
            assertThat(text.out()).doesNotContain("†");
        }
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
