package io.perpguard.cascade;

import io.perpguard.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the metrics that event bands name. Metric names (reference market = first market):
 * <pre>
 * drawdownPct[:SYM]            largest peak-to-trough fall, percent
 * drawdownRatio:SYM[:W]        SYM's drawdown / the reference market's (with W: largest falls within W minutes)
 * drawdownWithinPct:FROM:TO    reference drawdown between minutes FROM and TO
 * maxDrawdownInWindowPct:W[:SYM] largest fall within any W-minute window (reference market unless SYM)
 * timeToTroughMinutes          reference
 * longShare                    long / all liquidations
 * liquidatedUsd, liquidatedToOi, oiDropPct, oiDropToLiquidated
 * maxWindowShare:W             largest share of all liquidations inside any W-minute window
 * peakMinuteShare              largest one-minute share of all liquidations
 * windowRateRatio:W            liquidation rate in the busiest W-minute window / rate in the rest of the run
 * dayLiquidatedUsd:K           liquidations in UTC day K (0 = the day the scenario starts)
 * depthAtTroughRatio           reference market's effective 1 % depth at its trough / baseline
 * amplification, maxPathR, badDebtUsd, insuranceFundChangeUsd, adlUsd
 * </pre>
 */
public final class Bands {
    private static final long DAY_MS = 86_400_000L;

    private Bands() {
    }

    public static List<BandResult> evaluate(CascadeScenario s, CascadeResult r) {
        List<BandResult> out = new ArrayList<>();
        for (Band b : s.bands()) {
            out.add(BandResult.of(b, metric(b.metric(), s, r)));
        }
        return out;
    }

    /** The value of one metric for a run (see the class table). */
    public static double metric(String name, CascadeScenario s, CascadeResult r) {
        String[] p = name.split(":");
        MarketOutcome ref = r.markets().get(0);
        double total = r.liquidatedUsd();
        double[] perMin = r.liquidatedPerMinute();
        switch (p[0]) {
            case "drawdownPct":
                return p.length > 1 ? r.market(p[1]).drawdownPct() : ref.drawdownPct();
            case "drawdownRatio": {
                MarketOutcome o = r.market(arg(p, 1, name));
                if (p.length > 2) {
                    int w = (int) num(p, 2, name);
                    return maxDrawdownInWindow(o, w) / maxDrawdownInWindow(ref, w);
                }
                return o.drawdownPct() / ref.drawdownPct();
            }
            case "drawdownWithinPct":
                return ref.drawdownPctBetween((int) num(p, 1, name), (int) num(p, 2, name));
            case "maxDrawdownInWindowPct":
                return maxDrawdownInWindow(p.length > 2 ? r.market(p[2]) : ref, (int) num(p, 1, name));
            case "timeToTroughMinutes":
                return ref.timeToTroughMinutes();
            case "longShare":
                return total > 0 ? r.longLiquidatedUsd() / total : Double.NaN;
            case "liquidatedUsd":
                return total;
            case "liquidatedToOi":
                return total / r.oiBeforeUsd();
            case "oiDropPct":
                return 100 * (r.oiBeforeUsd() - r.oiAfterUsd()) / r.oiBeforeUsd();
            case "oiDropToLiquidated":
                return total > 0 ? (r.oiBeforeUsd() - r.oiAfterUsd()) / total : Double.NaN;
            case "maxWindowShare":
                return total > 0 ? bestWindow(perMin, (int) num(p, 1, name)) / total : Double.NaN;
            case "peakMinuteShare":
                return total > 0 ? bestWindow(perMin, 1) / total : Double.NaN;
            case "windowRateRatio": {
                int w = (int) num(p, 1, name);
                double in = bestWindow(perMin, w);
                double restMinutes = perMin.length - w;
                double rest = (total - in) / restMinutes;
                return rest > 0 ? (in / w) / rest : Double.POSITIVE_INFINITY;
            }
            case "dayLiquidatedUsd": {
                int k = (int) num(p, 1, name);
                long dayStart = Math.floorDiv(s.startTimeMs(), DAY_MS) * DAY_MS + k * DAY_MS;
                double sum = 0;
                for (int i = 0; i < perMin.length; i++) {
                    long t = s.startTimeMs() + i * 60_000L;
                    if (t >= dayStart && t < dayStart + DAY_MS) {
                        sum += perMin[i];
                    }
                }
                return sum;
            }
            case "depthAtTroughRatio":
                return ref.depthAtTroughRatio();
            case "amplification":
                return r.amplification();
            case "maxPathR":
                return r.maxPathR();
            case "badDebtUsd":
                return r.badDebtUsd();
            case "insuranceFundChangeUsd":
                return r.insuranceFundChangeUsd();
            case "adlUsd": {
                double a = 0;
                for (MarketOutcome m : r.markets()) {
                    a += m.adlUsd();
                }
                return a;
            }
            default:
                throw new InvalidInputException("band.metric", "unknown metric '" + name + "'");
        }
    }

    /** Largest peak-to-trough fall (percent) inside any window of {@code w} minutes. */
    static double maxDrawdownInWindow(MarketOutcome o, int w) {
        double worst = 0;
        for (int i = 0; i < o.minuteLow().length; i++) {
            worst = Math.max(worst, o.drawdownPctBetween(i, i + w));
        }
        return worst;
    }

    /** Largest sum of {@code w} consecutive entries. */
    static double bestWindow(double[] v, int w) {
        double sum = 0, best = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= w) {
                sum -= v[i - w];
            }
            best = Math.max(best, sum);
        }
        return best;
    }

    private static String arg(String[] p, int i, String name) {
        if (p.length <= i) {
            throw new InvalidInputException("band.metric", "'" + name + "' needs an argument after ':'");
        }
        return p[i];
    }

    private static double num(String[] p, int i, String name) {
        try {
            return Double.parseDouble(arg(p, i, name));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("band.metric", "'" + name + "': '" + p[i] + "' is not a number");
        }
    }
}
