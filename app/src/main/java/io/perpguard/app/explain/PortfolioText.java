package io.perpguard.app.explain;

import io.perpguard.portfolio.PortfolioNote;
import io.perpguard.portfolio.StressTest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.perpguard.app.explain.Words.fmt;
import static io.perpguard.app.explain.Words.num;

/** The sentences of a portfolio report: its warnings and scenario notes, and each scenario's name. */
public final class PortfolioText {
    private PortfolioText() {
    }

    /** One line the reader must know. */
    public static String note(PortfolioNote n) {
        Map<String, Object> v = n.values();
        return switch (n.code()) {
            case NO_RETURNS -> "no --returns: beta is 1 for " + v.get("benchmark") + " by definition and unknown for other symbols (taken as 1 for "
                    + "the liquidating move); VaR, correlation, scenarios and hedge statistics not computed";
            case NO_CANDLES -> "no daily candles for " + list(v.get("symbols")) + ": beta unknown (taken as 1), VaR and correlation not computed";
            case TOO_FEW_DAYS -> "fewer than 2 days on which every symbol has a daily return: betas and VaR not computed";
            case FEW_DAYS -> "only " + v.get("days") + " common days of returns: betas and VaR are rough";
            case BETA_ASSUMED -> "beta taken as 1 for " + list(v.get("symbols"));
            case SPOT_NO_PERPETUAL -> "spot " + v.get("asset") + ": no " + v.get("symbol") + " perpetual known, no hedge sized";
            case NO_BENCHMARK_PRICE -> "no " + v.get("symbol") + " price (no " + v.get("symbol") + " position and no candles): hedge not sized";
            case HEDGE_NOT_PLACEABLE -> "hedge with " + v.get("symbol") + " in '" + v.get("subAccount") + "' cannot be placed: " + v.get("problem");
            case HEDGE_OTHER_CURRENCY -> "no " + v.get("symbol") + " hedge sized: '" + v.get("subAccount") + "', liquidated first, is margined in "
                    + v.get("currency") + " and " + v.get("symbol") + " settles in another currency";
            case HEDGE_BENCHMARK_NOT_LISTED -> "no " + v.get("symbol") + " hedge sized: the venue the hedge would go to does not list "
                    + v.get("symbol") + "; choose a benchmark it lists (--benchmark, or benchmark in the desk API)";
            case PRICED_AT_LAST_CLOSE -> v.get("symbol") + ": no position holds it; priced at its last daily close";
            case SCENARIO_LEFT_UNMOVED -> v.get("symbol") + ": no candles for " + v.get("day") + " nor " + asset(String.valueOf(v.get("benchmark")))
                    + "'s to proxy; left unmoved";
            case SCENARIO_PROXIED -> v.get("symbol") + ": no candles for " + v.get("day") + "; moved by beta " + fmt(num(v, "beta"), 2) + " × "
                    + asset(String.valueOf(v.get("benchmark")));
            case SCENARIO_UNLISTED_UNMOVED -> "symbols not listed do not move";
        };
    }

    /** Every note, in order. */
    public static List<String> notes(List<PortfolioNote> notes) {
        return notes.stream().map(PortfolioText::note).toList();
    }

    /** A scenario's name: {@code 2020-03-12 close}, {@code 2020-03-12 intraday extreme}, {@code market -30.0%}, {@code custom SPEC}. */
    public static String name(StressTest.Scenario s) {
        return switch (s.kind()) {
            case CLOSE -> s.day() + " close";
            case INTRADAY_EXTREME -> s.day() + " intraday extreme";
            case MARKET -> String.format(Locale.ROOT, "market %+.1f%%", s.shock() * 100);
            case CUSTOM -> "custom " + s.spec();
        };
    }

    /**
     * How each asset of a pool moves in a sub-account's shocks and scenarios: {@code BTC with BTCUSD} (a position's own
     * coin), {@code ETH by beta 1.47 (ETHUSDT)}, {@code USDC held}.
     */
    public static String collateral(List<io.perpguard.portfolio.ShockBook.CoinMove> moves) {
        return String.join(", ", moves.stream().map(m -> m.asset() + (m.withPosition() ? " with " + m.symbol()
                : m.symbol() != null ? String.format(Locale.ROOT, " by beta %.2f (%s)", m.beta(), m.symbol()) : " held")).toList());
    }

    /** The asset a benchmark contract tracks ({@code BTCUSDT} → {@code BTC}), else the contract itself. */
    public static String asset(String benchmark) {
        String base = Words.baseAsset(benchmark);
        return base == null ? benchmark : base;
    }

    private static String list(Object symbols) {
        return String.join(", ", ((List<?>) symbols).stream().map(String::valueOf).toList());
    }
}
