package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * Pre-event observables of one market over a look-back window: what {@link StateLadder} builds the position ladder
 * from. Every series is optional; a missing one is an empty array (or NaN) and falls back to a documented default
 * that the run reports ({@link StateLadder.Built#defaults()}).
 *
 * @param lookbackHours  window before the event that the ladder is built over (&gt; 0)
 * @param barTimeMs      price bars (open time, epoch ms, ascending); empty = no price history (flat path assumed)
 * @param barClose       close of each bar
 * @param barHigh        high of each bar
 * @param barLow         low of each bar
 * @param barQuoteUsd    quote (USD) volume traded in each bar; empty = no volume (calm depth and the look-back
 *                       turnover then fall back to defaults)
 * @param oiTimeMs       open-interest samples (epoch ms, ascending); empty = no OI history (flat OI assumed)
 * @param oiUsd          open interest at each sample, USD at that time's price
 * @param fundingRate    funding rates over the window, fraction per 8 h (Binance baseline 0.0001); empty = neutral
 * @param longShortRatio long/short account ratio before the event; NaN = not available (1 assumed)
 * @param preEventOiUsd  open interest at the event start, USD; NaN = the last OI sample
 * @param depth1PctUsd   calm bid depth within 1 % of mid, USD; NaN = default share of OI
 * @param beta           the market's move per 1 % move of the reference market (log); NaN = 1
 * @param volumeShare    share of the market's OI held on the venue whose bar volumes are given, 0.01–1; NaN = not
 *                       observed (1 assumed: the bars' volume stands for the whole market's)
 */
public record MarketState(double lookbackHours, long[] barTimeMs, double[] barClose, double[] barHigh, double[] barLow,
                          double[] barQuoteUsd, long[] oiTimeMs, double[] oiUsd, double[] fundingRate, double longShortRatio,
                          double preEventOiUsd, double depth1PctUsd, double beta, double volumeShare) {
    public MarketState {
        Checks.inRange("state.lookbackHours", lookbackHours, 1, 24 * 365);
        barTimeMs = barTimeMs == null ? new long[0] : barTimeMs.clone();
        barClose = barClose == null ? new double[0] : barClose.clone();
        barHigh = barHigh == null ? barClose.clone() : barHigh.clone();
        barLow = barLow == null ? barClose.clone() : barLow.clone();
        barQuoteUsd = barQuoteUsd == null ? new double[0] : barQuoteUsd.clone();
        oiTimeMs = oiTimeMs == null ? new long[0] : oiTimeMs.clone();
        oiUsd = oiUsd == null ? new double[0] : oiUsd.clone();
        fundingRate = fundingRate == null ? new double[0] : fundingRate.clone();
        int n = barTimeMs.length;
        if (barClose.length != n || barHigh.length != n || barLow.length != n) {
            throw new InvalidInputException("state.bars", "time, close, high and low need the same length");
        }
        if (barQuoteUsd.length != 0 && barQuoteUsd.length != n) {
            throw new InvalidInputException("state.bars", "quote volume must be given for every bar or for none");
        }
        for (double v : barQuoteUsd) {
            Checks.inRange("state.bars.quoteVolumeUsd", v, 0, 1e15);
        }
        for (int i = 0; i < n; i++) {
            Checks.positive("state.bars.close", barClose[i]);
            if (barLow[i] > barClose[i] || barHigh[i] < barClose[i]) {
                throw new InvalidInputException("state.bars", "bar " + i + " has its close outside [low, high]");
            }
            if (i > 0 && barTimeMs[i] <= barTimeMs[i - 1]) {
                throw new InvalidInputException("state.bars", "bar times must ascend (bar " + i + ")");
            }
        }
        if (oiTimeMs.length != oiUsd.length) {
            throw new InvalidInputException("state.oi", "times and values need the same length");
        }
        for (int i = 0; i < oiUsd.length; i++) {
            Checks.positive("state.oi.usd", oiUsd[i]);
            if (i > 0 && oiTimeMs[i] <= oiTimeMs[i - 1]) {
                throw new InvalidInputException("state.oi", "sample times must ascend (sample " + i + ")");
            }
        }
        for (double f : fundingRate) {
            Checks.inRange("state.fundingRate", f, -0.05, 0.05);
        }
        if (!Double.isNaN(longShortRatio)) {
            Checks.inRange("state.longShortRatio", longShortRatio, 0.05, 20);
        }
        if (!Double.isNaN(preEventOiUsd)) {
            Checks.positive("state.preEventOiUsd", preEventOiUsd);
        }
        if (!Double.isNaN(depth1PctUsd)) {
            Checks.positive("state.depth1PctUsd", depth1PctUsd);
        }
        if (!Double.isNaN(beta)) {
            Checks.inRange("state.beta", beta, 0.1, 5);
        }
        if (!Double.isNaN(volumeShare)) {
            Checks.inRange("state.volumeShare", volumeShare, 0.01, 1);
        }
        if (oiUsd.length == 0 && Double.isNaN(preEventOiUsd)) {
            throw new InvalidInputException("state", "needs an open-interest series or preEventOiUsd");
        }
    }

    /** The same state with the volume share not observed. */
    public MarketState(double lookbackHours, long[] barTimeMs, double[] barClose, double[] barHigh, double[] barLow,
                       double[] barQuoteUsd, long[] oiTimeMs, double[] oiUsd, double[] fundingRate, double longShortRatio,
                       double preEventOiUsd, double depth1PctUsd, double beta) {
        this(lookbackHours, barTimeMs, barClose, barHigh, barLow, barQuoteUsd, oiTimeMs, oiUsd, fundingRate, longShortRatio,
                preEventOiUsd, depth1PctUsd, beta, Double.NaN);
    }

    /** The same state without bar volumes (the form before volumes were read). */
    public MarketState(double lookbackHours, long[] barTimeMs, double[] barClose, double[] barHigh, double[] barLow,
                       long[] oiTimeMs, double[] oiUsd, double[] fundingRate, double longShortRatio,
                       double preEventOiUsd, double depth1PctUsd, double beta) {
        this(lookbackHours, barTimeMs, barClose, barHigh, barLow, null, oiTimeMs, oiUsd, fundingRate, longShortRatio, preEventOiUsd,
                depth1PctUsd, beta);
    }

    /** The same state with another beta. */
    public MarketState withBeta(double newBeta) {
        return new MarketState(lookbackHours, barTimeMs, barClose, barHigh, barLow, barQuoteUsd, oiTimeMs, oiUsd, fundingRate,
                longShortRatio, preEventOiUsd, depth1PctUsd, newBeta, volumeShare);
    }

    /**
     * The bars' volumes scaled to the whole market whose OI is given, Vᵢ / s (s = {@link #volumeShare()}, NaN = 1): the
     * volume every depth and turnover estimate reads. Empty when the bars carry no volume.
     */
    public double[] marketQuoteUsd() {
        double s = Double.isNaN(volumeShare) ? 1 : volumeShare;
        double[] v = barQuoteUsd.clone();
        for (int i = 0; i < v.length; i++) {
            // venue's volume / its share of the market's OI (cascade-data.md, "Binance's share of the events' OI")
            v[i] /= s;
        }
        return v;
    }

    /** Open interest at the event start, USD. */
    public double openInterestUsd() {
        return Double.isNaN(preEventOiUsd) ? oiUsd[oiUsd.length - 1] : preEventOiUsd;
    }
}
