package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stress scenarios on today's positions: the actual daily moves of past crash days, and moves a user defines.
 */
public final class StressTest {
    /** Crash days replayed by default: COVID (2020-03-12), China mining ban (2021-05-19), FTX (2022-11-09), yen carry unwind (2024-08-05). */
    public static final List<LocalDate> CRASH_DAYS = List.of(LocalDate.of(2020, 3, 12), LocalDate.of(2021, 5, 19),
            LocalDate.of(2022, 11, 9), LocalDate.of(2024, 8, 5));

    private StressTest() {
    }

    /**
     * A set of price moves. Its name is written outside core from the kind and its subject.
     *
     * @param kind  a past day's close or intraday extreme, a market-wide move, or a user's per-symbol moves
     * @param day   the past day (historical kinds), else null
     * @param shock the market-wide move as a fraction ({@link Kind#MARKET}), else NaN
     * @param spec  the user's per-symbol specification ({@link Kind#CUSTOM}), else null
     * @param moves per symbol, a fraction (−0.39 = −39 %)
     * @param notes how moves were obtained where not from the symbol's own data (e.g. a proxy)
     */
    public record Scenario(Kind kind, LocalDate day, double shock, String spec, Map<String, Double> moves, List<PortfolioNote> notes) {
        /** Where the moves come from. */
        public enum Kind { CLOSE, INTRADAY_EXTREME, MARKET, CUSTOM }

        public Scenario {
            Checks.notNull("kind", kind);
            moves = Map.copyOf(moves);
            notes = List.copyOf(notes);
            moves.forEach((s, m) -> Checks.inRange("moves." + s, m, -1, 100));
        }

        /** A user's per-symbol moves ({@code spec} as given); symbols not listed do not move. */
        public static Scenario custom(String spec, Map<String, Double> moves) {
            Checks.notBlank("spec", spec);
            return new Scenario(Kind.CUSTOM, null, Double.NaN, spec, moves, List.of(PortfolioNote.of(PortfolioNote.Code.SCENARIO_UNLISTED_UNMOVED)));
        }
    }

    /**
     * The result of a scenario.
     *
     * @param subAccounts each sub-account's outcome, valued on its own
     * @param spotPnl     change in value of the spot holdings
     * @param totalPnl    sum of every sub-account's equity change and the spot change
     */
    public record Result(Scenario scenario, List<SubAccounts.Outcome> subAccounts, double spotPnl, double totalPnl) {
        public Result {
            subAccounts = List.copyOf(subAccounts);
        }

        /** Names of the liquidated sub-accounts. */
        public List<String> liquidated() {
            return subAccounts.stream().filter(SubAccounts.Outcome::liquidated).map(SubAccounts.Outcome::name).toList();
        }
    }

    /**
     * Builds the scenario of one past day from daily candles: each symbol moves by
     * <pre>close(day) / close(day − 1) − 1</pre>
     * or, with {@code intraday}, by its adverse extreme {@code low(day) / close(day − 1) − 1} where the portfolio is
     * net long the symbol and {@code high(day) / close(day − 1) − 1} where it is net short. A symbol without both
     * candles moves by β × the benchmark's move (noted); without the benchmark's either it is left out (noted). Its
     * intraday extreme is the benchmark's extreme that is adverse to <em>its</em> position: β × the benchmark's low for a
     * net long with β &gt; 0, its high for a net short (the other way round when β &lt; 0) — not the extreme against the
     * book's benchmark position, which is the favourable one for a hedged altcoin long.
     *
     * @param netQty the portfolio's net quantity per symbol (sign picks the adverse extreme)
     * @param betas  beta to the benchmark per symbol (NaN or absent: 1)
     */
    public static Scenario historical(LocalDate day, boolean intraday, List<String> symbols, Map<String, CandleSeries> daily,
                                      Map<String, Double> netQty, Betas betas) {
        Map<String, Double> moves = new LinkedHashMap<>();
        List<PortfolioNote> notes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String s : symbols) {
            double m = dayMove(daily.get(s), day, intraday ? netQty.getOrDefault(s, 0.0) : 0);
            if (Double.isNaN(m)) {
                missing.add(s);
            } else {
                moves.put(s, m);
            }
        }
        String bench = betas.benchmark();
        for (String s : missing) {
            double b = betas.of(s);
            double beta = Double.isFinite(b) ? b : 1;
            // the benchmark's extreme adverse to this symbol's own position: a long with β > 0 falls with its low
            double exposure = intraday ? Math.signum(netQty.getOrDefault(s, 0.0)) * Math.signum(beta) : 0;
            double benchMove = dayMove(daily.get(bench), day, exposure);
            if (Double.isNaN(benchMove)) {
                notes.add(PortfolioNote.of(PortfolioNote.Code.SCENARIO_LEFT_UNMOVED, "symbol", s, "day", day.toString(), "benchmark", bench));
            } else {
                moves.put(s, Math.max(-1, beta * benchMove));
                notes.add(PortfolioNote.of(PortfolioNote.Code.SCENARIO_PROXIED, "symbol", s, "day", day.toString(), "beta", beta, "benchmark", bench));
            }
        }
        return new Scenario(intraday ? Scenario.Kind.INTRADAY_EXTREME : Scenario.Kind.CLOSE, day, Double.NaN, null, moves, notes);
    }

    /** A market-wide move: each symbol by {@code β × shock} (never below −100 %). */
    public static Scenario marketWide(double shock, List<String> symbols, Map<String, Double> betas) {
        Checks.inRange("shock", shock, -1, 100);
        Map<String, Double> moves = new LinkedHashMap<>();
        for (String s : symbols) {
            double b = betas.getOrDefault(s, Double.NaN);
            moves.put(s, Math.max(-1, (Double.isFinite(b) ? b : 1) * shock));
        }
        return new Scenario(Scenario.Kind.MARKET, null, shock, null, moves, List.of());
    }

    /** Applies a scenario to every sub-account (each on its own) and to the spot holdings. */
    public static Result apply(Portfolio portfolio, Instruments instruments, Scenario scenario) {
        return apply(portfolio, Venues.uniform(instruments), scenario);
    }

    /** The same, each sub-account priced by its own venue's instruments. */
    public static Result apply(Portfolio portfolio, Venues venues, Scenario scenario) {
        List<SubAccounts.Outcome> out = new ArrayList<>();
        double total = 0;
        for (SubAccount sub : portfolio.subAccounts()) {
            SubAccounts.Outcome o = SubAccounts.apply(sub, venues.of(sub), scenario.moves());
            out.add(o);
            total += o.pnl();
        }
        double spot = 0;
        for (SpotHolding h : portfolio.market()) {   // stablecoin cash does not move
            spot += h.value() * scenario.moves().getOrDefault(h.symbol(), 0.0);
        }
        return new Result(scenario, out, spot, total + spot);
    }

    /** One symbol's move on {@code day}; NaN without the day's and the previous day's candles. */
    static double dayMove(CandleSeries c, LocalDate day, double netQty) {
        if (c == null) {
            return Double.NaN;
        }
        long t = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int i = c.indexAtOrBefore(t);
        if (i < 1 || c.openTimeMs()[i] != t || c.openTimeMs()[i - 1] != t - ReturnMatrix.DAY_MS) {
            return Double.NaN;
        }
        double prev = c.close()[i - 1];
        double px = netQty > 0 ? c.low()[i] : netQty < 0 ? c.high()[i] : c.close()[i];
        return px / prev - 1;
    }
}
