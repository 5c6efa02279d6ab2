package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code check}, {@code funding} and {@code replay} on coin-margined contracts, driven as a user would: amounts in the coin
 * and named so, sizes in contracts, the figures those of the inverse formulas.
 */
final class InverseCommandsTest {
    @TempDir
    Path dir;

    static final String PLAN = "{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
            + "\"entryPrice\":60000,\"stop\":58000,\"stopMethod\":\"structure\",\"targets\":[66000],\"leverage\":%s,\"equity\":1,\"riskPct\":1,"
            + "\"fundingRate\":0.0001,\"openInterestChangePct\":2}";

    @Test
    void check_coinm_sizesInContracts_moneyInBtc_andFailsALiquidationBeforeTheStop() throws IOException {
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, PLAN.formatted("10"));
        CliRun text = CliRun.of("check", "--plan", ok.toString(), "--exchange", "binance-coinm", "--mmr", "0.004");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("qty 164 contracts (16,400 USD) loses 0.00998652 BTC at the stop")
                .contains("funding 0.01 % per interval: pays 0.000082 BTC a day").doesNotContain("USDT");
        JsonNode j = CliRun.of("check", "--plan", ok.toString(), "--exchange", "binance-coinm", "--mmr", "0.004", "--json").json();
        // the same size as size gives (one loss per unit), its notional in BTC
        JsonNode size = CliRun.of("size", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--equity", "1", "--risk-pct", "1",
                "--entry", "60000", "--stop", "58000", "--leverage", "10", "--mmr", "0.004", "--json").json();
        assertThat(j.at("/sized/qty").asDouble()).isEqualTo(size.get("qty").asDouble()).isEqualTo(16_400);
        assertThat(j.at("/sized/liquidationPrice").asDouble()).isEqualTo(size.get("liquidationPrice").asDouble());
        assertThat(j.at("/sized/notional").asDouble()).isEqualTo(io.perpguard.Money.round(16_400 / 60_000.0));   // money at 8 decimals

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, PLAN.formatted("50"));
        CliRun fifty = CliRun.of("check", "--plan", bad.toString(), "--exchange", "binance-coinm", "--mmr", "0.004");
        assertThat(fifty.exit()).isEqualTo(CheckCommand.EXIT_FAIL);
        assertThat(fifty.out()).containsPattern("FAIL +liquidation +liquidation at 59,058.9 \\(1.57 % from entry\\) comes before the stop 58,000");
    }

    @Test
    void check_coinm_qtyInBtc_isUsdFaceAtTheEntry_andAUsdtAccountIsRefused() throws IOException {
        // 0.5 BTC at 60,000 = 30,000 USD of face (300 contracts), as calc --qty reads a coin-margined size
        Path plan = dir.resolve("qty.json");
        Files.writeString(plan, PLAN.formatted("10").replace("\"riskPct\":1", "\"qty\":0.5"));
        JsonNode j = CliRun.of("check", "--plan", plan.toString(), "--exchange", "binance-coinm", "--mmr", "0.004", "--json").json();
        assertThat(j.at("/sized/qty").asDouble()).isEqualTo(30_000);
        assertThat(j.at("/sized/notional").asDouble()).isCloseTo(0.5, within(1e-15));
        // exposure is summed in one currency: a USDT account beside a BTC plan is refused in one line
        Path account = dir.resolve("account.json");
        Files.writeString(account, "{\"walletBalance\":10000,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.5,"
                + "\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\",\"positionSide\":\"both\",\"markPrice\":61000}]}");
        CliRun mixed = CliRun.of("check", "--plan", plan.toString(), "--exchange", "binance-coinm", "--mmr", "0.004",
                "--account", account.toString());
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("exposure is summed in one currency").doesNotContain("Exception");
        assertThat(mixed.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void funding_coinm_paysRateTimesFaceOverMark_inBtc_andDriftsToLiquidation() throws IOException {
        CliRun text = CliRun.of("funding", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--contracts", "100", "--leverage", "20",
                "--rate", "0.0006", "--mark", "60000", "--mmr", "0.004");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("100 contracts (10,000 USD), notional 0.16666667 BTC at 20x (margin 0.00833333 BTC)")
                .contains("per interval  0.00010000").contains("margin BTC").doesNotContain("USDT");
        JsonNode j = CliRun.of("funding", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--contracts", "100", "--leverage", "20",
                "--rate", "0.0006", "--mark", "60000", "--mmr", "0.004", "--json").json();
        assertThat(j.get("currency").asText()).isEqualTo("BTC");
        assertThat(j.get("paymentPerInterval").asDouble()).isCloseTo(0.0006 * 100 * 100 / 60_000, within(1e-18));
        // margin 10,000/60,000/20 BTC pays 0.0001 BTC a time down to MM 10,000/60,000 × 0.4 %: ⌈76.67⌉ payments
        assertThat(j.get("intervalsToLiquidation").asInt()).isEqualTo(77);
        // Bybit's inverse funding example: 10,000 BTCUSD contracts at a mark of 10,024, rate 0.025 % → 0.00025 BTC
        JsonNode bybit = CliRun.of("funding", "--exchange", "bybit", "--symbol", "BTCUSD", "--contracts", "10000", "--leverage", "20",
                "--rate", "0.00025", "--mark", "10024", "--mmr", "0.005", "--json").json();
        assertThat(bybit.get("paymentPerInterval").asDouble()).isCloseTo(0.00025, within(0.000005));
        // a notional in USDT is refused for a coin-margined contract, in one line
        CliRun usdt = CliRun.of("funding", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--notional", "5000", "--leverage", "20",
                "--rate", "0.0005", "--mark", "60000", "--mmr", "0.004");
        assertThat(usdt.exit()).isEqualTo(2);
        assertThat(usdt.err()).contains("is coin-margined (margin and notional in BTC, not USDT)");
    }

    @Test
    void replay_coinm_stopOut_inBtc_minusOneR() throws IOException {
        Path candles = stopOutCandles();
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"entry\":\"market\",\"stop\":58000,\"stopType\":\"market\","
                + "\"targets\":[],\"moveStopToBreakevenAfter\":0,\"leverage\":10,\"equity\":1,\"riskPct\":1,\"slippageBps\":0}");
        String[] args = {"replay", "--candles", candles.toString(), "--plan", plan.toString(), "--exchange", "binance-coinm", "--mmr", "0.004"};
        CliRun text = CliRun.of(args);
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("planned 169 contracts, filled 169 contracts at 60,000.0").contains("net PnL BTC").contains("BTC (max drawdown")
                .doesNotContain("USDT");
        JsonNode j = CliRun.of(append(args, "--json")).json();
        double pnl = 16_900 * (1 / 60_000.0 - 1 / 58_000.0), fees = 0.0005 * 16_900 * (1 / 60_000.0 + 1 / 58_000.0);
        assertThat(j.get("currency").asText()).isEqualTo("BTC");
        assertThat(j.get("finalEquity").asDouble()).isCloseTo(1 + pnl - fees, within(5e-9));   // money leaves at 8 decimals (io.perpguard.Money)
        assertThat(j.get("totalR").asDouble()).isCloseTo(-1, within(1e-12));
        // a coin-margined plan is sized by riskPct: a qty would be read in USD of face, so it is refused
        Files.writeString(plan, Files.readString(plan).replace("\"riskPct\":1", "\"qty\":1"));
        CliRun qty = CliRun.of(args);
        assertThat(qty.exit()).isEqualTo(2);
        assertThat(qty.err()).contains("BTCUSD_PERP is coin-margined: size the plan with contracts (whole contracts of 100 USD) or riskPct");
    }

    @Test
    void replay_coinm_contracts_fillsThatManyContracts_andRIsTheirLossAtTheStop() throws IOException {
        Path candles = stopOutCandles();
        Path plan = dir.resolve("plan.json");
        String base = "{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"entry\":\"market\",\"stop\":58000,\"stopType\":\"market\","
                + "\"targets\":[],\"moveStopToBreakevenAfter\":0,\"leverage\":10,\"equity\":1,%s,\"slippageBps\":0}";
        Files.writeString(plan, base.formatted("\"contracts\":100"));
        String[] args = {"replay", "--candles", candles.toString(), "--plan", plan.toString(), "--exchange", "binance-coinm", "--mmr", "0.004"};
        CliRun text = CliRun.of(args);
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("planned 100 contracts, filled 100 contracts at 60,000.0");
        JsonNode j = CliRun.of(append(args, "--json")).json();
        // 100 contracts × 100 USD = 10,000 USD of face; R = face·(1/58,000 − 1/60,000) + taker 0.05 % on face/60,000 and face/58,000
        double face = 10_000, loss = face * (1 / 58_000.0 - 1 / 60_000.0), fees = 0.0005 * face * (1 / 60_000.0 + 1 / 58_000.0);
        assertThat(j.get("plannedQty").asDouble()).isEqualTo(face);
        assertThat(j.get("riskAmount").asDouble()).isCloseTo(loss + fees, within(5e-9));   // money leaves at 8 decimals
        assertThat(j.get("finalEquity").asDouble()).isCloseTo(1 - loss - fees, within(5e-9));
        assertThat(j.get("totalR").asDouble()).isCloseTo(-1, within(1e-12));
        // 0 or a negative count is no order: one line naming the field and the range, exit 2
        for (String bad : new String[]{"0", "-3"}) {
            Files.writeString(plan, base.formatted("\"contracts\":" + bad));
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("error: plan.contracts: " + bad
                    + " is outside the allowed range: more than 0 and at most 1,000,000,000 contracts (in ").endsWith("plan.json)");
        }
        // a fraction is the venue's lot to refuse, as calc --contracts refuses it: COIN-M trades whole contracts
        Files.writeString(plan, base.formatted("\"contracts\":2.5"));
        CliRun half = CliRun.of(args);
        assertThat(half.exit()).isEqualTo(2);
        assertThat(half.err().strip()).contains("2.5 is not a whole number; BTCUSD_PERP trades whole contracts of 100 USD").hasLineCount(1);
        Files.writeString(plan, base.formatted("\"contracts\":100,\"riskPct\":1"));
        assertThat(CliRun.of(args).err().strip()).startsWith("error: plan.contracts: give one of riskPct, qty or contracts (in ").endsWith("plan.json)");
    }

    @Test
    void check_contracts_coinmIsTheFace_okxLinearIsBaseUnits_binanceUsdmRefused() throws IOException {
        // 164 contracts = 16,400 USD of face: the size riskPct 1 gives for this plan (the test above), so the same figures
        Path plan = dir.resolve("contracts.json");
        Files.writeString(plan, PLAN.formatted("10").replace("\"riskPct\":1", "\"contracts\":164"));
        JsonNode j = CliRun.of("check", "--plan", plan.toString(), "--exchange", "binance-coinm", "--mmr", "0.004", "--json").json();
        assertThat(j.at("/sized/qty").asDouble()).isEqualTo(16_400);
        assertThat(j.at("/sized/notional").asDouble()).isEqualTo(io.perpguard.Money.round(16_400 / 60_000.0));   // money at 8 decimals
        // OKX counts linear swaps in contracts too: BTC-USDT-SWAP's contract is 0.01 BTC (ctVal), so 30 contracts are 0.3 BTC
        Path okx = dir.resolve("okx.json");
        Files.writeString(okx, PLAN.formatted("10").replace("BTCUSD_PERP", "BTC-USDT-SWAP").replace("\"riskPct\":1,", "\"contracts\":30,")
                .replace("\"equity\":1", "\"equity\":10000"));
        JsonNode o = CliRun.of("check", "--plan", okx.toString(), "--exchange", "okx", "--mmr", "0.004", "--json").json();
        assertThat(o.at("/sized/qty").asDouble()).isCloseTo(0.3, within(1e-12));
        // and in tenths of one (lotSz 0.1 since 2024-04-25): 1.5 contracts = 0.015 BTC, which calc --contracts 1.5 prices; a
        // plan's contracts were whole numbers only ("1.5 is not a whole number of contracts from 1 to 1,000,000,000")
        Files.writeString(okx, Files.readString(okx).replace("\"contracts\":30,", "\"contracts\":1.5,"));
        JsonNode tenth = CliRun.of("check", "--plan", okx.toString(), "--exchange", "okx", "--mmr", "0.004", "--json").json();
        assertThat(tenth.at("/sized/qty").asDouble()).isCloseTo(0.015, within(1e-12));
        assertThat(tenth.at("/sized/notional").asDouble()).isEqualTo(900.0);
        Files.writeString(okx, Files.readString(okx).replace("\"contracts\":1.5,", "\"contracts\":1.55,"));
        CliRun offLot = CliRun.of("check", "--plan", okx.toString(), "--exchange", "okx", "--mmr", "0.004");
        assertThat(offLot.exit()).isEqualTo(2);
        assertThat(offLot.err().strip()).contains("1.55 is not a multiple of 0.1 contracts").hasLineCount(1);
        // Binance USDⓈ-M counts in base units: there is no contract size to map a count to
        Path usdm = dir.resolve("usdm.json");
        Files.writeString(usdm, Files.readString(okx).replace("BTC-USDT-SWAP", "BTCUSDT"));
        CliRun r = CliRun.of("check", "--plan", usdm.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: contracts: BTCUSDT on Binance USDⓈ-M is sized in base units, not contracts: "
                + "give qty (base units) or riskPct (in " + usdm + ")");
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    /** Two hourly bars: a market entry at 60,000, then a low of 57,500 that takes a 58,000 stop. */
    private Path stopOutCandles() throws IOException {
        Path candles = dir.resolve("candles.csv");
        Files.writeString(candles, "open_time,open,high,low,close,volume\n"
                + "1672531200000,60000,60500,59500,60000,1\n1672534800000,60000,60100,57500,57800,1\n");
        return candles;
    }
}
