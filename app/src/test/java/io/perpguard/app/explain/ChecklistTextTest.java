package io.perpguard.app.explain;

import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.PreTradeCheck;
import io.perpguard.checklist.Reason;
import io.perpguard.checklist.Rule;
import io.perpguard.checklist.StopMethod;
import io.perpguard.checklist.TradePlan;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.Account;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import io.perpguard.portfolio.Betas;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Core gives reason codes and figures; the sentences are written here, once, for the CLI, the desk and the API. */
class ChecklistTextTest {
    static final Instrument BTC = TierTables.bundled().get("BTCUSDT");

    static TradePlan plan(String thesis, double stop, StopMethod method, List<Double> targets, double leverage, double equity,
                          double qty, double riskPct, double funding, double oi) {
        return new TradePlan("BTCUSDT", Side.LONG, thesis, 60_000, stop, method, targets, leverage, equity, qty, riskPct, funding, oi);
    }

    static Map<Reason, String> sentences(TradePlan p, Policy pol, Account a, MarketContext m, Betas betas) {
        Map<Reason, String> out = new java.util.EnumMap<>(Reason.class);
        for (Rule r : PreTradeCheck.run(p, pol, BTC, a, m, betas).rules()) {
            out.put(r.reason(), ChecklistText.message(r));
        }
        return out;
    }

    @Test
    void test_traderA_readsAsTheDeskDocShowsIt() {
        Map<Reason, String> s = sentences(plan("", Double.NaN, StopMethod.NONE, List.of(), 50, 10_000, 8.3333, Double.NaN,
                Double.NaN, Double.NaN), null, null, MarketContext.NONE, null);
        assertThat(s.get(Reason.THESIS_MISSING)).isEqualTo("no thesis: state in one sentence why this trade should work and what would prove it wrong");
        assertThat(s.get(Reason.SIZE_NO_STOP)).isEqualTo("size is not from a risk model: without a usable stop the loss is unbounded "
                + "(margin is 100 % of equity, notional 50× equity)");
        assertThat(s.get(Reason.LEVERAGE_ABOVE_MAXIMUM)).isEqualTo("50× is above the policy maximum of 20×");
        assertThat(s.get(Reason.LIQUIDATION_NO_STOP)).isEqualTo("no usable stop: liquidation at 59,089.5 (1.52 % from entry) is the exit");
        assertThat(s.get(Reason.EXPOSURE_GROSS_ABOVE)).isEqualTo("gross exposure of this trade alone (no account given) is 50× equity, above 3×");
        assertThat(s.get(Reason.TREND_NO_CANDLES)).isEqualTo("no candles: trend not checked (give 70+ recent closes)");
    }

    @Test
    void test_exposure_namesTheBenchmarksAsset() {
        Account eth = new Account(10_000, List.of(Position.isolated("ETHUSDT", Side.LONG, 7, 3_000, 10)));
        TradePlan p = plan("reclaim of the range low with rising open interest", 58_400, StopMethod.STRUCTURE, List.of(64_000.0), 10,
                10_000, Double.NaN, 1, Double.NaN, Double.NaN);
        assertThat(sentences(p, null, eth, MarketContext.NONE, Betas.none("BTCUSDT")).get(Reason.EXPOSURE_NET_ABOVE))
                .endsWith("(beta-weighted to BTC; beta 1 assumed for ETHUSDT), above 2×");
        assertThat(sentences(p, null, eth, MarketContext.NONE, new Betas("ETHUSDT", Map.of("BTCUSDT", 0.5))).get(Reason.EXPOSURE_NET_ABOVE))
                .endsWith("(beta-weighted to ETH), above 2×");
    }

    @Test
    void test_everyReasonReached_readsAsASentence_withoutMissingFigures() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        List<String> all = new ArrayList<>();
        double[] up = new double[80], down = new double[80], flat = new double[80];
        for (int i = 0; i < 80; i++) {
            up[i] = 50_000 + 100 * i;
            down[i] = 70_000 - 100 * i;
            flat[i] = 60_000 + (i % 2 == 0 ? 50 : -50);
        }
        List<MarketContext> markets = List.of(MarketContext.NONE, MarketContext.ofCloses(new double[]{1, 2, 3}), MarketContext.ofCloses(up),
                MarketContext.ofCloses(down), MarketContext.ofCloses(flat));
        Account empty = new Account(0, List.of());
        Account sol = new Account(10_000, List.of(Position.isolated("BTCUSDT", Side.LONG, 0.5, 60_000, 10)));
        String[] theses = {"", "up", "reclaim of the range low with rising open interest"};
        double[][] stops = {{Double.NaN, 0}, {58_400, 1}, {61_000, 1}, {57_000, 2}, {58_800, 2}, {59_990, 1}, {58_400, 0}, {58_800, 1}};
        List<List<Double>> targetSets = List.of(List.of(), List.of(64_000.0), List.of(59_000.0), List.of(60_500.0), List.of(62_500.0));
        double[] levs = {1, 10, 25, 50, 125};
        double[][] sizes = {{Double.NaN, 2}, {5, Double.NaN}, {0.116, Double.NaN}, {Double.NaN, 0.001}, {300, Double.NaN}, {0.001, Double.NaN}, {0.0505, Double.NaN}};
        double[][] fundingOi = {{Double.NaN, Double.NaN}, {0.001, 20}, {0.0001, -20}, {-0.0002, 3}};
        Account[] accounts = {null, empty, sol};
        java.util.Random rnd = new java.util.Random(7);
        for (int k = 0; k < 3000; k++) {
            double[] stop = stops[rnd.nextInt(stops.length)];
            StopMethod method = stop[1] == 1 ? StopMethod.STRUCTURE : stop[1] == 2 ? StopMethod.PERCENT : StopMethod.NONE;
            double[] sz = sizes[rnd.nextInt(sizes.length)];
            double[] fo = fundingOi[rnd.nextInt(fundingOi.length)];
            TradePlan p = plan(theses[rnd.nextInt(3)], stop[0], method, targetSets.get(rnd.nextInt(targetSets.size())),
                    levs[rnd.nextInt(levs.length)], 10_000, sz[0], sz[1], fo[0], fo[1]);
            Account a = accounts[rnd.nextInt(3)];
            io.perpguard.checklist.ChecklistResult checked;
            try {
                checked = PreTradeCheck.run(p, Policy.DEFAULT, BTC, a, markets.get(rnd.nextInt(markets.size())), a == sol ? Betas.none("BTCUSDT") : null);
            } catch (io.perpguard.InvalidInputException e) {
                // 125x beyond 50,000 USDT (or 50x on 300 BTC) is above its bracket: bad input, refused before any rule
                // (PreTradeCheck.requireLeverageAllowed)
                assertThat(e.field()).as(e.getMessage()).isEqualTo("leverage");
                assertThat(e.getMessage()).contains("x is above BTCUSDT's maximum of ");
                continue;
            }
            for (Rule r : checked.rules()) {
                seen.add(r.reason());
                all.add(r.reason() + ": " + ChecklistText.message(r));
            }
        }
        // a long whose gain carries it into a higher tier of a whole-value table (no bundled table has that shape)
        TradePlan steep = new TradePlan("BTCX", Side.LONG, "reclaim of the range low with rising open interest", 1_000, 990,
                StopMethod.STRUCTURE, List.of(1_030.0), 11.787826, 1_000_000, 980.3924, Double.NaN, 0.0001, 2);
        for (Rule r : PreTradeCheck.run(steep, Policy.DEFAULT, SizingTextTest.STEEP, null, null).rules()) {
            seen.add(r.reason());
            all.add(r.reason() + ": " + ChecklistText.message(r));
        }
        assertThat(all).filteredOn(m -> m.contains("null") || m.contains("NaN") || m.contains("Infinity") || m.contains("∞")
                || m.endsWith(": ")).as("sentences with a missing figure").isEmpty();
        assertThat(EnumSet.complementOf(EnumSet.copyOf(seen))).as("reasons no plan reached")
                .isSubsetOf(EnumSet.of(Reason.STOP_INSIDE_NOISE, Reason.SIZE_MARGIN_ABOVE_EQUITY, Reason.LEVERAGE_ABOVE_TIER_CAP, Reason.SIZE_BELOW_STEP,
                        Reason.LIQUIDATION_NONE, Reason.LIQUIDATION_BEFORE_STOP, Reason.LIQUIDATION_BEFORE_FILL, Reason.THESIS_THIN));
        assertThat(all).anyMatch(m -> m.startsWith("TREND_AGAINST: long against the downtrend (MA20 "));
        assertThat(all).anyMatch(m -> m.startsWith("EXPOSURE_NO_EQUITY: the account has nothing left (equity 0 USDT)"));
        assertThat(all).contains("SIZE_BELOW_MINIMUM: qty 0.001 (notional 60) is below BTCUSDT's minimum order (qty 0.001, notional 100); "
                + "the exchange refuses it: the smallest accepted qty at this entry is 0.002");
        assertThat(all).contains("SIZE_OFF_STEP: qty 0.0505 is not a whole number of BTCUSDT's step 0.001; the exchange refuses it: "
                + "the nearest accepted sizes are 0.05 and 0.051");
        assertThat(all).contains("ENTRY_FAR_FROM_MARK: entry 60,000 is 1,999,900 % above the current price 3 (more than 10 % away): "
                + "check the price — a mistyped digit, another symbol's price, or a limit far off");
        assertThat(all).contains("LIQUIDATION_ON_GAIN_SIDE: liquidated if the price RISES to 1,019.9 (the notional enters tier 3, whose "
                + "maintenance rate 15.00 % makes the margin ratio ≥ 100 %), 1.99 % from entry: a liquidation on the gain side, which the stop "
                + "990.0 does not cover");
        assertThat(all).contains("ENTRY_NEAR_MARK: entry 60,000 is 3.63 % above the current price 57,900");
    }
}
