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
        if (inst.contract().type() == ContractType.INVERSE && !Double.isNaN(r.plan().qty())) {
            // an inverse plan risks coin: sized from riskPct or in whole contracts, its equity in the coin (a qty would be
            // read as USD of face)
            throw new InvalidInputException("qty", inst.symbol() + " is coin-margined: size the plan with contracts (whole contracts of "
                    + Checks.fmt(inst.contract().contractSize()) + " USD) or riskPct (equity in " + inst.contract().settlementCurrency() + ")");
        }
        ReplayResult rr = BarReplay.run(r.plan().inContracts(inst.contract()), r.candles(), r.funding(), inst);
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
}
