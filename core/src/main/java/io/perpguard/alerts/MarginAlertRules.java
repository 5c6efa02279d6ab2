package io.perpguard.alerts;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The margin-alert rule, as a pure function: given the previous {@link State}, a new margin ratio and its time,
 * it returns the new state and the alerts to raise. No clock, no I/O — the risk desk and the stream job call the
 * same rule, so an account raises the same alerts wherever it is watched.
 * <ul>
 *   <li><b>Threshold crossing</b>: when the margin ratio rises to or past a threshold (default 50 %, 70 %, 85 %)
 *       one alert is raised for that threshold, in ascending order when one move crosses several. The threshold is
 *       re-armed only after the ratio falls back below {@code threshold − hysteresis}, so a ratio hovering around
 *       a threshold raises one alert, not one per tick.</li>
 *   <li><b>Fast fall</b> (of the margin level, i.e. a fast rise of the margin ratio): the ratio rising by at least
 *       {@code fastRise} (a fraction, 0.15 = 15 percentage points) above the lowest ratio seen within the last
 *       {@code fastWindowMs}. After an alert the reference point moves to the current ratio, so the next fast-fall
 *       alert needs another full rise.</li>
 * </ul>
 * Updates older than the last one ({@code timeMs < state.lastTimeMs}) are ignored: state unchanged, no alert.
 * A ratio of +∞ (margin balance 0 or less) counts as past every threshold; NaN (no position at risk) counts as 0.
 */
public final class MarginAlertRules {
    private MarginAlertRules() {
    }

    /** Kind of alert. */
    public enum Kind {
        /** The margin ratio rose to or past a threshold. */
        THRESHOLD,
        /** The margin ratio rose fast: margin level falling fast. */
        FAST_FALL
    }

    /**
     * The rule's settings.
     *
     * @param thresholds   margin-ratio thresholds as fractions, strictly ascending, each in (0, 1]
     * @param hysteresis   how far (fraction) the ratio must fall below a threshold before it can alert again, &ge; 0
     * @param fastRise     rise of the ratio (fraction) within {@code fastWindowMs} that counts as a fast fall, &gt; 0
     * @param fastWindowMs the fast-fall look-back window, milliseconds, &gt; 0
     */
    public record Config(double[] thresholds, double hysteresis, double fastRise, long fastWindowMs) {
        /** 50 / 70 / 85 % with 5 points of hysteresis; a rise of 15 points within 5 minutes is a fast fall. */
        public static final Config DEFAULT = new Config(new double[]{0.50, 0.70, 0.85}, 0.05, 0.15, 300_000);

        public Config {
            Checks.notNull("thresholds", thresholds);
            if (thresholds.length == 0) {
                throw new InvalidInputException("thresholds", "at least one threshold is needed");
            }
            thresholds = thresholds.clone();
            for (int i = 0; i < thresholds.length; i++) {
                Checks.inRange("thresholds[" + i + "]", thresholds[i], 1e-9, 1);
                if (i > 0 && thresholds[i] <= thresholds[i - 1]) {
                    throw new InvalidInputException("thresholds", "must be strictly ascending: " + Checks.fmt(thresholds[i - 1])
                            + " then " + Checks.fmt(thresholds[i]));
                }
            }
            Checks.inRange("hysteresis", hysteresis, 0, 1);
            Checks.inRange("fastRise", fastRise, 1e-9, 10);
            if (fastWindowMs <= 0) {
                throw new InvalidInputException("fastWindowMs", fastWindowMs + " must be greater than 0");
            }
        }

        @Override
        public double[] thresholds() {
            return thresholds.clone();
        }
    }

    /**
     * What the rule remembers about one account between updates.
     *
     * @param crossed        how many thresholds (from the lowest) are currently crossed and not re-armed, 0..n
     * @param lastRatio      the last margin ratio seen (NaN before the first update)
     * @param lastTimeMs     time of the last update (Long.MIN_VALUE before the first)
     * @param anchorRatio    lowest ratio within the fast-fall window (NaN before the first update)
     * @param anchorTimeMs   when {@code anchorRatio} was seen
     */
    public record State(int crossed, double lastRatio, long lastTimeMs, double anchorRatio, long anchorTimeMs) {
        /** Nothing seen yet. */
        public static final State INITIAL = new State(0, Double.NaN, Long.MIN_VALUE, Double.NaN, Long.MIN_VALUE);

        public State {
            if (crossed < 0) {
                throw new InvalidInputException("crossed", crossed + " must be 0 or more");
            }
        }
    }

    /**
     * One alert.
     *
     * @param kind        threshold crossing or fast fall
     * @param threshold   the threshold crossed (fraction); for a fast fall the rise that triggered it (fraction)
     * @param marginRatio the margin ratio that raised it (fraction; +∞ when margin balance is 0 or less)
     * @param fromRatio   the ratio before: the previous update's (threshold) or the window's low (fast fall)
     * @param timeMs      time of the update that raised it
     */
    public record Alert(Kind kind, double threshold, double marginRatio, double fromRatio, long timeMs) {
    }

    /** The new state and the alerts raised by one update (possibly none). */
    public record Result(State state, List<Alert> alerts) {
        public Result {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * Applies one margin-ratio update.
     *
     * @param previous    state after the previous update ({@link State#INITIAL} at first)
     * @param marginRatio new margin ratio, a fraction (1 = liquidation); +∞ allowed, NaN treated as 0
     * @param timeMs      time of the update, epoch milliseconds
     */
    public static Result update(Config config, State previous, double marginRatio, long timeMs) {
        Checks.notNull("config", config);
        Checks.notNull("previous", previous);
        if (previous.lastTimeMs() != Long.MIN_VALUE && timeMs < previous.lastTimeMs()) {
            return new Result(previous, List.of());
        }
        double r = Double.isNaN(marginRatio) ? 0 : marginRatio;
        if (r < 0) {
            throw new InvalidInputException("marginRatio", Checks.fmt(marginRatio) + " must be 0 or more");
        }
        double[] thr = config.thresholds;
        List<Alert> alerts = new ArrayList<>(2);
        int crossed = Math.min(previous.crossed(), thr.length);
        // re-arm: the ratio fell back below threshold − hysteresis
        while (crossed > 0 && r < thr[crossed - 1] - config.hysteresis()) {
            crossed--;
        }
        double from = Double.isNaN(previous.lastRatio()) ? 0 : previous.lastRatio();
        // crossing: one alert per threshold newly reached, lowest first
        while (crossed < thr.length && r >= thr[crossed]) {
            alerts.add(new Alert(Kind.THRESHOLD, thr[crossed], marginRatio, from, timeMs));
            crossed++;
        }
        // fast fall: rise above the lowest ratio of the window (a stale low is replaced by the current ratio)
        double anchor = previous.anchorRatio();
        long anchorTime = previous.anchorTimeMs();
        if (Double.isNaN(anchor) || timeMs - anchorTime > config.fastWindowMs() || r < anchor) {
            anchor = r;
            anchorTime = timeMs;
        } else if (r - anchor >= config.fastRise()) {
            alerts.add(new Alert(Kind.FAST_FALL, r - anchor, marginRatio, anchor, timeMs));
            anchor = r;
            anchorTime = timeMs;
        }
        return new Result(new State(crossed, r, timeMs, anchor, anchorTime), alerts);
    }
}
