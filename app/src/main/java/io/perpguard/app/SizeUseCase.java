package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.json.Json;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Side;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.app.explain.SizingText;
import io.perpguard.sizing.SizingCheck;
import io.perpguard.sizing.SizingInput;
import io.perpguard.sizing.SizingResult;
import io.perpguard.venue.ContractType;

import java.util.List;

/** {@code size}: the position size a risk budget allows to a stop, checked against liquidation. */
public final class SizeUseCase {
    /** Slippage of the stop-market exit, percent of the stop price. */
    public static final double DEFAULT_SLIPPAGE_PCT = 0.1;
    /** Liquidation must lie at least this many entry→stop distances beyond the stop. */
    public static final double DEFAULT_BUFFER = 0.5;

    private SizeUseCase() {
    }

    /**
     * Money ({@code equity}, {@code riskAmount}, {@code available}) is in the contract's settlement currency: USDT for a
     * linear contract, the coin for an inverse one (BTC for BTCUSD_PERP). Exactly one of {@code riskPct} (percent of
     * equity) or {@code riskAmount}. {@code side}, when given, must match
     * the stop's side. {@code slippagePct} and {@code buffer} default to {@value #DEFAULT_SLIPPAGE_PCT} and
     * {@value #DEFAULT_BUFFER}; {@code takerFeePct} to the contract's; {@code available} to the equity.
     */
    public record Request(String symbol, Side side, double equity, Double riskPct, Double riskAmount, double entryPrice, double stop,
                          double leverage, Double slippagePct, Double buffer, Double takerFeePct, Double available) {
        public Request {
            Required.value("symbol", symbol);
            io.perpguard.InputBounds.equity("equity", equity);
            if (available != null) {
                io.perpguard.InputBounds.balance("available", available);
            }
            if ((riskPct == null) == (riskAmount == null)) {
                throw new InvalidInputException("riskPct", "give exactly one of riskPct or riskAmount");
            }
            if (riskPct != null) {
                Checks.overZero("riskPct", riskPct, 100, "a percent of equity: 1 = 1 %");
            } else {
                Checks.positive("riskAmount", riskAmount);
            }
            slippagePct = Checks.inRange("slippagePct", Required.or(slippagePct, DEFAULT_SLIPPAGE_PCT), 0, 50);
            buffer = Required.or(buffer, DEFAULT_BUFFER);
            TakerFee.checked(takerFeePct);
        }

        /** The engine's input (fractions, not percent). */
        public SizingInput input() {
            double risk = riskPct != null ? equity * riskPct / 100 : riskAmount;
            return new SizingInput(equity, risk, entryPrice, stop, leverage, takerFeePct == null ? Double.NaN : takerFeePct / 100,
                    slippagePct / 100, buffer, available == null ? Double.NaN : available);
        }
    }

    /**
     * Serialises as {@code size --json}: the contract fields first (qty, notional, margin, lossAtStop, feesAtStop, ...),
     * then the detail. Percentages in percent; {@code sizing} is the engine's result for the table. {@code belowMinimum}:
     * the venue would refuse the order (no whole step, or below its minimum quantity or notional), so there is nothing
     * to place; {@code size} exits 1 then. {@code aboveTierLimit}: the size's notional is above the symbol's largest tier
     * cap or the leverage above its tier's maximum, so the venue would refuse it too (exit 1); {@code cappedToTierLimit}: the
     * budget's size was above what the tiers allow at the leverage (above the largest tier, or in a tier whose maximum
     * leverage is lower), and qty (with every figure) is capped to the largest size the tiers allow at the leverage, and
     * {@code budgetQtyAboveTiers} is the budget's own size, which no tier holds at the leverage (absent when not capped;
     * {@code qtyBeforeCosts} and {@code qtyUnrounded} are the capped size's then). Money is in {@code currency}
     * (the settlement currency: USDT, or the coin of an inverse contract); {@code qty} is base units, or USD of face for an
     * inverse contract, and {@code contracts} the same size in the venue's contracts (absent where it counts in base units).
     */
    @JsonPropertyOrder({"symbol", "side", "ok", "belowMinimum", "aboveTierLimit", "cappedToTierLimit", "currency", "contractType", "qty", "contracts", "budgetQtyAboveTiers", "notional", "margin", "lossAtStop", "feesAtStop", "slippageAtStop",
            "liquidationPrice", "stopToLiquidationBuffer", "maxSafeLeverage", "warnings"})
    public record Result(String symbol, Side side, boolean ok, boolean belowMinimum, boolean aboveTierLimit,
                         boolean cappedToTierLimit, String currency,
                         ContractType contractType, double qty, @JsonInclude(JsonInclude.Include.NON_NULL) Double contracts,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double budgetQtyAboveTiers,
                         @JsonSerialize(using = Json.Money.class) double notional, @JsonSerialize(using = Json.Money.class) double margin, @JsonSerialize(using = Json.Money.class) double lossAtStop,
                         @JsonSerialize(using = Json.Money.class) double feesAtStop, @JsonSerialize(using = Json.Money.class) double slippageAtStop, double liquidationPrice, double stopToLiquidationBuffer,
                         double maxSafeLeverage, List<String> warnings, @JsonSerialize(using = Json.Money.class) double equity, @JsonSerialize(using = Json.Money.class) double riskAmount, double riskPct,
                         double riskUsedPct, double entryPrice, double stop, double exitPriceAtStop, double leverage, double qtyBeforeCosts,
                         double qtyUnrounded, @JsonSerialize(using = Json.Money.class) double openingFee, double takerFeePct, double slippagePct, double distanceToLiquidationPct,
                         double stopToLiquidation, double requiredBuffer, double maxLeverageForNotional, @JsonSerialize(using = Json.Money.class) double availableBalance,
                         List<Check> checks, @JsonIgnore SizingResult sizing) {
        static Result of(SizingResult r, Contract c) {
            boolean belowMinimum = !(r.qty() > 0) || r.failed().stream().anyMatch(ch -> ch.id().equals("minimums"));
            boolean aboveTierLimit = r.failed().stream().anyMatch(ch -> ch.id().equals("tier"));
            // the budget's size above what the tiers allow at the leverage: qty and every figure are the capped size's (the
            // largest the tiers allow at the leverage), never a liquidation price computed off the table or beyond the entry
            boolean capped = r.failed().stream().anyMatch(ch -> ch.id().equals("tier") && ch.values().containsKey("cappedQty"));
            return new Result(r.symbol(), r.side(), r.ok(), belowMinimum, aboveTierLimit, capped, c.settlementCurrency(), c.type(), r.qty(),
                    c.contractSize() > 0 ? c.contractsOf(r.qty()) : null, capped ? r.budgetQty() : null, r.notional(), r.margin(), r.lossAtStop(), r.feesAtStop(),
                    r.slippageAtStop(), r.liquidationPrice(), r.stopToLiquidationBuffer(), r.maxSafeLeverage(), r.failed().stream().map(SizingText::message).toList(), r.equity(),
                    r.riskAmount(), r.riskAmount() / r.equity() * 100, r.riskUsedPct(), r.entry(), r.stop(), r.exitPriceAtStop(),
                    r.leverage(), r.qtyBeforeCosts(), r.qtyUnrounded(), r.openingFee(), r.takerFee() * 100, r.slippage() * 100,
                    r.distanceToLiquidationPct(), r.stopToLiquidation(), r.requiredBuffer(), r.maxLeverageForNotional(),
                    r.availableBalance(), r.checks().stream().map(Check::of).toList(), r);
        }
    }

    /**
     * One check of the size: core's verdict, reason code and figures, with the sentence {@link SizingText} writes.
     *
     * @param message one sentence a trader can act on, with the figures
     */
    @JsonPropertyOrder({"id", "passed", "message", "reason", "values"})
    public record Check(String id, boolean passed, SizingCheck.Reason reason, String message, java.util.Map<String, Object> values) {
        static Check of(SizingCheck c) {
            return new Check(c.id(), c.passed(), c.reason(), SizingText.message(c), c.values());
        }
    }

    public static Result run(Request r, Instruments instruments) {
        SizingInput in = r.input();
        if (r.side() != null && r.side() != in.side()) {
            throw new InvalidInputException("stop", Checks.fmt(r.stop()) + " is " + (r.stop() < r.entryPrice() ? "below" : "above") + " the entry "
                    + Checks.fmt(r.entryPrice()) + ": that is a " + in.side().label() + " stop, not a " + r.side().label() + " one");
        }
        // the fee the venue puts in the liquidation price (OKX, Bybit inverse and unified) is the trader's too, as calc's
        Instrument inst = TakerFee.on(instruments, r.takerFeePct()).get(r.symbol());
        inst.requirePriceWithinTiers("entryPrice", r.entryPrice());
        inst.requirePriceWithinTiers("stop", r.stop());
        // a leverage the venue does not set (10.5x on Binance) or no tier allows is a mistyped input, as calc and the desk
        // treat it, not a size to report
        inst.requireLeverageStep("leverage", r.leverage());
        inst.tiers().requireLeverageAllowed(r.leverage());
        SizingResult sized = RiskBasedSizer.size(in, inst);
        if (sized.qty() > 0) {
            // a tier given by hand whose amount this size does not cover would size against a negative maintenance margin
            inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, sized.qty(), r.entryPrice(), "entryPrice", r.entryPrice());
            inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, sized.qty(), r.entryPrice(), "the liquidation price", sized.liquidationPrice());
        }
        return Result.of(sized, inst.contract());
    }

    /** True when the venue would refuse the order: nothing to place ({@code size} exits 1). */
    public static boolean refusedByVenue(Result r) {
        return r.belowMinimum() || r.aboveTierLimit();
    }
}
