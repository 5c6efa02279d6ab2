package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.json.Json;
import io.perpguard.funding.FundingCarry;
import io.perpguard.funding.FundingDrift;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.MarginConvention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * {@code funding}: funding carry of a position, the drift of its liquidation price as funding alone is paid at a static
 * mark, and (with a history) the history's statistics. Money is positive when the position pays.
 */
public final class FundingUseCase {
    /** Funding-drift rows listed ({@code --drift-rows}, the body's {@code driftRows}). */
    public static final Count DRIFT_ROWS = new Count("driftRows", 0, 100_000);
    /** Most drift rows listed unless asked otherwise. */
    public static final int DEFAULT_DRIFT_ROWS = 200;

    private FundingUseCase() {
    }

    /**
     * @param symbol        contract, null for BTCUSDT
     * @param side          null for long
     * @param notional      position notional at the mark, USDT (linear only); or
     * @param qty           the size in base units (coin for an inverse contract: USD of face = qty × mark); or
     * @param contracts     the size in whole contracts of the venue's face value (exactly one of the three)
     * @param fundingRate   funding rate per interval as a fraction (0.0001 = 0.01 %)
     * @param intervalHours null for the contract's
     * @param markPrice     static mark for the liquidation prices, null for the default ({@link DefaultMarks})
     * @param history       funding-rate history, or null
     * @param warnings      warnings of reading the history
     * @param driftRows     most drift rows to list, null for {@value #DEFAULT_DRIFT_ROWS}
     */
    public record Request(String symbol, Side side, Double notional, Double qty, Double contracts, double leverage, double fundingRate,
                          Integer intervalHours, Double markPrice, FundingHistory history, List<String> warnings, Integer driftRows) {
        /** A linear position given by its notional at the mark. */
        public Request(String symbol, Side side, double notional, double leverage, double fundingRate, Integer intervalHours, Double markPrice,
                       FundingHistory history, List<String> warnings, Integer driftRows) {
            this(symbol, side, notional, null, null, leverage, fundingRate, intervalHours, markPrice, history, warnings, driftRows);
        }

        public Request {
            symbol = Required.or(symbol, DefaultMarks.SYMBOL);
            side = Required.or(side, Side.LONG);
            // named as the JSON names it: the engine's own check said "rate", a name no body may use
            io.perpguard.InputBounds.fundingRate("fundingRate", fundingRate);
            if (intervalHours != null) {
                FundingCarry.checkIntervalHours(intervalHours);
            }
            if (markPrice != null) {
                Checks.positive("markPrice", markPrice);
            }
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
            driftRows = DRIFT_ROWS.check(Required.or(driftRows, DEFAULT_DRIFT_ROWS));
        }
    }

    /** One row of the drift: after payment {@code interval}, the margin left and the liquidation price. */
    public record DriftRow(int interval, @JsonSerialize(using = Json.Money.class) double margin, double liquidationPrice, double marginRatioPct) {
    }

    /**
     * The drift under a real history: {@code daysToLiquidation} from opening one interval before the first funding time to
     * the liquidating payment, by the history's own funding times; {@code liquidationTime} that payment's funding time.
     */
    public record HistoryDrift(Integer intervalsToLiquidation, Double daysToLiquidation, String liquidationTime, int intervalsWalked,
                               @JsonSerialize(using = Json.Money.class) double marginAtEnd, double liquidationPriceAtEnd) {
    }

    /**
     * Statistics of a funding-rate history: {@code intervalHours} its median spacing, {@code spacingsHours} every spacing it
     * has (in the order they appear: [8, 1] when the venue moved the symbol to 1 h), {@code spanDays} the time its payments
     * cover; the annualised carry is what was paid over that span (sum of rates × 365 / span days).
     */
    public record History(int count, int intervalHours, List<Integer> spacingsHours, double spanDays, String from, String to, double meanRate, double medianRate, double p5Rate,
                          double p25Rate, double p75Rate, double p95Rate, double minRate, double maxRate, double positiveShare,
                          double annualizedPctOfNotional, double annualizedPctOfMargin, double realizedPctOfNotional, HistoryDrift drift) {
    }

    /**
     * Serialises as {@code funding --json}. Money (notional, margin, payments, drift margins) is in {@code currency}, the
     * settlement currency: USDT, or the coin of an inverse contract, whose payment is rate × face × contracts / mark.
     * {@code qty} is base units (USD of face for inverse), {@code contracts} the same in the venue's contracts (absent where
     * it counts in base units).
     */
    @JsonPropertyOrder({"symbol", "side", "currency", "contractType", "qty", "contracts", "notional"})
    public record Result(String symbol, Side side, String currency, ContractType contractType, double qty,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double contracts, @JsonSerialize(using = Json.Money.class) double notional, double leverage,
                         @JsonSerialize(using = Json.Money.class) double margin, double fundingRate, int intervalHours, @JsonSerialize(using = Json.Money.class) double paymentPerInterval,
                         @JsonSerialize(using = Json.Money.class) double costPerDay, @JsonSerialize(using = Json.Money.class) double costPerYear, double costPerIntervalPctOfNotional,
                         double costPerDayPctOfNotional, double annualizedPctOfNotional, double costPerIntervalPctOfMargin,
                         double costPerDayPctOfMargin, double annualizedPctOfMargin, double markPrice, double liquidationPriceStart,
                         Integer intervalsToLiquidation, Double daysToLiquidation, List<DriftRow> drift,
                         @JsonInclude(JsonInclude.Include.NON_NULL) History history, List<String> warnings) {
    }

    public static Result run(Request r, Instruments instruments) {
        Instrument inst = instruments.get(r.symbol());
        Contract ct = inst.contract();
        inst.requireLeverageStep("leverage", r.leverage());   // 10.5x where the venue sets whole numbers, as calc refuses it
        int hours = r.intervalHours() == null ? ct.fundingIntervalHours() : requireVenueInterval(r.intervalHours(), inst);
        double m = r.markPrice() != null ? inst.requirePriceWithinTiers("markPrice", r.markPrice()) : DefaultMarks.required(inst.symbol(), "mark");
        double qty = ct.quantity(r.qty(), r.contracts(), r.notional(), m);
        inst.requireSizeWithinTiers(r.qty() != null ? "qty" : r.contracts() != null ? "contracts" : "notional",
                r.qty() != null ? r.qty() : r.contracts() != null ? r.contracts() : r.notional(), qty, "markPrice", m);
        // below the venue's minimum or off its step, as calc refuses it (at the mark the carry is priced at)
        if (r.qty() != null) {
            inst.requireOrderQty("qty", r.qty(), m);
        } else if (r.notional() != null) {
            inst.requireOrderNotional("notional", r.notional(), m);
        }
        Position p = new Position(inst.symbol(), r.side(), qty, m, r.leverage(), MarginMode.ISOLATED, PositionSide.BOTH, 0, m, ct.type());
        // the notional as given (USDT), else at the mark in the settlement currency: inverse face / mark, in coin
        double notional = r.notional() != null ? r.notional() : p.notional();
        FundingCarry.Carry c = FundingCarry.of(r.side(), notional, r.leverage(), r.fundingRate(), hours);
        boolean byContracts = inst.convention().tierBasis() == MarginConvention.TierBasis.BY_CONTRACTS;
        inst.tiers().requireLeverageAllowed(r.leverage(), r.notional() != null && !byContracts ? r.notional()
                : RiskBasedSizer.tierMeasure(inst, qty, m));
        // a tier given by hand whose amount this size does not cover would walk a negative maintenance margin to liquidation
        inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, qty, m, "markPrice", m);
        inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, qty, m, "the liquidation price",
                io.perpguard.margin.LiquidationPrice.isolated(p, inst).price());
        OptionalInt toLiq = FundingDrift.intervalsToLiquidation(p, inst, r.fundingRate());
        int rows = Math.min(r.driftRows(), FundingDrift.MAX_INTERVALS);
        FundingDrift.Drift drift = FundingDrift.isolated(p, inst, r.fundingRate(), toLiq.isPresent() ? Math.min(toLiq.getAsInt(), rows) : rows);
        List<DriftRow> driftRows = new ArrayList<>();
        for (FundingDrift.Step st : drift.steps()) {
            driftRows.add(new DriftRow(st.interval(), st.margin(), level(st.liquidationPrice(), p, inst), 100 * st.marginRatio()));
        }
        History history = r.history() == null ? null : history(r.history(), p, inst);
        return new Result(inst.symbol(), r.side(), ct.settlementCurrency(), ct.type(), qty, ct.contractSize() > 0 ? ct.contractsOf(qty) : null,
                notional, r.leverage(), c.margin(), r.fundingRate(), hours, c.paymentPerInterval(),
                c.costPerDay(), c.costPerYear(), c.costPerIntervalPctOfNotional(), c.costPerDayPctOfNotional(), c.annualizedPctOfNotional(),
                c.costPerIntervalPctOfMargin(), c.costPerDayPctOfMargin(), c.annualizedPctOfMargin(), m, level(drift.startLiquidationPrice(), p, inst),
                toLiq.isPresent() ? toLiq.getAsInt() : null, toLiq.isPresent() ? toLiq.getAsInt() * hours / 24.0 : null, driftRows,
                history, r.warnings());
    }

    /** A liquidation price leaving the engine: at the tick, toward the entry (the static mark), like {@code calc}'s. */
    private static double level(double price, Position p, Instrument inst) {
        return MarginCalculator.roundTowardEntry(inst.contract(), price, p.side() == Side.LONG, p.entryPrice());
    }

    /** Refuses a funding interval the contract's venue does not settle at, naming the ones it does. */
    static int requireVenueInterval(int hours, Instrument inst) {
        List<Integer> allowed = inst.convention().fundingIntervalsHours();
        if (!allowed.contains(hours)) {
            List<String> h = allowed.stream().map(x -> x + "h").toList();
            throw new InvalidInputException("interval", hours + "h is not a funding interval of "
                    + io.perpguard.app.explain.VenueText.name(inst.convention()) + "; use "
                    + String.join(", ", h.subList(0, h.size() - 1)) + " or " + h.get(h.size() - 1));
        }
        return hours;
    }

    /** Parses {@code 8h}, {@code 4h}, {@code 1h} (or a bare number of hours). */
    public static int parseInterval(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("h")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            if (!io.perpguard.Checks.digits(t) || t.length() > 9) {   // Integer.parseInt reads +8 and ٨ as 8
                throw new NumberFormatException(t);
            }
            return FundingCarry.checkIntervalHours(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("interval", "'" + text + "' is not an interval; use e.g. 8h, 4h or 1h");
        }
    }

    private static History history(FundingHistory h, Position p, Instrument inst) {
        FundingCarry.HistoryStats st = FundingCarry.stats(h);
        FundingDrift.Drift d = FundingDrift.isolated(p, inst, h.rate());
        OptionalInt liq = d.intervalsToLiquidation();
        HistoryDrift dj = new HistoryDrift(liq.isPresent() ? liq.getAsInt() : null,
                liq.isPresent() ? h.hoursToPayment(liq.getAsInt()) / 24.0 : null,
                liq.isPresent() && liq.getAsInt() > 0 ? Instant.ofEpochMilli(h.timeMs()[liq.getAsInt() - 1]).toString() : null,
                d.steps().size(), d.endMargin(),
                level(d.steps().isEmpty() ? d.startLiquidationPrice() : d.steps().get(d.steps().size() - 1).liquidationPrice(), p, inst));
        return new History(st.count(), st.intervalHours(), h.spacingsHours(), st.spanHours() / 24, Instant.ofEpochMilli(st.firstTimeMs()).toString(),
                Instant.ofEpochMilli(st.lastTimeMs()).toString(), st.mean(), st.median(), st.p5(), st.p25(), st.p75(), st.p95(), st.min(),
                st.max(), st.positiveShare(), st.annualizedPctOfNotional(), st.annualizedPctOfNotional() * p.leverage(),
                st.realizedPctOfNotional(), dj);
    }
}
