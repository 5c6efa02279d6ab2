package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Money;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money leaves every command's JSON through {@link Money} (8 decimals, half-even): portfolio, check, cascade and liqmap
 * as calc, size, funding and replay. Inputs are chosen so the doubles carry noise ({@code 64842.600000000006}).
 */
final class MoneyJsonTest {
    /** The repository (tests run from the module, the doc-examples run from the root). */
    static final String ROOT = Repo.ROOT;
    static final String SAMPLES = ROOT + "/samples";

    /** Every number under one of {@code names}, anywhere in {@code n}. */
    static List<JsonNode> amounts(JsonNode n, Set<String> names) {
        List<JsonNode> out = new ArrayList<>();
        collect(n, names, out);
        return out;
    }

    private static void collect(JsonNode n, Set<String> names, List<JsonNode> out) {
        n.fields().forEachRemaining(e -> {
            if (names.contains(e.getKey()) && e.getValue().isNumber()) {
                out.add(e.getValue());
            }
        });
        n.elements().forEachRemaining(c -> collect(c, names, out));
    }

    /** Each amount is its own 8-decimal rounding (an unrounded 64842.600000000006 is not). */
    static void assertAllMoney(List<JsonNode> amounts, int atLeast) {
        assertThat(amounts).hasSizeGreaterThanOrEqualTo(atLeast)
                .allSatisfy(a -> assertThat(a.asDouble()).as(a.asText()).isEqualTo(Money.round(a.asDouble())));
    }

    @Test
    void test_portfolio_usdFiguresLeaveAt8Decimals() throws Exception {
        // ETH 20 × 3,242.13 is 64842.600000000006 in double; the VaR and hedge figures are long fractions
        JsonNode j = CliRun.of("portfolio", "--account", ROOT + "/docs/examples/portfolio-three-longs.json", "--returns", SAMPLES + "/candles",
                "--json").json();
        JsonNode eth = j.get("positions").get(1);
        assertThat(eth.get("notional").asDouble()).isEqualTo(Money.round(eth.get("qty").asDouble() * eth.get("markPrice").asDouble()));
        assertAllMoney(amounts(j, Set.of("notional", "deltaUsd", "netDeltaUsd", "betaWeightedDeltaUsd", "historical95", "historical99",
                "parametric95", "parametric99", "es95", "es99", "parametricEs95", "parametricEs99", "hedgeNotional", "walletBalance",
                "marginBalance", "maintenanceMargin", "transferable", "equity", "longNotional", "grossNotional", "walletBefore",
                "walletAfter", "pnl", "spotPnl", "totalPnl", "equityUsd", "futuresDeltaUsd", "coinMarginValue")), 40);
        // ratios and percentages are written as computed
        assertThat(j.get("marginRatio").asDouble()).isNotEqualTo(Money.round(j.get("marginRatio").asDouble()));
    }

    @Test
    void test_check_ruleAmountsLeaveAt8Decimals() throws Exception {
        // 8.3333 × 60,000 = 499997.99999999994 in double: the size, leverage and exposure rules and the sized plan carried it
        JsonNode j = CliRun.of("check", "--plan", ROOT + "/docs/examples/trader-a.json", "--json").json();
        JsonNode sized = j.get("sized");
        assertThat(sized.get("notional").asDouble()).isEqualTo(Money.round(sized.get("qty").asDouble() * 60_000));
        List<JsonNode> amounts = amounts(j, Set.of("notional", "initialMargin", "riskAtStop", "equity", "grossNotional", "netDelta"));
        assertAllMoney(amounts, 6);
        // a rule's ratio beside them keeps its digits
        JsonNode exposure = j.get("rules").findValues("values").stream().filter(v -> v.has("grossExposure")).findFirst().orElseThrow();
        assertThat(exposure.get("grossExposure").asDouble()).isNotEqualTo(Money.round(exposure.get("grossExposure").asDouble()));
    }

    @Test
    void test_cascadeAndLiqmap_usdTotalsLeaveAt8Decimals() throws Exception {
        JsonNode c = CliRun.of("cascade", "--scenario", "oct-2025", "--json").json();
        assertAllMoney(amounts(c, Set.of("longLiquidatedUsd", "shortLiquidatedUsd", "oiBeforeUsd", "oiAfterUsd", "badDebtUsd",
                "insuranceFundChangeUsd", "voluntaryClosedUsd", "newOpenedUsd", "adlUsd", "pendingUsd")), 20);
        JsonNode m = CliRun.of("liqmap", "--candles", SAMPLES + "/candles/BTCUSDT-1h-futures-2025-09_2026-03.csv", "--oi",
                SAMPLES + "/oi/BTCUSDT-oi-4h.csv", "--json").json();
        assertAllMoney(amounts(m, Set.of("totalLongUsd", "totalShortUsd", "longBelowUsd", "shortAboveUsd", "longUsd", "shortUsd")), 20);
    }

    @Test
    void test_kellyFromAJournal_averageWinAndLossLeaveAt8Decimals() throws Exception {
        // the journal's average win was 41.33057500000001
        JsonNode j = CliRun.of("kelly", "--journal", ROOT + "/data/src/test/resources/journal/binance-futures-trades.csv", "--json").json();
        assertThat(j.get("averageWin").asDouble()).isEqualTo(41.330575);
        assertAllMoney(amounts(j, Set.of("averageWin", "averageLoss")), 2);
    }
}
