package io.perpguard.stops;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.TickRule;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.EntryDistance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suggests where a stop belongs for an entry, from the candles up to a chosen one (never later ones):
 * <ol>
 *   <li>{@code atr}: k × ATR beyond entry ({@link VolatilityStop});</li>
 *   <li>{@code structure}: just beyond the nearest support (long) or resistance (short) zone clustered from swing
 *       pivots and lying wholly beyond entry, with a buffer of {@code bufferAtr} × ATR;</li>
 *   <li>{@code volume-node}: just beyond the nearest high-volume node on the protecting side, same buffer;</li>
 *   <li>{@code time}: leave after {@code timeBars} bars if +1R (measured with the ATR stop) is not reached.</li>
 * </ol>
 * Prices are rounded to the contract tick away from entry, so the distance is never less than the method asks.
 */
public final class StopPlanner {
    private StopPlanner() {
    }

    /**
     * Plans stops at candle {@code at}.
     *
     * @param contract for tick rounding; null to leave prices unrounded
     */
    public static StopPlan plan(CandleSeries candles, int at, Side side, double entry, StopParams p, Contract contract) {
        Checks.notNull("side", side);
        Checks.positive("entry", entry);
        double atr = Atr.at(candles, p.atrPeriod(), at);
        List<StopSuggestion> out = new ArrayList<>();
        List<StopPlan.Note> notes = new ArrayList<>();
        int sign = side.sign();

        // 1. volatility stop
        double atrStop = VolatilityStop.price(side, entry, atr, p.multiple());
        if (Double.isNaN(atrStop)) {
            notes.add(new StopPlan.Note(StopSuggestion.ATR, figures("side", side.label(), "multiple", p.multiple())));
        } else {
            double px = round(atrStop, side, contract);
            out.add(suggestion(StopSuggestion.ATR, px, entry, atr, figures("side", side.label(), "multiple", p.multiple(),
                    "atrPeriod", p.atrPeriod(), "distance", p.multiple() * atr)));
        }

        // 2. structure: swing pivots confirmed by candle `at` (a pivot needs pivotBars bars after it)
        int from = Math.max(0, at + 1 - p.lookback());
        int to = at + 1;
        int[] hi = SwingPivots.highs(candles.high(), p.pivotBars(), from, to);
        int[] lo = SwingPivots.lows(candles.low(), p.pivotBars(), from, to);
        List<Zone> zones = SupportResistance.zones(candles.high(), candles.low(), hi, lo, p.zoneToleranceAtr() * atr);
        Zone protect = null;
        for (Zone z : zones) {
            // the whole zone must lie on the protecting side: a zone price is sitting in does not protect it
            boolean protects = sign > 0 ? z.high() < entry : z.low() > entry;
            if (protects && (protect == null || (sign > 0 ? z.level() > protect.level() : z.level() < protect.level()))) {
                protect = z;
            }
        }
        if (protect == null) {
            notes.add(new StopPlan.Note(StopSuggestion.STRUCTURE, figures("side", side.label(), "bars", to - from, "pivotBars", p.pivotBars())));
        } else {
            double edge = sign > 0 ? protect.low() : protect.high();
            double px = round(edge - sign * p.bufferAtr() * atr, side, contract);
            out.add(suggestion(StopSuggestion.STRUCTURE, px, entry, atr, figures("side", side.label(), "bufferAtr", p.bufferAtr(),
                    "zoneLow", protect.low(), "zoneHigh", protect.high(), "touches", protect.touches(), "pivotBars", p.pivotBars(),
                    "lastTouchMs", candles.openTimeMs()[protect.lastTouch()])));
        }

        // 3. volume node
        VolumeProfile vp = VolumeProfile.of(candles.high(), candles.low(), candles.volume(), from, to, p.bins());
        VolumeProfile.Node node = null;
        for (VolumeProfile.Node n : vp.highVolumeNodes()) {
            boolean protects = sign > 0 ? n.price() < entry : n.price() > entry;
            if (protects && (node == null || (sign > 0 ? n.price() > node.price() : n.price() < node.price()))) {
                node = n;
            }
        }
        if (node == null) {
            notes.add(new StopPlan.Note(StopSuggestion.VOLUME_NODE, figures("side", side.label(), "bars", to - from)));
        } else {
            double edge = sign > 0 ? node.low() : node.high();
            double px = round(edge - sign * p.bufferAtr() * atr, side, contract);
            out.add(suggestion(StopSuggestion.VOLUME_NODE, px, entry, atr, figures("side", side.label(), "bufferAtr", p.bufferAtr(),
                    "nodeLow", level(node.low(), contract), "nodeHigh", level(node.high(), contract), "nodePeak", level(node.price(), contract),
                    "volumeRatio", node.volumeRatio(), "poc", level(vp.pocPrice(), contract))));
        }

        // the entry against the market (the close at `at`), by check's entry rule
        double close = candles.close()[at];
        double fromClose = EntryDistance.pct(entry, close);
        if (EntryDistance.far(fromClose, EntryDistance.DEFAULT_MAX_PCT)) {
            notes.add(new StopPlan.Note(StopPlan.Note.ENTRY, figures("entryPrice", entry, "lastClose", close, "distancePct", fromClose,
                    "maxDistancePct", EntryDistance.DEFAULT_MAX_PCT, "distanceAtr", Math.abs(entry - close) / atr)));
        }

        // 4. time stop, 1R measured with the volatility stop
        if (!Double.isNaN(atrStop)) {
            double oneR = TimeStop.oneRPrice(side, entry, atrStop);
            out.add(new StopSuggestion(StopSuggestion.TIME, Double.NaN, Double.NaN, Double.NaN, figures("side", side.label(),
                    "timeBars", p.timeBars(), "oneRPrice", round(oneR, side.opposite(), contract))));
        }
        return new StopPlan(side, entry, at, candles.openTimeMs()[at], atr, p.atrPeriod(), candles.close()[at], out, zones, vp, notes);
    }

    /** Plans stops at the last candle. */
    public static StopPlan plan(CandleSeries candles, Side side, double entry, StopParams p, Contract contract) {
        if (candles.size() == 0) {
            throw new InvalidInputException("candles", "no candles");
        }
        return plan(candles, candles.size() - 1, side, entry, p, contract);
    }

    private static StopSuggestion suggestion(String method, double price, double entry, double atr, Map<String, Object> figures) {
        double d = Math.abs(entry - price);
        return new StopSuggestion(method, price, d / entry * 100, d / atr, figures);
    }

    private static Map<String, Object> figures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Rounds a stop by {@link TickRule#EXIT}: away from the entry (down for a long's stop, up for a short's). */
    private static double round(double price, Side side, Contract c) {
        return c == null ? price : TickRule.EXIT.apply(c, price, side == Side.LONG);
    }

    /**
     * A histogram level (a bin edge, a peak, the point of control) at the nearest tick, as the JSON's pointOfControl is:
     * a figure to read (41,675.238000000005 is no price BTCUSDT trades at); as computed without a contract.
     */
    private static double level(double price, Contract contract) {
        return contract == null ? price : contract.nearestTick(price);
    }
}
