package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.sim.PolicyFile;
import io.perpguard.instrument.Instrument;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Policy;
import io.perpguard.sim.ReturnBars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code perpguard simulate}: survival Monte Carlo of a trading policy on block-bootstrapped real returns. */
@Command(name = "simulate", header = "Runs a survival Monte Carlo of a trading policy on bootstrapped real candles.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Survival Monte Carlo: a policy trades paths built by block bootstrap from real candles, paying real funding",
                "(independent block bootstrap of the funding history) and taker fees; liquidation or equity below the ruin level",
                "ends a path. Policy a = all-in at 50x, no stop; b = 2 %% risk to a 2xATR(14) stop at 10x; or a policy JSON file."})
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
    int paths;
    @Option(names = "--horizon", paramLabel = "365d", defaultValue = "365d", description = "horizon in days: 365d, 52w, 1y (default ${DEFAULT-VALUE})")
    String horizon;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed; same seed and threads give the same result (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: the number of cores); results do not depend on it")
    Integer threads;
    @Option(names = "--block-length", paramLabel = "B", defaultValue = "168", description = "candle bars per bootstrap block (default ${DEFAULT-VALUE})")
    int blockLength;
    @Option(names = "--funding-block-length", paramLabel = "B", defaultValue = "0",
            description = "funding rates per bootstrap block (default: the same span of time as a candle block)")
    int fundingBlockLength;
    @Option(names = "--equity", paramLabel = "USDT", defaultValue = "10000", description = "starting equity (default ${DEFAULT-VALUE})")
    double equity;
    @Option(names = "--ruin-pct", paramLabel = "P", defaultValue = "10", description = "ruin when equity falls below P %% of the start (default ${DEFAULT-VALUE})")
    double ruinPct;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "contract for tiers and fees (default: from the candle file name, else BTCUSDT)")
    String symbol;
    @Option(names = "--leverage", paramLabel = "L", description = "override the policy's leverage")
    Double leverage;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        Loaded<CandleSeries> lc = CandleCsv.read(candles);
        CandleSeries cs = lc.data();
        List<String> warnings = new ArrayList<>(lc.warnings());
        String sym = symbol != null ? symbol : !cs.symbol().isEmpty() ? cs.symbol() : "BTCUSDT";
        Instrument inst = common.instruments().get(sym);
        MonteCarlo.Funding f;
        FundingHistory fh = null;
        if (funding != null) {
            Loaded<FundingHistory> lf = FundingFile.read(funding);
            warnings.addAll(lf.warnings());
            fh = lf.data();
            f = MonteCarlo.Funding.history(fh);
        } else {
            f = MonteCarlo.Funding.constant(Checks.inRange("funding-rate", fundingRate, -0.05, 0.05), inst.contract().fundingIntervalHours());
        }
        Policy pol = parsePolicy(policy);
        if (leverage != null) {
            pol = pol instanceof Policy.AllIn ? new Policy.AllIn(leverage)
                    : withLeverage((Policy.RiskPerTrade) pol, leverage);
        }
        int days = parseHorizonDays(horizon);
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Checks.inRange("ruin-pct", ruinPct, 0, 99.9999);
        MonteCarlo.Config cfg = new MonteCarlo.Config(paths, days, seed, t, blockLength, fundingBlockLength, equity, ruinPct / 100,
                inst.contract().takerFee(), inst.contract().liquidationFeeRate());
        ReturnBars bars = ReturnBars.of(cs);
        MonteCarlo.Report r = MonteCarlo.run(pol, bars, f, inst.tiers(), cfg);

        Map<String, Object> j = new LinkedHashMap<>();
        j.put("policy", policyName(policy));
        j.put("policyRule", pol.rule());
        j.put("paths", r.paths());
        j.put("horizonDays", r.horizonDays());
        j.put("seed", r.seed());
        j.put("threads", r.threads());
        j.put("survivalAtHorizon", r.survivalAtHorizon());
        j.put("liquidatedShare", r.liquidatedShare());
        j.put("ruinedShare", r.ruinedShare());
        j.put("medianDaysToRuin", r.medianDaysToRuin());
        Map<String, Object> te = new LinkedHashMap<>();
        te.put("p5", r.terminalEquity().p5());
        te.put("p25", r.terminalEquity().p25());
        te.put("p50", r.terminalEquity().p50());
        te.put("p75", r.terminalEquity().p75());
        te.put("p95", r.terminalEquity().p95());
        j.put("terminalEquityPercentiles", te);
        Map<String, Object> dd = new LinkedHashMap<>();
        dd.put("p50", r.maxDrawdownPct().p50());
        dd.put("p95", r.maxDrawdownPct().p95());
        j.put("maxDrawdownPercentiles", dd);
        j.put("meanTrades", r.meanTrades());
        j.put("startEquity", r.startEquity());
        j.put("ruinLevelPct", ruinPct);
        j.put("symbol", inst.symbol());
        j.put("takerFeePct", 100 * cfg.takerFee());
        j.put("liquidationFeePct", 100 * cfg.liquidationFeeRate());
        j.put("barHours", bars.barHours());
        j.put("horizonBars", r.horizonSteps());
        j.put("blockLength", r.blockLength());
        j.put("fundingBlockLength", r.fundingBlockLength());
        j.put("returnSampling", "moving-block bootstrap of real candle bars (close, high, low relative to the previous close), "
                + r.blockLength() + " bars per block, block starts uniform; liquidation and stops checked intrabar on high/low");
        j.put("fundingSampling", fh != null
                ? "independent block bootstrap of the funding-rate history, " + r.fundingBlockLength() + " rates per block, paid every "
                + f.intervalHours() + "h on the open notional"
                : "constant " + fundingRate + " per " + f.intervalHours() + "h (no --funding file)");
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("candles", candles.getFileName().toString());
        src.put("candleBars", cs.size());
        src.put("candlesFrom", cs.size() > 0 ? Instant.ofEpochMilli(cs.openTimeMs()[0]).toString() : null);
        src.put("candlesTo", cs.size() > 0 ? Instant.ofEpochMilli(cs.openTimeMs()[cs.size() - 1]).toString() : null);
        src.put("funding", funding != null ? funding.getFileName().toString() : null);
        src.put("fundingRates", fh != null ? fh.size() : null);
        src.put("fundingFrom", fh != null ? Instant.ofEpochMilli(fh.timeMs()[0]).toString() : null);
        src.put("fundingTo", fh != null ? Instant.ofEpochMilli(fh.timeMs()[fh.size() - 1]).toString() : null);
        j.put("data", src);
        List<Map<String, Object>> curve = new ArrayList<>(days);
        for (int d = 0; d < days; d++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("day", d + 1);
            c.put("survival", r.survivalByDay()[d]);
            curve.add(c);
        }
        j.put("survivalCurve", curve);
        j.put("warnings", warnings);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, j);
        } else {
            print(out, r, pol, j, warnings);
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

    private static Policy.RiskPerTrade withLeverage(Policy.RiskPerTrade b, double lev) {
        return new Policy.RiskPerTrade(b.riskPct(), b.atrMultiple(), b.atrPeriod(), lev, b.targetR(), b.maxBars(), b.liquidationBufferAtr());
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
            long d = Long.parseLong(t.trim()) * mult;
            if (d < 1 || d > 36_500) {
                throw new InvalidInputException("horizon", text + " is outside 1d to 100y");
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("horizon", "'" + text + "' is not a horizon; use e.g. 365d, 52w or 1y");
        }
    }

    private static void print(PrintWriter out, MonteCarlo.Report r, Policy pol, Map<String, Object> j, List<String> warnings) {
        out.printf("Policy %s: %s%n", j.get("policy"), pol.rule());
        out.printf("%d paths x %d days (%d bars of %sh), seed %d, start equity %s%n", r.paths(), r.horizonDays(), r.horizonSteps(),
                Checks.fmt((double) j.get("barHours")), r.seed(), Output.num(r.startEquity(), 2));
        Output.rows(out, new String[][]{
                {"survival at horizon", Output.pct(r.survivalAtHorizon(), 1) + " (liquidated " + Output.pct(r.liquidatedShare(), 1)
                        + ", ruined in all " + Output.pct(r.ruinedShare(), 1) + ")"},
                {"median days to ruin", Double.isFinite(r.medianDaysToRuin()) ? Output.num(r.medianDaysToRuin(), 1) : "- (fewer than half ruined)"},
                {"terminal equity p5/p25/p50/p75/p95", Output.num(r.terminalEquity().p5(), 0) + " / " + Output.num(r.terminalEquity().p25(), 0) + " / "
                        + Output.num(r.terminalEquity().p50(), 0) + " / " + Output.num(r.terminalEquity().p75(), 0) + " / " + Output.num(r.terminalEquity().p95(), 0)},
                {"max drawdown p50 / p95", Output.num(r.maxDrawdownPct().p50(), 1) + " % / " + Output.num(r.maxDrawdownPct().p95(), 1) + " %"},
                {"trades per path", Output.num(r.meanTrades(), 1)},
        });
        List<String[]> rows = new ArrayList<>();
        int[] marks = {1, 7, 30, 90, 180, 365};
        for (int d : marks) {
            if (d <= r.horizonDays()) {
                rows.add(new String[]{"day " + d, Output.pct(r.survivalByDay()[d - 1], 1)});
            }
        }
        if (r.horizonDays() != 365 && r.horizonDays() > 1) {
            rows.add(new String[]{"day " + r.horizonDays(), Output.pct(r.survivalByDay()[r.horizonDays() - 1], 1)});
        }
        Output.table(out, new String[]{"", "survival"}, rows);
        out.println("  " + j.get("fundingSampling"));
        for (String w : warnings) {
            out.println("  warning: " + w);
        }
        out.flush();
    }
}
