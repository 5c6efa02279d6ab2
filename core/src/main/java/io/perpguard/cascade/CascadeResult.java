package io.perpguard.cascade;

import java.util.List;

/**
 * The result of running a scenario: the contract figures of {@code perpguard cascade --json} plus every market's
 * outcome and the band report.
 *
 * @param scenario             scenario name
 * @param core                 {@code event} or {@code analytic}
 * @param drawdownPct          reference market's largest peak-to-trough fall, percent
 * @param timeToTroughMinutes  reference market's minutes from that peak to the trough (NaN for the analytic core)
 * @param longLiquidatedUsd    all markets
 * @param shortLiquidatedUsd   all markets
 * @param oiBeforeUsd          all markets
 * @param oiAfterUsd           all markets
 * @param amplification        reference market's x* / x₀
 * @param maxPathR             largest local R along any market's path
 * @param badDebtUsd           all markets
 * @param insuranceFundChangeUsd all markets
 * @param markets              per market
 * @param bands                band report (empty when the scenario has no bands)
 */
public record CascadeResult(String scenario, String core, double drawdownPct, double timeToTroughMinutes,
                            double longLiquidatedUsd, double shortLiquidatedUsd, double oiBeforeUsd, double oiAfterUsd,
                            double amplification, double maxPathR, double badDebtUsd, double insuranceFundChangeUsd,
                            List<MarketOutcome> markets, List<BandResult> bands) {
    public CascadeResult {
        markets = List.copyOf(markets);
        bands = List.copyOf(bands);
    }

    /** Combines market outcomes; the first market is the reference for drawdown, time and amplification. */
    public static CascadeResult of(String scenario, String core, List<MarketOutcome> ms) {
        double ll = 0, sl = 0, ob = 0, oa = 0, r = 0, bd = 0, ifc = 0;
        for (MarketOutcome m : ms) {
            ll += m.longLiquidatedUsd();
            sl += m.shortLiquidatedUsd();
            ob += m.oiBeforeUsd();
            oa += m.oiAfterUsd();
            r = Math.max(r, m.maxPathR());
            bd += m.badDebtUsd();
            ifc += m.insuranceFundChangeUsd();
        }
        MarketOutcome ref = ms.get(0);
        return new CascadeResult(scenario, core, ref.drawdownPct(), ref.timeToTroughMinutes(), ll, sl, ob, oa,
                ref.amplification(), r, bd, ifc, ms, List.of());
    }

    public CascadeResult withBands(List<BandResult> b) {
        return new CascadeResult(scenario, core, drawdownPct, timeToTroughMinutes, longLiquidatedUsd, shortLiquidatedUsd,
                oiBeforeUsd, oiAfterUsd, amplification, maxPathR, badDebtUsd, insuranceFundChangeUsd, markets, b);
    }

    public double liquidatedUsd() {
        return longLiquidatedUsd + shortLiquidatedUsd;
    }

    public MarketOutcome market(String symbol) {
        for (MarketOutcome m : markets) {
            if (m.symbol().equalsIgnoreCase(symbol)) {
                return m;
            }
        }
        throw new io.perpguard.InvalidInputException("metric", "no market " + symbol + " in the scenario");
    }

    /** Liquidation notional per minute summed over markets (long + short). */
    public double[] liquidatedPerMinute() {
        int n = 0;
        for (MarketOutcome m : markets) {
            n = Math.max(n, m.longLiquidatedPerMinute().length);
        }
        double[] s = new double[n];
        for (MarketOutcome m : markets) {
            for (int i = 0; i < m.longLiquidatedPerMinute().length; i++) {
                s[i] += m.longLiquidatedPerMinute()[i] + m.shortLiquidatedPerMinute()[i];
            }
        }
        return s;
    }
}
