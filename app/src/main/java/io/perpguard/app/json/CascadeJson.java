package io.perpguard.app.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.app.CascadeUseCase;
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
@JsonPropertyOrder({"result", "kind", "triggerOnly", "exogenousDrawdownPct", "indexFeedbackPct", "mechanism", "state", "inputs"})
public record CascadeJson(@JsonUnwrapped CascadeResult result, String kind, boolean triggerOnly, double exogenousDrawdownPct,
                          double indexFeedbackPct, String mechanism, List<State> state, Map<String, String> inputs) {

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
                    sl.defaults()));
        }
        return new CascadeJson(r, e.kind(), run.triggerOnly(), ref.exogenousDrawdownPct(), ref.indexFeedbackPct(), run.mechanism(),
                states, new TreeMap<>(e.inputs()));   // sorted: the event keeps them in an unordered map
    }
}
