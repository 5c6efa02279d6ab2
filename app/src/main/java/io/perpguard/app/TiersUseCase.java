package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonValue;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.json.ReportJson;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.LeverageLadder;
import io.perpguard.margin.Side;

import java.util.List;
import java.util.Map;

/** {@code tiers}: a symbol's leverage brackets and the leverage-compression ladder over a list of sizes. */
public final class TiersUseCase {
    /** Sizes priced when none are given (base units). */
    public static final String DEFAULT_SIZES = "1,10,100";

    private TiersUseCase() {
    }

    /**
     * @param sizes    sizes in base units, null for {@value #DEFAULT_SIZES}
     * @param leverage price every size at this leverage, null for each size's maximum
     * @param entry    entry price, null for the current mark (given by the caller) if any
     */
    public record Request(String symbol, double[] sizes, Double leverage, Double entry, Side side) {
        public Request {
            Required.value("symbol", symbol);
            sizes = sizes == null ? new double[]{1, 10, 100} : sizes.clone();
            if (sizes.length == 0 || sizes.length > 100) {
                throw new InvalidInputException("sizes", "give 1 to 100 sizes");
            }
            if (entry != null) {
                Checks.positive("entry", entry);
            }
            side = Required.or(side, Side.LONG);
        }
    }

    public record Result(Instrument instrument, Side side, double entry, Double leverage, List<LeverageLadder.Rung> rungs) {
        @JsonValue
        public Map<String, Object> json() {
            return ReportJson.tiers(instrument, side, entry, leverage, rungs);
        }
    }

    /** @param mark the symbol's current mark when the request has no entry (NaN when unknown) */
    public static Result run(Request r, Instruments instruments, double mark) {
        Instrument inst = instruments.get(r.symbol());
        double entry = r.entry() != null ? r.entry() : mark;
        if (Double.isNaN(entry)) {
            throw new InvalidInputException("entry", "is missing: needed to turn sizes into notional for " + inst.symbol());
        }
        List<LeverageLadder.Rung> rungs = LeverageLadder.build(inst, r.side(), entry, r.sizes(), r.leverage() == null ? Double.NaN : r.leverage());
        return new Result(inst, r.side(), entry, r.leverage(), rungs);
    }
}
