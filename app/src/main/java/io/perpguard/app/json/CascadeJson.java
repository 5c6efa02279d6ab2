package io.perpguard.app.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.app.CascadeUseCase;
import io.perpguard.app.explain.CascadeText;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.MarketOutcome;
import io.perpguard.cascade.StateLadder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code cascade --event --json}: the scenario result ({@code cascade --json} and {@code POST /api/cascade}
 * write core's {@link CascadeResult} itself, ordered by the mapper), then the event's mechanism and pre-event state.
 */
@JsonPropertyOrder({"result", "kind", "triggerOnly", "exogenousDrawdownPct", "indexFeedbackPct", "commonFactorPct", "panicSellUsd", "panicIndexPct", "stopLossUsd", "mechanismCode", "mechanism", "state",
        "inputs"})
public record CascadeJson(@JsonUnwrapped CascadeResult result, String kind, boolean triggerOnly, double exogenousDrawdownPct,
                          double indexFeedbackPct, double commonFactorPct, double panicSellUsd, double panicIndexPct, double stopLossUsd, String mechanismCode, String mechanism, List<State> state, Map<String, String> inputs) {

    /** One market's state over the look-back before the event, from which its ladder is built. */
    public record State(String symbol, double lookbackHours, double freshShare, double crowding, double meanLongLeverage,
                        double longLiquidatedBy5PctFall, double longLiquidatedBy10PctFall, double depth1PctUsd, double beta,
                        List<String> defaults) {
    }

    public static CascadeJson event(CascadeUseCase.EventRun run) {
        CascadeEvent e = run.event();
        CascadeResult r = run.result();
        MarketOutcome ref = r.markets().get(0);
        List<State> states = new ArrayList<>(run.prepared().built().size());
        for (int i = 0; i < run.prepared().built().size(); i++) {
            StateLadder.Built sl = run.prepared().built().get(i);
            states.add(new State(run.prepared().scenario().markets().get(i).symbol(), e.markets().get(i).state().lookbackHours(),
                    sl.freshShare(), sl.crowding(), sl.meanLongLeverage(), sl.longAt5Pct(), sl.longAt10Pct(), sl.depth1PctUsd(), sl.beta(),
                    CascadeText.stateDefaults(sl.defaults())));
        }
        return new CascadeJson(r, e.kind(), run.triggerOnly(), ref.exogenousDrawdownPct(), ref.indexFeedbackPct(), ref.commonFactorPct(), ref.panicSellUsd(), ref.panicIndexPct(), ref.stopLossUsd(),
                run.amplification().code().name(),
                run.mechanism(),
                states, new TreeMap<>(e.inputs()));   // sorted: the event keeps them in an unordered map
    }

    /** {@code cascade --validate --json}: each event scored in sample and out of sample (fitted without it), and the totals. */
    public record Validation(List<ValidationRow> events, int inSampleInside, int outOfSampleInside, int bands, double outOfSampleShare) {
        public static Validation of(CascadeUseCase.Validation v) {
            List<ValidationRow> rows = v.rows().stream().map(r -> new ValidationRow(r.event(), r.kind(), r.inSample().inside(),
                    r.outSample().inside(), r.outSample().total(), r.inSample().loss(), r.outSample().loss(), r.outsideIn(), r.outsideOut(),
                    r.bandsOut().stream().map(b -> new BandValue(b.id(), b.value(), b.low(), b.high(), b.inside())).toList())).toList();
            int bands = v.bands();
            return new Validation(rows, v.inSampleInside(), v.outOfSampleInside(), bands,
                    bands > 0 ? (double) v.outOfSampleInside() / bands : Double.NaN);
        }
    }

    public record ValidationRow(String event, String kind, int inSampleInside, int outOfSampleInside, int bands, double inSampleLoss,
                                double outOfSampleLoss, List<String> outsideInSample, List<String> outsideOutOfSample,
                                List<BandValue> outOfSampleBands) {
    }

    /** One band out of sample: the model's value against the band. */
    public record BandValue(String id, double value, double low, double high, boolean inside) {
    }

    /** {@code cascade --validate --fits DIR1,DIR2,... --json}: each run's table and the spread of the out-of-sample count. */
    public record SeedRuns(List<SeedRun> runs, double outOfSampleMean, int outOfSampleMin, int outOfSampleMax, int bands) {
        public static SeedRuns of(CascadeUseCase.SeedRuns s) {
            List<SeedRun> runs = s.runs().stream().map(r -> new SeedRun(r.fits(), r.seed(), r.validation().inSampleLoss(),
                    r.validation().outOfSampleLoss(), Validation.of(r.validation()))).toList();
            return new SeedRuns(runs, s.meanOutOfSample(), s.minOutOfSample(), s.maxOutOfSample(),
                    s.runs().isEmpty() ? 0 : s.runs().get(0).validation().bands());
        }
    }

    /** One run of {@link SeedRuns}: its directory, seed, band losses and table. */
    public record SeedRun(String fits, long seed, double inSampleLoss, double outOfSampleLoss, @JsonUnwrapped Validation validation) {
    }
}
