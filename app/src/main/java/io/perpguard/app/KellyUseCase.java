package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.InvalidInputException;
import io.perpguard.app.explain.KellyText;
import io.perpguard.data.journal.JournalTrade;
import io.perpguard.sizing.Kelly;
import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.KellyResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code kelly}: Kelly fraction and the recommended risk per trade, from a win rate and payoff or from journaled trades. */
public final class KellyUseCase {
    /** Bootstrap resamples of a journal's f* interval ({@code --resamples}, the body's {@code resamples}). */
    public static final Count RESAMPLES = new Count("resamples", 100, 100_000);
    private KellyUseCase() {
    }

    /** Share of Kelly, cap on risk per trade (fractions), bootstrap resamples and seed; null for the defaults. */
    public record Options(double fraction, double cap, int resamples, long seed) {
        public static Options of(Double fraction, Double cap, Integer resamples, Long seed) {
            return new Options(Required.or(fraction, Kelly.DEFAULT_FRACTION), Required.or(cap, Kelly.DEFAULT_CAP),
                    RESAMPLES.check(Required.or(resamples, Kelly.DEFAULT_RESAMPLES)),
                    Required.or(seed, Kelly.DEFAULT_SEED));
        }
    }

    /**
     * From a win rate (fraction 0.55 or percent 55, {@link BetFigures}; kept as the fraction) and a payoff ratio;
     * {@code notes}: how the given win rate was read (warnings of the result).
     */
    public record Request(double winRate, double payoff, Options options, List<String> notes) {
        public Request {
            winRate = BetFigures.winRate("winRate", winRate);
            BetFigures.payoff("payoff", payoff);
            Required.value("options", options);
            notes = List.copyOf(notes);
        }

        /**
         * The win rate as a person gave it, in exactly one of two fields, read by {@link BetFigures#winRate(Double, String,
         * Double, String, UnaryOperator)} (as recovery reads it), and the payoff.
         */
        public static Request of(Double rate, String rateField, Double pct, String pctField, UnaryOperator<String> shown,
                                 Double payoff, String payoffField, Options options) {
            boolean both = rate != null && pct != null;   // refused by the reader, before anything is called missing
            if (!both && (rate == null && pct == null || payoff == null)) {
                throw new InvalidInputException(payoff == null ? payoffField : rateField, "is missing: a win rate (" + shown.apply(rateField)
                        + " or " + shown.apply(pctField) + ") and " + shown.apply(payoffField) + " go together");
            }
            BetFigures.WinRate w = BetFigures.winRate(rate, rateField, pct, pctField, shown);
            return new Request(w.fraction(), payoff, options, w.notes());
        }
    }

    /** Serialises as {@code kelly --json}: the Kelly figures and warnings (none for a given win rate and payoff). */
    public record Result(@JsonUnwrapped KellyResult kelly, List<String> warnings) {
    }

    /**
     * Serialises as {@code kelly --journal|--db --json}: the Kelly figures and the journal's statistics, what the trades
     * came from, and every warning (the estimate's and those of reading the trades).
     */
    public record EstimateResult(@JsonUnwrapped KellyEstimate estimate, String source, List<String> warnings) {
    }

    public static Result run(Request r) {
        return new Result(Kelly.evaluate(r.winRate(), r.payoff(), r.options().fraction(), r.options().cap()), r.notes());
    }

    /**
     * @param source what the trades came from (a file or the database), named in errors and output
     * @param notes  warnings of reading the trades
     * @param field  the input named when there are no trades
     */
    public static EstimateResult fromTrades(List<JournalTrade> trades, String source, List<String> notes, String field, Options o) {
        if (trades.isEmpty()) {
            throw new InvalidInputException(field, source + " holds no closed round-trip trades (perpguard journal import FILE)");
        }
        double[] net = new double[trades.size()];
        for (int i = 0; i < net.length; i++) {
            net[i] = trades.get(i).netPnl().doubleValue();
        }
        KellyEstimate e = Kelly.fromTrades(net, o.fraction(), o.cap(), o.resamples(), o.seed());
        List<String> warnings = new ArrayList<>(KellyText.warnings(e));
        warnings.addAll(notes);
        return new EstimateResult(e, source, warnings);
    }
}
