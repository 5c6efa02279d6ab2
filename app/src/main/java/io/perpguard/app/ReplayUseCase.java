package io.perpguard.app;

import io.perpguard.app.explain.ReplayText;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.orders.BarReplay;
import io.perpguard.orders.OrderPlan;
import io.perpguard.orders.ReplayEvent;
import io.perpguard.orders.ReplayResult;
import io.perpguard.venue.ContractType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code replay}: an order plan run over candles with fees, slippage, funding and isolated liquidation. */
public final class ReplayUseCase {
    private ReplayUseCase() {
    }

    /**
     * @param funding          funding history, null: funding is not charged (the result says so)
     * @param candleWarnings   warnings of reading the candles, passed on
     * @param fundingWarnings  warnings of reading the funding history, passed on
     * @param equityCurve      include the per-candle equity curve
     */
    public record Request(OrderPlan plan, CandleSeries candles, List<String> candleWarnings, FundingHistory funding,
                          List<String> fundingWarnings, boolean equityCurve) {
        public Request {
            Required.value("plan", plan);
            Required.value("candles", candles);
            candleWarnings = candleWarnings == null ? List.of() : List.copyOf(candleWarnings);
            fundingWarnings = fundingWarnings == null ? List.of() : List.copyOf(fundingWarnings);
        }
    }

    public record EquityPoint(String time, double equity) {
    }

    /** One replay event with the sentence {@link ReplayText} writes from core's code and figures. */
    public record Event(String time, String type, double price, double qty, String note) {
        static Event of(ReplayEvent e, int priceDecimals, String currency) {
            return new Event(Instant.ofEpochMilli(e.timeMs()).toString(), e.type(), e.price(), e.qty(), ReplayText.note(e, priceDecimals, currency));
        }
    }

    /**
     * Serialises as {@code replay --json}: the replay's trades and totals (core's record, ordered by the mapper), its
     * events, the equity curve when asked for, and every warning. Money is in {@code currency}: USDT, or the coin of an
     * inverse contract (whose quantities are USD of face).
     */
    public record Result(String currency, @JsonIgnore Instrument instrument, @JsonUnwrapped ReplayResult replay, List<Event> events,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<EquityPoint> equityCurve, List<String> warnings) {
    }

    public static Result run(Request r, Instruments instruments) {
        Instrument inst = instruments.get(r.plan().symbol());
        try {   // the plan file's fields, named with its path as PlanFile names them (plan.riskPct, plan.entries[1].price)
            if (inst.contract().type() == ContractType.INVERSE && !Double.isNaN(r.plan().qty())) {
                // an inverse plan risks coin: sized from riskPct or in whole contracts, its equity in the coin (a qty would be
                // read as USD of face)
                throw new InvalidInputException("qty", inst.symbol() + " is coin-margined: size the plan with contracts (whole contracts of "
                        + Checks.fmt(inst.contract().contractSize()) + " USD) or riskPct (equity in " + inst.contract().settlementCurrency() + ")");
            }
            inst.requireLeverageStep("leverage", r.plan().leverage());   // 10.5x where the venue sets whole numbers
            requireWithinTiers(r.plan(), inst);
        } catch (InvalidInputException e) {
            throw planField(e);
        }
        ReplayResult rr;
        try {   // the replay's own checks (plan.stop not below the entry filled, plan.leverage, plan.entryTime, plan.riskPct) alike
            rr = BarReplay.run(r.plan().inContracts(inst.contract()), r.candles(), r.funding(), inst);
        } catch (InvalidInputException e) {
            throw planField(e);
        }
        if (rr.filledQty() > 0 && Double.isFinite(rr.averageEntry())) {
            // a tier given by hand whose amount the filled size does not cover replays against a negative maintenance margin
            io.perpguard.margin.Position filled = new io.perpguard.margin.Position(inst.symbol(), r.plan().side(), rr.filledQty(), rr.averageEntry(),
                    r.plan().leverage(), io.perpguard.margin.MarginMode.ISOLATED, io.perpguard.margin.PositionSide.BOTH, 0, rr.averageEntry(),
                    inst.contract().type());
            inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, rr.filledQty(), rr.averageEntry(), "the average entry", rr.averageEntry());
            inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, rr.filledQty(), rr.averageEntry(), "the liquidation price",
                    io.perpguard.margin.LiquidationPrice.isolated(filled, inst).price());
        }
        List<String> warnings = new ArrayList<>();
        r.candleWarnings().forEach(w -> warnings.add("candles: " + w));
        r.fundingWarnings().forEach(w -> warnings.add("funding: " + w));
        int pd = inst.contract().priceDecimals();
        rr.warnings().forEach(w -> warnings.add(ReplayText.warning(w, pd, inst.contract().settlementCurrency())));
        List<Event> events = rr.events().stream().map(e -> Event.of(e, pd, inst.contract().settlementCurrency())).toList();
        List<EquityPoint> curve = null;
        if (r.equityCurve()) {
            curve = new ArrayList<>(rr.equity().length);
            for (int i = 0; i < rr.equity().length; i++) {
                curve.add(new EquityPoint(Instant.ofEpochMilli(rr.equityTimeMs()[i]).toString(), rr.equity()[i]));
            }
        }
        return new Result(inst.contract().settlementCurrency(), inst, rr, events, curve, warnings);
    }

    /** An error of the plan's checks named with the plan file's path, as PlanFile names its fields ('plan.stop'). */
    private static InvalidInputException planField(InvalidInputException e) {
        return e.field().startsWith("plan.") ? e
                : new InvalidInputException("plan." + e.field(), e.problem());
    }

    /**
     * Refuses a plan whose equity, prices or size no order of the symbol fits, naming the plan's field with its range — not
     * the notional the replay derives from them ("notional: 8.2e307 is above BTCUSDT's largest tier cap" for an equity of
     * 1e308), and not a limit entry of 1e308 filled as "already marketable at the open". A qty is measured at the first limit
     * entry, or at the stop for a market entry (its fill price is the bar's open).
     */
    /**
     * Refuses a limit entry off the tick: the exchange refuses the order, and the replay filled it as given. The message gives
     * the two nearest valid prices, as an off-step qty gives the nearest sizes (Contract.requireOrderQty).
     */
    static void requireOnTick(String field, double price, io.perpguard.instrument.Contract c) {
        java.math.BigDecimal ticks = java.math.BigDecimal.valueOf(price).divide(java.math.BigDecimal.valueOf(c.tickSize()),
                java.math.MathContext.DECIMAL64);
        if (ticks.stripTrailingZeros().scale() > 0) {
            double down = c.floorToTick(price);
            throw new InvalidInputException(field, Checks.fmt(price) + " is not a multiple of the tick size " + Checks.fmt(c.tickSize())
                    + " of " + c.symbol() + " (nearest: " + Checks.fmt(down) + " or " + Checks.fmt(c.ceilToTick(price)) + ")");
        }
    }

    static void requireWithinTiers(io.perpguard.orders.OrderPlan plan, Instrument inst) {
        io.perpguard.InputBounds.equity("equity", plan.equity());
        List<io.perpguard.orders.EntryLevel> levels = plan.entries().levels();
        String priceField = "stop";
        double price = plan.stop().price();
        for (int i = levels.size() - 1; i >= 0; i--) {
            if (!levels.get(i).isMarket()) {
                priceField = levels.size() == 1 ? "entry" : "entries[" + i + "].price";
                price = inst.requirePriceWithinTiers(priceField, levels.get(i).price());
                requireOnTick(priceField, price, inst.contract());
            }
        }
        inst.requirePriceWithinTiers("stop", plan.stop().price());
        for (int i = 0; i < plan.targets().size(); i++) {
            double tp = plan.targets().get(i).price();
            if (!Double.isNaN(tp)) {
                inst.requirePriceWithinTiers("targets[" + i + "].price", tp);
            }
        }
        if (!Double.isNaN(plan.qty()) && inst.contract().type() == ContractType.LINEAR) {
            inst.requireSizeWithinTiers("qty", plan.qty(), plan.qty(), priceField, price);
        }
    }
}
