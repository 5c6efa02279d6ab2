package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.LeverageLadder;
import io.perpguard.margin.Side;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.MarginConvention.TierBasis;

import java.util.ArrayList;
import java.util.List;

/** {@code tiers}: a symbol's leverage brackets and the leverage-compression ladder over a list of sizes. */
public final class TiersUseCase {
    /** Sizes priced when none are given (base units). */
    public static final String DEFAULT_SIZES = "1,10,100";

    private TiersUseCase() {
    }

    /**
     * @param sizes    sizes in base units (coin; a coin-margined size is USD face at the entry), null for {@value #DEFAULT_SIZES}
     * @param leverage price every size at this leverage, null for each size's maximum
     * @param entryPrice entry price, null for the current mark (given by the caller) if any
     */
    public record Request(String symbol, double[] sizes, Double leverage, Double entryPrice, Side side) {
        public Request {
            Required.value("symbol", symbol);
            sizes = sizes == null ? new double[]{1, 10, 100} : sizes.clone();
            if (sizes.length == 0 || sizes.length > 100) {
                throw new InvalidInputException("sizes", "give 1 to 100 sizes");
            }
            if (entryPrice != null) {
                Checks.positive("entryPrice", entryPrice);
            }
            side = Required.or(side, Side.LONG);
        }
    }

    /** Serialises as {@code tiers --json}: the symbol's venue and tier rule, its brackets and the ladder. */
    @JsonPropertyOrder({"exchange", "symbol", "contractType", "currency", "tierRule", "side", "entryPrice", "leverage", "brackets", "ladder", "warnings"})
    public record Result(@JsonIgnore Instrument instrument, Side side, double entryPrice, Double leverage,
                         @JsonProperty("ladder") List<LeverageLadder.Rung> rungs, List<String> warnings) {
        /** True when some size is above the largest tier at the entry (its row unpriced; {@code tiers} exits 1). */
        @JsonIgnore
        public boolean anyAboveLargestTier() {
            return rungs.stream().anyMatch(LeverageLadder.Rung::aboveLargestTier);
        }

        @JsonProperty
        public String exchange() {
            return instrument.contract().exchange().id();
        }

        @JsonProperty
        public String symbol() {
            return instrument.symbol();
        }

        @JsonProperty
        public ContractType contractType() {
            return instrument.contract().type();
        }

        @JsonProperty
        public String currency() {
            return instrument.contract().settlementCurrency();
        }

        @JsonProperty
        public TierBasis tierRule() {
            return instrument.convention().tierBasis();
        }

        @JsonProperty
        public List<LeverageBracket> brackets() {
            return instrument.tiers().brackets();
        }
    }

    /** @param mark the symbol's current mark when the request has no entry (NaN when unknown) */
    public static Result run(Request r, Instruments instruments, double mark) {
        Instrument inst = instruments.get(r.symbol());
        double entry = r.entryPrice() != null ? r.entryPrice() : mark;
        if (Double.isNaN(entry)) {
            throw new InvalidInputException("entryPrice", "is missing: needed to turn sizes into notional for " + inst.symbol());
        }
        inst.requirePriceWithinTiers("entryPrice", entry);
        // a leverage no tier allows is a mistyped input, as calc, size and the desk treat it: tiers --leverage 126 priced
        // every size of BTCUSDT "capped at each tier's maximum" without a word that 126x exists nowhere
        if (r.leverage() != null) {
            inst.tiers().requireLeverageAllowed(inst.requireLeverageStep("leverage", Checks.positive("leverage", r.leverage())));
        }
        // sizes are in coin for every contract type, as calc --qty reads them: a coin-margined size becomes USD of face at
        // the entry (1 BTC of BTCUSD_PERP at 60,000 = 60,000 USD = 600 contracts), the quantity its positions carry
        // a linear size is an order size: whole steps, at least the minimum quantity and notional (the one check calc --qty
        // and account files make: Instrument.requireOrderQty, whose message gives the nearest valid sizes)
        double[] qty = r.sizes().clone();
        for (int i = 0; i < qty.length; i++) {
            qty[i] = inst.contract().type() == ContractType.INVERSE ? Checks.positive("sizes[" + i + "]", qty[i]) * entry
                    : inst.requireOrderQty("sizes[" + i + "]", qty[i], entry);
        }
        List<LeverageLadder.Rung> rungs = LeverageLadder.build(inst, r.side(), entry, qty, r.leverage() == null ? Double.NaN : r.leverage());
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            if (!rungs.get(i).aboveLargestTier()) {
                // a tier given by hand whose amount this size does not cover prices a negative maintenance margin
                inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, qty[i], entry, "entryPrice", entry);
                inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, qty[i], entry, "the liquidation price", rungs.get(i).liquidationPrice());
            }
            if (rungs.get(i).aboveLargestTier()) {
                warnings.add("sizes[" + i + "]: " + inst.sizeBeyondTiers(r.sizes()[i], qty[i], "entryPrice", entry) + ": not priced");
            }
        }
        return new Result(inst, r.side(), entry, r.leverage(), rungs, warnings);
    }
}
