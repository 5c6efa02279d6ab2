package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A size leaves calc, size and replay at its contract's step (text and JSON); a price the trader typed at its own digits. */
class SizeAtStepDecimalsTest {
    @Test
    void aWholeUnitStepPrintsNoDecimals() {
        // SOLUSDT's step is 1 SOL: "19.000" / "18.000 (20.000 before fees...)" said a precision the venue does not have
        CliRun calc = CliRun.of("calc", "--symbol", "SOLUSDT", "--side", "long", "--entry", "150", "--qty", "19", "--leverage", "10");
        assertThat(calc.out()).as(calc.err()).startsWith("SOLUSDT long isolated, 19 x10 on Binance USDⓈ-M").doesNotContain("19.000");
        CliRun size = CliRun.of("size", "--symbol", "SOLUSDT", "--equity", "10000", "--risk-pct", "1", "--entry", "150", "--stop", "145",
                "--leverage", "5");
        // by hand: 100 USDT / (5 + 0.145 slippage + 0.1474 fees) = 18.89 SOL, floored to the step: 18; 100 / 5 = 20 before costs
        assertThat(size.out()).as(size.err()).contains("  size                18  (20 before fees and slippage)");
        // Bybit's SOLUSDT steps 0.1 SOL: one decimal, not three
        CliRun bybit = CliRun.of("size", "--exchange", "bybit", "--symbol", "SOLUSDT", "--equity", "10000", "--risk-pct", "1", "--entry", "150",
                "--stop", "145", "--leverage", "5", "--mmr", "0.005");
        assertThat(bybit.out()).as(bybit.err()).contains("  size                18.8  (20.0 before fees and slippage)");
    }

    @Test
    void aSizeInContractsLeavesAsTheDecimalItIs() throws Exception {
        // 7 OKX ETH-USDT-SWAP contracts of 0.1 ETH: printed "(0.700)" and --json qty 0.7000000000000001 (7 × 0.1 in doubles)
        String[] okx = {"calc", "--exchange", "okx", "--symbol", "ETH-USDT-SWAP", "--side", "long", "--entry", "3000", "--contracts", "7",
                "--leverage", "10", "--mmr", "0.005"};
        CliRun text = CliRun.of(okx);
        assertThat(text.out()).as(text.err()).startsWith("ETH-USDT-SWAP long isolated, 7 contracts (0.70 ETH) x10");
        JsonNode j = CliRun.of(append(okx, "--json")).json();
        assertThat(j.get("qty").asText()).isEqualTo("0.7");
        assertThat(j.get("contracts").asText()).isEqualTo("7.0");
        // 3 XT LTC_USDT contracts of 0.1 LTC: --json said qty 0.30000000000000004 and contracts 3.0000000000000004
        JsonNode xt = CliRun.of("calc", "--exchange", "xt", "--symbol", "LTC_USDT", "--side", "long", "--entry", "80", "--contracts", "3",
                "--leverage", "10", "--mmr", "0.005", "--json").json();
        assertThat(xt.get("qty").asText()).isEqualTo("0.3");
        assertThat(xt.get("contracts").asText()).isEqualTo("3.0");
    }

    @Test
    void aTypedEntryFinerThanTheTickIsShownAsTyped() {
        // size priced 18 SOL at 150.005 (notional 2,700.09) but its heading said "from 150.01 to stop 145.00"
        CliRun size = CliRun.of("size", "--symbol", "SOLUSDT", "--equity", "10000", "--risk-pct", "1", "--entry", "150.005", "--stop",
                "145.001", "--leverage", "5");
        assertThat(size.out()).as(size.err()).contains("from 150.005 to stop 145.001 at 5x isolated").contains("2,700.09");
    }

    @Test
    void checkPrintsTheLiquidationPriceAtTheTick_asSizeDoes() throws Exception {
        // SOLUSDT short 15 at 150, 5x: size said "liquidation price 179.10", check's sentence "liquidation at 179.1"
        java.nio.file.Path plan = java.nio.file.Files.createTempFile("plan-sol", ".json");
        try {
            java.nio.file.Files.writeString(plan, "{ \"symbol\": \"SOLUSDT\", \"side\": \"short\", \"thesis\": \"x\", \"entryPrice\": 150, "
                    + "\"stop\": 156, \"stopMethod\": \"structure\", \"targets\": [138], \"leverage\": 5, \"equity\": 10000, \"riskPct\": 1 }");
            CliRun size = CliRun.of("size", "--symbol", "SOLUSDT", "--side", "short", "--equity", "10000", "--risk-pct", "1", "--entry", "150",
                    "--stop", "156", "--leverage", "5");
            assertThat(size.out()).as(size.err()).contains("liquidation price   179.10  (19.40 % from entry)");
            CliRun check = CliRun.of("check", "--plan", plan.toString());
            assertThat(check.out()).as(check.err()).contains("liquidation at 179.10 (19.4 % from entry)");
        } finally {
            java.nio.file.Files.deleteIfExists(plan);
        }
    }

    private static String[] append(String[] a, String more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = more;
        return out;
    }
}
