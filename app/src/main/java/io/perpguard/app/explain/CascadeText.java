package io.perpguard.app.explain;

import io.perpguard.cascade.Amplification;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.EventModel;
import io.perpguard.cascade.StateDefault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.perpguard.app.explain.Words.fmt;
import static io.perpguard.app.explain.Words.num;

/** The sentences of the cascade model's output, written from core's codes and figures. */
public final class CascadeText {
    private CascadeText() {
    }

    /** One line naming what made the fall larger (or not) than the exogenous driver. */
    public static String mechanism(Amplification a, Behaviour b) {
        String forced = "$" + fmt(a.forcedUsd() / 1e6, 0) + "M";
        String split = "the fall exceeds the driver by " + fmt(a.extraPp(), 2) + " pp (" + fmt(Math.min(a.extraPp(), a.indexPp()), 2)
                + " pp index" + (panicked(a) ? ", " + fmt(Math.min(a.extraPp(), a.panicPp()), 2) + " pp panic selling" : "") + ", "
                + fmt(a.bookPp(), 2) + " pp book walk through withdrawn depth)";
        String feedback = "φ = " + fmt(b.get(Behaviour.INDEX_IMPACT), 2) + " % per 1 % of depth m^κ·D₁ of net forced flow, κ = "
                + fmt(b.get(Behaviour.INDEX_WITHDRAWAL), 2) + ": thinner books in a fast fall move it further";
        String stops = !(a.stopUsd() > 0) ? "" : "; stop-loss orders closed $" + fmt(a.stopUsd() / 1e6, 0) + "M of positions before "
                + "liquidation, selling through the same φ but not counted as liquidations";
        String withdrawal = !(a.minDepth() < 0.5) ? "" : "; market makers pulled quotes against the fast move and the forced flow (depth down to "
                + fmt(100 * a.minDepth(), 1) + " % of calm; it halves at " + fmt(b.get(Behaviour.FLOW_WITHDRAWAL), 2)
                + "×D₁ of liquidations a minute) and refilled the book at m^" + fmt(b.get(Behaviour.REFILL_WITHDRAWAL), 2) + " of their calm rate";
        return switch (a.code()) {
            case NONE -> "none: the fall equals the exogenous driver (" + fmt(a.driverPct(), 2) + " %); forced selling of " + forced
                    + " was absorbed by refill and the pull to the index";
            case INDEX_SPIRAL -> "liquidation spiral through index feedback: " + forced + " of forced selling moved the index "
                    + fmt(-a.indexPp(), 2) + " % (" + feedback + ")" + common(a, b) + ", which liquidated further positions" + stops + withdrawal
                    + panic(a, b, "; the speed of the fall set off panic selling: ") + "; " + split;
            case COMMON_FACTOR_SPIRAL -> "liquidation spiral through index feedback, mostly through the common index factor: forced "
                    + "selling moved the index " + fmt(-a.indexPp(), 2) + " % (" + feedback + ")" + common(a, b)
                    + ", which liquidated further positions (" + forced + " here)" + stops + withdrawal + panic(a, b, "; the speed of the fall set off panic selling: ") + "; " + split;
            case PANIC_SELLING -> "panic selling on the speed of the fall" + panic(a, b, ": ") + "; " + forced + " of forced selling moved it "
                    + fmt(-a.indexPp(), 2) + " % more (" + feedback + ")" + common(a, b) + stops + withdrawal + "; " + split;
        };
    }

    /** Panic selling is named only where it moved the index by a figure the line shows (0.01 pp), as the common factor is. */
    private static boolean panicked(Amplification a) {
        return a.panicUsd() > 0 && Math.abs(a.panicPp()) >= 0.005;
    }

    private static String panic(Amplification a, Behaviour b, String lead) {
        if (!panicked(a)) {
            return "";
        }
        double m = a.panicUsd() / 1e6;
        return lead + "holders off the ladder sold $" + fmt(m, m < 10 ? 1 : 0) + "M when the index fell faster than "
                + fmt(b.get(Behaviour.PANIC_SPEED), 2) + " % a minute (up to " + fmt(b.get(Behaviour.PANIC_SELL), 2)
                + "×D₁ a minute), moving the index " + fmt(-a.panicPp(), 2) + " % through the same φ without liquidating anyone";
    }

    private static String common(Amplification a, Behaviour b) {
        if (!(a.commonPp() > 0.005)) {
            return "";
        }
        return ", " + fmt(-a.commonPp(), 2) + " % of it through the common factor (σ = " + fmt(b.get(Behaviour.COMMON_SHARE), 2)
                + " of every coupled market's forced flow against their summed depth, × this market's β)";
    }

    /** The sentence of one default the ladder used for a missing series. */
    public static String stateDefault(StateDefault d) {
        Map<String, Object> v = d.values();
        return switch (d.code()) {
            case NO_PRICES -> "no price history: flat path at the event price assumed";
            case NO_OI_HISTORY -> "no open-interest history: flat OI assumed over the window (positions only turn over)";
            case ONE_OI_SAMPLE -> "one open-interest sample: flat OI assumed over the window (positions only turn over)";
            case NO_FUNDING -> "no funding history: neutral funding (" + fmt(num(v, "baseFundingPct"), 4) + " %/8 h) assumed";
            case NO_LONG_SHORT -> "no long/short ratio: 1 assumed";
            case NO_DEPTH -> "no depth and too few bar volumes: calm 1 % depth = " + fmt(num(v, "depthToOiPct"), 2)
                    + " % of OI (BTCUSDT, Oct 2025) assumed";
            case DEPTH_ESTIMATED -> "calm 1 % depth $" + fmt(num(v, "depthUsd") / 1e6, 0) + "M (" + fmt(num(v, "depthToOiPct"), 2)
                    + " % of OI) estimated from the bars' price impact per dollar traded, " + v.get("returns")
                    + " returns (Amihud, calibrated on BTCUSDT before 10 Oct 2025; per dollar of the bar volumes as scaled above)";
            case NO_VOLUME -> "no bar volumes: turnover as if " + fmt(num(v, "oiPerDay"), 0) + " OI were traded a day (BTCUSDT before 10 Oct 2025: 0.95)";
            case VOLUME_SHARE -> "bar volumes ÷ " + fmt(num(v, "share"), 2) + ": the bars' venue held " + fmt(100 * num(v, "share"), 0)
                    + " % of the market's OI (observed, event file)";
            case NO_VOLUME_SHARE -> "bar volumes taken as the whole market's: the bars' venue's share of its OI not observed, 1 assumed";
            case NO_BETA -> "no beta: 1 assumed";
            case BETA_ESTIMATED -> "beta " + fmt(num(v, "beta"), 2) + " estimated from " + v.get("returns") + " bar returns against "
                    + v.get("reference");
        };
    }

    /** The sentences of one market's defaults. */
    public static List<String> stateDefaults(List<StateDefault> defaults) {
        return defaults.stream().map(CascadeText::stateDefault).toList();
    }

    /** Every default any market used, each prefixed with its symbol. */
    public static List<String> stateDefaults(EventModel.Prepared p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.built().size(); i++) {
            for (StateDefault d : p.built().get(i).defaults()) {
                out.add(p.symbol(i) + ": " + stateDefault(d));
            }
        }
        return out;
    }
}
