package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.RuinPct;
import io.perpguard.app.SimulateUseCase;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.sim.PolicyFile;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code perpguard simulate}: survival Monte Carlo of a trading policy on block-bootstrapped real returns. */
@Command(name = "simulate", header = "Runs a survival Monte Carlo of a trading policy on bootstrapped real candles.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Survival Monte Carlo: a policy trades paths built by block bootstrap from real candles, paying real funding",
                "(independent block bootstrap of the funding history) and taker fees; liquidation or equity below the ruin level",
                "ends a path. Margin, liquidation price and what a liquidation takes follow --exchange's rules; on a coin-margined",
                "(inverse) contract equity, margin, PnL and funding are in the coin (--equity in BTC for BTCUSD).",
                "Policy a = all-in at 50x, no stop; b = 2 %% risk to a 2xATR(14) stop at 10x; or a policy JSON file.",
                "Policies trade long unless --side short (or the file's \"side\") says otherwise."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candles", paramLabel = "FILE", required = true, description = "candle CSV (Binance kline archive or OHLCV with header)")
    Path candles;
    @Option(names = "--funding", paramLabel = "FILE", description = "funding-rate history (default: a constant --funding-rate)")
    Path funding;
    @Option(names = "--funding-rate", paramLabel = "R", defaultValue = "0.0001",
            description = "constant rate per interval when no --funding file (default ${DEFAULT-VALUE} = 0.01 %% per 8h)")
    double fundingRate;
    @Option(names = "--policy", paramLabel = "a|b|FILE", required = true, description = "a: all-in 50x without a stop; b: 2 %% risk to a 2 ATR stop at 10x; or a policy JSON file")
    String policy;
    @Option(names = "--paths", paramLabel = "N", defaultValue = "1000", description = "paths (default ${DEFAULT-VALUE})")
    double paths;   // a number, checked as given against the use case's range (1e12 is outside 1 to 100,000,000, not beyond an int)
    @Option(names = "--horizon", paramLabel = "365d", defaultValue = "365d", description = "horizon in days: 365d, 52w, 1y (default ${DEFAULT-VALUE})")
    String horizon;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed; the same seed gives the same result, whatever --threads (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: the number of cores); results do not depend on it")
    Double threads;
    @Option(names = "--block-length", paramLabel = "B", defaultValue = "168", description = "candle bars per bootstrap block (default ${DEFAULT-VALUE})")
    int blockLength;
    @Option(names = "--funding-block-length", paramLabel = "B", defaultValue = "0",
            description = "funding rates per bootstrap block (default: the same span of time as a candle block)")
    int fundingBlockLength;
    @Option(names = "--equity", paramLabel = "AMOUNT",
            description = "starting equity in the contract's settlement currency: USDT, or the coin of an inverse contract "
                    + "(default 10000 USDT, or 10,000 USD's worth of the coin at the last close)")
    Double equity;
    @Option(names = "--ruin-pct", paramLabel = "P", defaultValue = "90", description = RuinPct.HELP + " (default ${DEFAULT-VALUE})")
    double ruinPct;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "contract for tiers and fees (default: from the candle file name, else BTCUSDT)")
    String symbol;
    @Option(names = "--leverage", paramLabel = "L", description = "override the policy's leverage")
    Double leverage;
    @Option(names = "--side", paramLabel = "long|short", description = "the side every trade takes, overriding the policy's (default: the policy file's \"side\", else long)")
    String side;
    @Mixin
    TiersOption common;
    @Mixin
    TakerFeeOption fee;

    @Override
    public Integer call() {
        Loaded<CandleSeries> lc = CandleCsv.read(candles);
        List<String> warnings = new ArrayList<>(lc.warnings());
        if (symbol != null) {
            // as replay: BTCUSDT candles simulated as ETHUSDT were one market's path priced by another's tiers, exit 0; the
            // same asset's linear candles may stand in for a coin-margined contract's, with the warning
            io.perpguard.instrument.Instrument traded = fee.on(common.instruments()).get(symbol);
            String file = candles.getFileName().toString();
            if (traded.contract().type() == io.perpguard.venue.ContractType.INVERSE) {
                String standIn = io.perpguard.app.SymbolMatch.requireCandlesStandIn("candles", file, lc.data().symbol(), traded.symbol());
                if (standIn != null) {
                    warnings.add("candles: " + standIn);
                }
            } else {
                io.perpguard.app.SymbolMatch.require("candles", file, lc.data().symbol(), traded.symbol());
            }
        }
        FundingHistory fh = null;
        if (funding != null) {
            Loaded<FundingHistory> lf = FundingFile.read(funding);
            warnings.addAll(lf.warnings());
            fh = lf.data();
            // the contract simulated: --symbol, else the candles' (by their name), else BTCUSDT
            String traded = symbol != null ? symbol : !lc.data().symbol().isBlank() ? lc.data().symbol() : "BTCUSDT";
            io.perpguard.app.SymbolMatch.requireFunding("funding", funding.getFileName().toString(), fh.symbol(), traded);
        }
        SimulateUseCase.Result r = SimulateUseCase.run(new SimulateUseCase.Request(lc.data(), candles.getFileName().toString(), fh,
                funding == null ? null : funding.getFileName().toString(), Checks.inRange("funding-rate", fundingRate, -0.05, 0.05),
                parsePolicy(policy), policyName(policy), leverage, side == null ? null : Side.parse("side", side), SimulateUseCase.PATHS.check(paths), parseHorizonDays(horizon), seed,
                threads == null ? null : SimulateUseCase.THREADS.check(threads), blockLength,
                fundingBlockLength, equity, RuinPct.check("ruin-pct", ruinPct), symbol, warnings), fee.on(common.instruments()));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, r);
        } else {
            print(out, r);
        }
        return 0;
    }

    static Policy parsePolicy(String text) {
        String t = Checks.notBlank("policy", text).trim();
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "a" -> Policy.traderA();
            case "b" -> Policy.traderB();
            default -> {
                Path p = Path.of(t);
                if (!java.nio.file.Files.exists(p)) {
                    throw new InvalidInputException("policy", "'" + t + "' is neither a, b nor an existing policy JSON file");
                }
                yield PolicyFile.read(p);
            }
        };
    }

    private static String policyName(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.equals("a") || t.equals("b") ? t : Path.of(text.trim()).getFileName().toString();
    }

    /** Parses {@code 365d}, {@code 52w}, {@code 1y} (365 days) or a bare number of days. */
    static int parseHorizonDays(String text) {
        String t = Checks.notBlank("horizon", text).trim().toLowerCase(Locale.ROOT);
        int mult = 1;
        if (t.endsWith("d")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("w")) {
            mult = 7;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("y")) {
            mult = 365;
            t = t.substring(0, t.length() - 1);
        }
        try {
            if (!io.perpguard.Checks.digits(t.trim())) {   // Long.parseLong reads +30 and ٣٠ as 30
                throw new NumberFormatException(t);
            }
            long d = Long.parseLong(t.trim()) * mult;
            if (d < 1 || d > 36_500) {
                throw new InvalidInputException("horizon", text + " is outside 1d to 100y");
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("horizon", "'" + text + "' is not a horizon; use e.g. 365d, 52w or 1y");
        }
    }

    private static void print(PrintWriter out, SimulateUseCase.Result r) {
        out.printf("Policy %s: %s%n", r.policy(), r.policyRule());
        // small amounts (a coin-margined account's BTC) with 4 decimals
        int dp = r.startEquity() >= 100 ? 0 : 4;
        out.printf("%d paths x %d days (%d bars of %sh), seed %d, start equity %s %s%n", r.paths(), r.horizonDays(), r.horizonBars(),
                Checks.fmt(r.barHours()), r.seed(), Output.num(r.startEquity(), Math.max(2, dp)), r.settlementCurrency());
        out.printf("%s by %s rules: taker fee %s %%; a liquidation takes %s%n", r.symbol(), r.venue(), Checks.fmt(r.takerFeePct()),
                switch (r.liquidationTake()) {
                    case CLEARANCE_FEE -> "a clearance fee of " + Checks.fmt(r.liquidationFeePct()) + " % of the notional";
                    case TAKER_FEE -> "a liquidation fee of " + Checks.fmt(r.liquidationFeePct()) + " % of the notional";
                    case REMAINING_MARGIN -> "all the margin left";
                });
        MonteCarlo.EquityPercentiles te = r.terminalEquityPercentiles();
        Output.rows(out, new String[][]{
                {"ruin", RuinPct.describe(r.ruinPct())},
                {"survival at horizon", Output.share(r.survivalAtHorizon(), 1) + " (liquidated " + Output.share(r.liquidatedShare(), 1)
                        + ", ruined in all " + Output.share(r.ruinedShare(), 1) + ")"},
                {"survival 95 % interval", Output.share(r.survivalInterval95().low(), 1) + " to " + Output.share(r.survivalInterval95().high(), 1)
                        + " (sampling error of " + r.paths() + " paths, Wilson)"},
                {"median days to ruin", Double.isFinite(r.medianDaysToRuin()) ? Output.num(r.medianDaysToRuin(), 1) : "- (fewer than half ruined)"},
                {"terminal equity p5/p25/p50/p75/p95", Output.num(te.p5(), dp) + " / " + Output.num(te.p25(), dp) + " / "
                        + Output.num(te.p50(), dp) + " / " + Output.num(te.p75(), dp) + " / " + Output.num(te.p95(), dp)},
                {"max drawdown p50 / p95", Output.num(r.maxDrawdownPercentiles().p50(), 1) + " % / " + Output.num(r.maxDrawdownPercentiles().p95(), 1) + " %"},
                {"trades per path", Output.num(r.meanTrades(), 1)},
        });
        List<String[]> rows = new ArrayList<>();
        int[] marks = {1, 7, 30, 90, 180, 365};
        for (int d : marks) {
            if (d <= r.horizonDays()) {
                rows.add(new String[]{"day " + d, Output.share(r.survivalOnDay(d), 1)});
            }
        }
        if (r.horizonDays() > 1 && Arrays.stream(marks).noneMatch(d -> d == r.horizonDays())) {
            rows.add(new String[]{"day " + r.horizonDays(), Output.share(r.survivalOnDay(r.horizonDays()), 1)});
        }
        Output.table(out, new String[]{"", "survival"}, rows);
        out.println("  " + r.fundingSampling());
        for (String w : r.warnings()) {
            out.println("  warning: " + w);
        }
        out.flush();
    }
}
