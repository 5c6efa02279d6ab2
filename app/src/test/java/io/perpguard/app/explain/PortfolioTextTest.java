package io.perpguard.app.explain;

import io.perpguard.portfolio.PortfolioNote;
import io.perpguard.portfolio.PortfolioNote.Code;
import io.perpguard.portfolio.StressTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Core gives portfolio notes as codes and figures; the sentences (as docs/portfolio.md shows them) are written here. */
class PortfolioTextTest {
    static String text(Code c, Object... kv) {
        return PortfolioText.note(PortfolioNote.of(c, kv));
    }

    @Test
    void test_everyCode_readsAsBefore() {
        Set<Code> seen = EnumSet.noneOf(Code.class);
        Map<Code, String> expected = Map.ofEntries(
                Map.entry(Code.NO_RETURNS, "no --returns: beta is 1 for BTCUSDT by definition and unknown for other symbols (taken as 1 for the "
                        + "liquidating move); VaR, correlation, scenarios and hedge statistics not computed"),
                Map.entry(Code.NO_CANDLES, "no daily candles for SOLUSDT, XRPUSDT: beta unknown (taken as 1), VaR and correlation not computed"),
                Map.entry(Code.TOO_FEW_DAYS, "fewer than 2 days on which every symbol has a daily return: betas and VaR not computed"),
                Map.entry(Code.FEW_DAYS, "only 42 common days of returns: betas and VaR are rough"),
                Map.entry(Code.BETA_ASSUMED, "beta taken as 1 for SOLUSDT"),
                Map.entry(Code.SPOT_NO_PERPETUAL, "spot PEPE: no PEPEUSDT perpetual known, no hedge sized"),
                Map.entry(Code.NO_BENCHMARK_PRICE, "no BTCUSDT price (no BTCUSDT position and no candles): hedge not sized"),
                Map.entry(Code.HEDGE_NOT_PLACEABLE, "hedge with ETHUSDT in 'degen' cannot be placed: walletBalance: 6,000 is less than the "
                        + "margin of the isolated positions (7,470.05313896)"),
                Map.entry(Code.HEDGE_OTHER_CURRENCY, "no BTCUSDT hedge sized: 'coinm', liquidated first, is margined in BTC and BTCUSDT "
                        + "settles in another currency"),
                Map.entry(Code.HEDGE_BENCHMARK_NOT_LISTED, "no BTCUSDT hedge sized: the venue the hedge would go to does not list BTCUSDT; "
                        + "choose a benchmark it lists (--benchmark, or benchmark in the desk API)"),
                Map.entry(Code.PRICED_AT_LAST_CLOSE, "ETHUSDT: no position holds it; priced at its last daily close"),
                Map.entry(Code.SCENARIO_LEFT_UNMOVED, "SOLUSDT: no candles for 2020-03-12 nor BTC's to proxy; left unmoved"),
                Map.entry(Code.SCENARIO_PROXIED, "SOLUSDT: no candles for 2020-03-12; moved by beta 1.57 × BTC"),
                Map.entry(Code.SCENARIO_UNLISTED_UNMOVED, "symbols not listed do not move"));
        Map<Code, String> got = Map.ofEntries(
                Map.entry(Code.NO_RETURNS, text(Code.NO_RETURNS, "benchmark", "BTCUSDT")),
                Map.entry(Code.NO_CANDLES, text(Code.NO_CANDLES, "symbols", List.of("SOLUSDT", "XRPUSDT"))),
                Map.entry(Code.TOO_FEW_DAYS, text(Code.TOO_FEW_DAYS, "days", 1)),
                Map.entry(Code.FEW_DAYS, text(Code.FEW_DAYS, "days", 42)),
                Map.entry(Code.BETA_ASSUMED, text(Code.BETA_ASSUMED, "symbols", List.of("SOLUSDT"))),
                Map.entry(Code.SPOT_NO_PERPETUAL, text(Code.SPOT_NO_PERPETUAL, "asset", "PEPE", "symbol", "PEPEUSDT")),
                Map.entry(Code.NO_BENCHMARK_PRICE, text(Code.NO_BENCHMARK_PRICE, "symbol", "BTCUSDT")),
                Map.entry(Code.HEDGE_NOT_PLACEABLE, text(Code.HEDGE_NOT_PLACEABLE, "symbol", "ETHUSDT", "subAccount", "degen",
                        "problem", "walletBalance: 6,000 is less than the margin of the isolated positions (7,470.05313896)")),
                Map.entry(Code.HEDGE_OTHER_CURRENCY, text(Code.HEDGE_OTHER_CURRENCY, "symbol", "BTCUSDT", "subAccount", "coinm", "currency", "BTC")),
                Map.entry(Code.HEDGE_BENCHMARK_NOT_LISTED, text(Code.HEDGE_BENCHMARK_NOT_LISTED, "symbol", "BTCUSDT")),
                Map.entry(Code.PRICED_AT_LAST_CLOSE, text(Code.PRICED_AT_LAST_CLOSE, "symbol", "ETHUSDT")),
                Map.entry(Code.SCENARIO_LEFT_UNMOVED, text(Code.SCENARIO_LEFT_UNMOVED, "symbol", "SOLUSDT", "day", "2020-03-12", "benchmark", "BTCUSDT")),
                Map.entry(Code.SCENARIO_PROXIED, text(Code.SCENARIO_PROXIED, "symbol", "SOLUSDT", "day", "2020-03-12", "beta", 1.5678,
                        "benchmark", "BTCUSDT")),
                Map.entry(Code.SCENARIO_UNLISTED_UNMOVED, text(Code.SCENARIO_UNLISTED_UNMOVED)));
        got.forEach((c, t) -> {
            assertThat(t).as(c.name()).isEqualTo(expected.get(c));
            seen.add(c);
        });
        assertThat(seen).containsExactlyInAnyOrder(Code.values());
    }

    @Test
    void test_anotherBenchmark_isNamed() {
        assertThat(text(Code.SCENARIO_PROXIED, "symbol", "BTCUSDT", "day", "2020-03-12", "beta", 0.8, "benchmark", "ETHUSDT"))
                .isEqualTo("BTCUSDT: no candles for 2020-03-12; moved by beta 0.8 × ETH");
        assertThat(text(Code.NO_RETURNS, "benchmark", "ETHUSDT")).startsWith("no --returns: beta is 1 for ETHUSDT by definition");
    }

    @Test
    void test_scenarioNames() {
        LocalDate d = LocalDate.of(2020, 3, 12);
        assertThat(PortfolioText.name(new StressTest.Scenario(StressTest.Scenario.Kind.CLOSE, d, Double.NaN, null, Map.of(), List.of())))
                .isEqualTo("2020-03-12 close");
        assertThat(PortfolioText.name(new StressTest.Scenario(StressTest.Scenario.Kind.INTRADAY_EXTREME, d, Double.NaN, null, Map.of(), List.of())))
                .isEqualTo("2020-03-12 intraday extreme");
        assertThat(PortfolioText.name(StressTest.marketWide(-0.1, List.of("BTCUSDT"), Map.of()))).isEqualTo("market -10.0%");
        assertThat(PortfolioText.name(StressTest.Scenario.custom("BTCUSDT=-20", Map.of("BTCUSDT", -0.2)))).isEqualTo("custom BTCUSDT=-20");
    }
}
