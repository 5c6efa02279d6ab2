package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.stops.StopParams;
import io.perpguard.stops.StopPlan;
import io.perpguard.stops.StopPlanner;
import io.perpguard.app.explain.StopsText;
import io.perpguard.stops.StopSuggestion;
import io.perpguard.stops.VolumeProfile;
import io.perpguard.stops.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code stops}: where a stop belongs for an entry, from candles (ATR, structure, volume, time). */
public final class StopsUseCase {
    /** The ATR period ({@code --atr}, the body's {@code atr}). */
    public static final Count ATR = new Count("atr", 1, 10_000);
    public static final int DEFAULT_ATR = 14;
    public static final double DEFAULT_MULT = 2;
    public static final int DEFAULT_PIVOT = 5;
    public static final int DEFAULT_LOOKBACK = 500;
    public static final double DEFAULT_BUFFER = 0.25;
    public static final int DEFAULT_TIME_BARS = 24;

    private StopsUseCase() {
    }

    /**
     * @param candles  the bars; only those up to {@code atTimeMs} are used
     * @param atTimeMs plan at this time: on the bars closed by then (the bar open then has not traded yet), null for all
     * @param instrument the contract (tick rounding) and its tiers (the prices an entry may be), or null: then the entry is
     *                   bounded by {@link io.perpguard.InputBounds#price}
     * @param warnings warnings of reading the candles
     */
    public record Request(CandleSeries candles, Long atTimeMs, Side side, double entryPrice, Integer atr, Double mult, Integer pivot,
                          Integer lookback, Double buffer, Integer timeBars, Instrument instrument, List<String> warnings) {
        public Request {
            Required.value("candles", candles);
            Required.value("side", side);
            Checks.positive("entryPrice", entryPrice);
            atr = ATR.check(Required.or(atr, DEFAULT_ATR));   // named as the option and the body name it
            mult = Required.or(mult, DEFAULT_MULT);
            pivot = Required.or(pivot, DEFAULT_PIVOT);
            lookback = Required.or(lookback, DEFAULT_LOOKBACK);
            buffer = Checks.inRange("buffer", Required.or(buffer, DEFAULT_BUFFER), 0, 10);   // core names it bufferAtr: no option or body field does
            timeBars = Required.or(timeBars, DEFAULT_TIME_BARS);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        /** The contract for tick rounding, or null. */
        public Contract contract() {
            return instrument == null ? null : instrument.contract();
        }
    }

    /** A support/resistance zone. */
    public record ZoneView(double low, double high, double level, int touches) {
    }

    /**
     * One suggested stop with the sentence {@link StopsText} writes from core's figures.
     *
     * @param reason one sentence a trader can check against the chart
     */
    public record Suggestion(String method, double price, double distancePct, double distanceAtr, String reason, Map<String, Object> values) {
        static Suggestion of(StopSuggestion s, Contract c) {
            return new Suggestion(s.method(), s.price(), s.distancePct(), s.distanceAtr(), StopsText.reason(s, c == null ? -1 : c.priceDecimals()),
                    s.values());
        }
    }

    /** Serialises as {@code stops --json}. */
    public record Result(Side side, double entryPrice, String at, double atr, int atrPeriod, double lastClose, List<Suggestion> suggestions,
                         List<ZoneView> zones, double pointOfControl, List<String> warnings) {
    }

    public static Result run(Request r) {
        CandleSeries s = r.candles();
        int idx = s.size() - 1;
        long interval = s.intervalMs();
        if (r.atTimeMs() != null && s.size() > 0 && r.atTimeMs() < s.openTimeMs()[idx] + interval) {
            // a plan at T sees the bars closed by T: the bar opening at T (or before T and closing after it) has not traded
            // yet — its range, close and ATR were from the future (--at 05:00 planned on the 05:00-06:00 bar)
            idx = s.indexClosedBy(r.atTimeMs(), interval);
            if (idx < 0) {
                throw new InvalidInputException("at", Instant.ofEpochMilli(r.atTimeMs()) + " is before the first candle's close ("
                        + Instant.ofEpochMilli(s.openTimeMs()[0] + interval) + ")");
            }
        } else if (s.size() == 0 && r.atTimeMs() != null) {
            throw new InvalidInputException("at", Instant.ofEpochMilli(r.atTimeMs()) + " is before the first candle (there are none)");
        }
        // an entry no order of the symbol fits (1e308) is refused with the prices its tiers cover, as calc and size refuse it;
        // without a contract, at every price's bound (InputBounds.price): a table of 300-digit levels answers nothing
        if (r.instrument() != null) {
            r.instrument().requirePriceWithinTiers("entryPrice", r.entryPrice());
        } else {
            io.perpguard.InputBounds.price("entryPrice", r.entryPrice());
        }
        // an entry a factor of five (EntryDistance.MAX_FACTOR) from the close it is planned at is refused: stops placed from these candles' ATR and levels
        // would be answers about another market (stops --entry 423140 on BTC at 42,314 printed a plan with a warning line)
        double close = s.size() == 0 ? Double.NaN : s.close()[idx];
        if (s.size() > 0 && io.perpguard.market.EntryDistance.beyondFactor(r.entryPrice(), close)) {
            double pct = io.perpguard.market.EntryDistance.pct(r.entryPrice(), close);
            double f = io.perpguard.market.EntryDistance.MAX_FACTOR;
            throw new InvalidInputException("entryPrice", Checks.fmt(r.entryPrice()) + " is " + Checks.fmt(Math.round(Math.abs(pct) * 10) / 10.0)
                    + " % " + (pct < 0 ? "below" : "above") + " the last close " + Checks.fmt(close) + " (" + Instant.ofEpochMilli(s.openTimeMs()[idx] + interval)
                    + "): outside the allowed range, more than " + Checks.fmt(close / f) + " and less than " + Checks.fmt(close * f)
                    + " — a mistyped digit or another symbol's price? (stops are placed from these candles' ATR and levels)");
        }
        StopParams p = new StopParams(r.atr(), r.mult(), r.pivot(), r.lookback(), 0.5, r.buffer(), VolumeProfile.DEFAULT_BINS, r.timeBars());
        StopPlan plan = StopPlanner.plan(s, idx, r.side(), r.entryPrice(), p, r.contract());
        List<ZoneView> zones = new ArrayList<>();
        for (Zone z : plan.zones()) {
            zones.add(new ZoneView(z.low(), z.high(), z.level(), z.touches()));
        }
        List<String> warnings = new ArrayList<>(r.warnings());
        plan.notes().forEach(n -> warnings.add(StopsText.note(n)));
        // the plan's time: the close of its last bar (the bar's open time named a moment its close had not happened)
        return new Result(plan.side(), plan.entry(), Instant.ofEpochMilli(plan.atTimeMs() + interval).toString(), plan.atr(), plan.atrPeriod(),
                plan.lastClose(), plan.suggestions().stream().map(x -> Suggestion.of(x, r.contract())).toList(), zones,
                r.contract() == null ? plan.profile().pocPrice() : r.contract().nearestTick(plan.profile().pocPrice()), warnings);
    }
}
