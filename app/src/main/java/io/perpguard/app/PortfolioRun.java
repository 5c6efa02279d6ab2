package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.PortfolioFile;
import io.perpguard.data.market.DailyCandles;
import io.perpguard.data.market.Loaded;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.app.explain.PortfolioText;
import io.perpguard.portfolio.Betas;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.PortfolioRisk;
import io.perpguard.portfolio.ReturnMatrix;
import io.perpguard.portfolio.StressTest;
import io.perpguard.portfolio.Venues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One {@code perpguard portfolio} run, shared by the command and the desk's {@code POST /api/portfolio}: reads the
 * account (marks missing from it fall back to the last daily close in the returns directory), loads the daily candles
 * of every symbol held plus the benchmark and the bundled contracts, and analyses it with the given scenarios.
 */
public final class PortfolioRun {
    private PortfolioRun() {
    }

    /** The report and the warnings of reading the candles and of the analysis. */
    public record Result(PortfolioReport report, List<String> warnings) {
    }

    /**
     * @param reader  reads the account given a fallback mark per symbol (NaN when unknown), e.g. {@link PortfolioFile#read}
     * @param returns directory of daily candle CSVs named SYMBOL-*.csv, or null
     * @param window  most recent daily returns used
     * @param shocks  extra scenarios in the CLI's {@code --shock} syntax
     * @param benchmark the contract betas are measured against, null for {@value Betas#DEFAULT_BENCHMARK}
     */
    public static Result analyse(Function<ToDoubleFunction<String>, Portfolio> reader, Path returns, int window, List<String> shocks,
                                 String benchmark, Instruments instruments) {
        return analyse(reader, returns, window, shocks, benchmark, instruments, Venues.uniform(instruments));
    }

    /** The same with each sub-account priced by its own venue ({@link PortfolioRisk#analyse(Portfolio, Instruments, Venues, Map, PortfolioRisk.Options)}). */
    public static Result analyse(Function<ToDoubleFunction<String>, Portfolio> reader, Path returns, int window, List<String> shocks,
                                 String benchmark, Instruments instruments, Venues venues) {
        PortfolioUseCase.WINDOW.check(window);
        Map<String, CandleSeries> cache = new HashMap<>();
        List<String> readWarnings = new ArrayList<>();
        Portfolio portfolio = reader.apply(symbol -> {
            if (returns == null) {
                return Double.NaN;
            }
            CandleSeries c = load(returns, List.of(symbol), cache, readWarnings).get(symbol);
            return c == null ? Double.NaN : c.close()[c.size() - 1];
        });
        String bench = Betas.benchmark(benchmark, instruments);
        Map<String, CandleSeries> daily = null;
        if (returns != null) {
            Set<String> wanted = new LinkedHashSet<>(portfolio.symbols());
            wanted.add(bench);
            wanted.addAll(instruments.bySymbol().keySet());
            daily = load(returns, wanted, cache, readWarnings);
            standIn(portfolio, returns, daily, cache, readWarnings);
            requireSome(returns, daily);
        }
        List<Double> market = new ArrayList<>();
        List<StressTest.Scenario> custom = new ArrayList<>();
        for (String s : shocks) {
            parseShock(s, market, custom);
        }
        // a move of a symbol the account does not hold changes nothing: a typo (ETHUSTD=-35) read as "ETH unmoved" is refused
        for (StressTest.Scenario sc : custom) {
            for (String sym : sc.moves().keySet()) {
                if (!portfolio.symbols().contains(sym)) {
                    throw new InvalidInputException("shock." + sym, sym + " is not held in the account (it holds " + String.join(", ",
                            portfolio.symbols()) + "): its move would change nothing");
                }
            }
        }
        PortfolioRisk.Options options = new PortfolioRisk.Options(window, market, custom, StressTest.CRASH_DAYS, benchmark);
        PortfolioReport report = PortfolioRisk.analyse(portfolio, instruments, venues, daily, options);
        List<String> warnings = new ArrayList<>(readWarnings);
        warnings.addAll(PortfolioText.notes(report.warnings()));
        return new Result(report, warnings);
    }

    /**
     * Beta to {@code benchmark} of each symbol with daily candles in {@code returns}, over the last {@code window} common
     * days (the same estimate as the portfolio report's); symbols without candles are left out. The benchmark is 1.
     */
    public static Betas betas(Path returns, Collection<String> symbols, int window, String benchmark) {
        Set<String> wanted = new LinkedHashSet<>(symbols);
        wanted.add(benchmark);
        Map<String, CandleSeries> daily = DailyCandles.load(returns, new ArrayList<>(wanted)).data();
        requireSome(returns, daily);
        Betas none = Betas.none(benchmark);
        if (!daily.containsKey(benchmark)) {
            return none;
        }
        List<String> have = new ArrayList<>();
        for (String s : wanted) {
            if (daily.containsKey(s)) {
                have.add(s);
            }
        }
        ReturnMatrix m = ReturnMatrix.align(have, daily, window);
        return m.days() < 2 ? none : Betas.estimate(m, benchmark);
    }

    /**
     * A coin-margined contract without daily candles of its own takes its asset's USDT contract's (BTCUSDT's for
     * BTCUSD_PERP: few inverse histories are published; the basis between the two is not modelled), with a warning.
     */
    private static void standIn(Portfolio portfolio, Path returns, Map<String, CandleSeries> daily, Map<String, CandleSeries> cache,
                                List<String> warnings) {
        for (io.perpguard.portfolio.SubAccount s : portfolio.subAccounts()) {
            for (io.perpguard.margin.Position p : s.account().positions()) {
                if (p.type() == io.perpguard.venue.ContractType.LINEAR || daily.containsKey(p.symbol())) {
                    continue;
                }
                String linear = SymbolMatch.asset(p.symbol()) + "USDT";
                CandleSeries c = load(returns, List.of(linear), cache, warnings).get(linear);
                if (c != null) {
                    daily.put(p.symbol(), c);
                    warnings.add(linear + " daily candles stand in for " + p.symbol() + "'s (same asset, another contract): "
                            + "the basis between them is not modelled");
                }
            }
        }
    }

    /** A returns directory without a single usable daily file is a mistake (a wrong path), not "no returns". */
    private static void requireSome(Path returns, Map<String, CandleSeries> daily) {
        if (daily.isEmpty()) {
            throw new io.perpguard.InvalidInputException("returns", returns + " holds no daily candles for these symbols "
                    + "(files named SYMBOL-*.csv with one-day bars, e.g. BTCUSDT-1d-spot.csv)");
        }
    }

    private static Map<String, CandleSeries> load(Path returns, Iterable<String> symbols, Map<String, CandleSeries> cache, List<String> warnings) {
        List<String> todo = new ArrayList<>();
        for (String s : symbols) {
            if (!cache.containsKey(s)) {
                todo.add(s);
            }
        }
        if (!todo.isEmpty()) {
            Loaded<Map<String, CandleSeries>> l = DailyCandles.load(returns, todo);
            for (String s : todo) {
                cache.put(s, l.data().get(s));
            }
            warnings.addAll(l.warnings());
        }
        Map<String, CandleSeries> out = new LinkedHashMap<>();
        for (String s : symbols) {
            if (cache.get(s) != null) {
                out.put(s, cache.get(s));
            }
        }
        return out;
    }

    /** {@code -30} / {@code -30%} → market-wide; {@code BTCUSDT=-20,ETHUSDT=-35} → per symbol (others unmoved). */
    public static void parseShock(String spec, List<Double> market, List<StressTest.Scenario> custom) {
        String s = spec.trim();
        if (!s.contains("=")) {
            market.add(Checks.inRange("shock", percent("shock", s), -100, 10000) / 100);
            return;
        }
        Map<String, Double> moves = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new InvalidInputException("shock", "'" + part + "' is not SYMBOL=PERCENT");
            }
            String sym = kv[0].trim().toUpperCase(Locale.ROOT);
            // BTCUSDT=-20,BTCUSDT=-30 moved BTC by the last one, silently
            if (moves.put(sym, Checks.inRange("shock." + sym, percent("shock." + sym, kv[1]), -100, 10000) / 100) != null) {
                throw new InvalidInputException("shock." + sym, "is given twice in '" + io.perpguard.Checks.clip(s)
                        + "'; give each symbol's move once");
            }
        }
        custom.add(StressTest.Scenario.custom(s, moves));
    }

    private static double percent(String field, String text) {
        String t = text.trim().replace("%", "");
        if (!Checks.plain(t)) {   // 0x10, 20d, ٢٠ were read by Java's rules
            throw new InvalidInputException(field, "'" + io.perpguard.data.io.Excerpt.of(text) + "' is not a percentage (write it as digits with "
                    + "an optional sign and decimal point, e.g. -20 or 12.5)");
        }
        return Checks.parse(field, "'" + io.perpguard.data.io.Excerpt.of(text) + "'", t);
    }
}
