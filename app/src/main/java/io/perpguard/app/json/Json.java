package io.perpguard.app.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.util.NameTransformer;
import io.perpguard.app.CheckUseCase;
import io.perpguard.app.LiqmapUseCase;
import io.perpguard.app.SizeUseCase;
import io.perpguard.app.explain.KellyText;
import io.perpguard.app.explain.VenueText;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.MarketOutcome;
import io.perpguard.checklist.ChecklistResult;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.LeverageLadder;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionReport;
import io.perpguard.orders.ReplayResult;
import io.perpguard.orders.TradeRecord;
import io.perpguard.portfolio.Exposure;
import io.perpguard.portfolio.Hedge;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.SubAccounts;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.KellyResult;
import io.perpguard.venue.ConventionId;
import io.perpguard.venue.Estimate;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The one mapper of every perpguard output (CLI {@code --json}, the desk API): result records and the engines' report
 * records serialised by Jackson, plain numbers, NaN/∞ as null, enums as lower-case names, decimals written plainly.
 * Core's records carry no annotations; their JSON order lives here as mix-ins. Thread-safe; build no other.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonOutput.MAPPER.copy()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addMixIn(PositionReport.class, PositionReportOrder.class)
            .addMixIn(KellyEstimate.class, KellyEstimateFields.class)
            .addMixIn(KellyResult.class, KellyResultFields.class)
            .addMixIn(PortfolioReport.PositionRisk.class, PositionRiskOrder.class)
            .addMixIn(PortfolioReport.Shock.class, ShockOrder.class)
            .addMixIn(Exposure.class, ExposureFields.class)
            .addMixIn(Exposure.Line.class, ExposureLineFields.class)
            .addMixIn(ReplayResult.class, ReplayResultFields.class)
            .addMixIn(TradeRecord.class, TradeRecordFields.class)
            .addMixIn(CascadeResult.class, CascadeResultOrder.class)
            .addMixIn(MarketOutcome.class, MarketOutcomeFields.class)
            .addMixIn(LeverageLadder.Rung.class, RungFields.class)
            .registerModule(new SimpleModule("venue words").setSerializerModifier(new VenueWords()))
            .registerModule(money(MoneyFields.AMOUNTS, MoneyFields.FIGURES));

    /** Indented, for the CLI. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** Compact JSON text of a value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** {@code calc --json}: the DESIGN.md contract first, then the extra figures. */
    @JsonPropertyOrder({"exchange", "symbol", "contractType", "currency", "side", "marginMode", "positionSide", "qty", "contracts",
            "entryPrice", "markPrice", "leverage", "notional", "entryNotional", "initialMargin", "positionMargin", "maintenanceMargin",
            "maintenanceMarginRate", "maintenanceAmount", "tier", "maxLeverage", "liquidationPrice", "liquidationPriceExact",
            "liquidationTier", "gainSideLiquidationPrice", "gainSideLiquidationTier", "bankruptcyPrice", "distanceToLiquidationPct", "liquidated", "unrealizedPnl", "roe", "marginBalance", "marginRatio",
            "marginLevel", "openingFee", "closingFeeAtLiquidation", "liquidationClearanceFee", "lossIfLiquidated", "feeConvention",
            "venueMarginRatio", "marginRatioDefinition", "formulaSource", "estimates"})
    abstract static class PositionReportOrder {
        @JsonSerialize(using = ZeroAsNull.class)
        abstract int liquidationTier();

        @JsonSerialize(using = ZeroAsNull.class)
        abstract int gainSideLiquidationTier();

        @JsonSerialize(using = Money.class)
        abstract double notional();

        @JsonSerialize(using = Money.class)
        abstract double entryNotional();

        @JsonSerialize(using = Money.class)
        abstract double initialMargin();

        @JsonSerialize(using = Money.class)
        abstract double positionMargin();

        @JsonSerialize(using = Money.class)
        abstract double maintenanceMargin();

        @JsonSerialize(using = Money.class)
        abstract double maintenanceAmount();

        @JsonSerialize(using = Money.class)
        abstract double unrealizedPnl();

        @JsonSerialize(using = Money.class)
        abstract double marginBalance();

        @JsonSerialize(using = Money.class)
        abstract double openingFee();

        @JsonSerialize(using = Money.class)
        abstract double closingFeeAtLiquidation();

        @JsonSerialize(using = Money.class)
        abstract double liquidationClearanceFee();

        @JsonSerialize(using = Money.class)
        abstract double lossIfLiquidated();

        @JsonSerialize(contentUsing = EstimateWords.class)
        abstract List<Estimate> estimates();

        /** The mark already at or past the liquidation price ({@link PositionReport#liquidated}). */
        @com.fasterxml.jackson.annotation.JsonProperty("liquidated")
        abstract boolean liquidated();
    }

    /**
     * A position report's convention id written as the three texts {@link VenueText} has for it — {@code feeConvention},
     * {@code marginRatioDefinition}, {@code formulaSource} (isolated or cross, by the report's margin mode) — each where
     * {@link PositionReportOrder} puts it.
     */
    static final class VenueWords extends BeanSerializerModifier {
        static final List<String> ORDER = List.of(PositionReportOrder.class.getAnnotation(JsonPropertyOrder.class).value());

        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc, List<BeanPropertyWriter> props) {
            if (desc.getBeanClass() != PositionReport.class) {
                return props;
            }
            List<BeanPropertyWriter> out = new ArrayList<>(props.size() + 2);
            for (BeanPropertyWriter w : props) {
                if (!w.getName().equals("convention")) {
                    out.add(w);
                    continue;
                }
                out.add(text(w, "feeConvention", (id, r) -> VenueText.feeConvention(id)));
                out.add(text(w, "marginRatioDefinition", (id, r) -> VenueText.marginRatioDefinition(id)));
                out.add(text(w, "formulaSource", (id, r) -> VenueText.formulaSource(id, r.marginMode() == MarginMode.CROSS)));
            }
            out.sort(Comparator.comparingInt(w -> ORDER.contains(w.getName()) ? ORDER.indexOf(w.getName()) : Integer.MAX_VALUE));
            return out;
        }

        /** The {@code convention} property under {@code name}, written as {@code words} of the id and its report. */
        private static BeanPropertyWriter text(BeanPropertyWriter convention, String name, BiFunction<ConventionId, PositionReport, String> words) {
            BeanPropertyWriter w = convention.rename(new NameTransformer() {
                @Override
                public String transform(String n) {
                    return name;
                }

                @Override
                public String reverse(String n) {
                    return null;
                }
            });
            w.assignSerializer(new JsonSerializer<>() {
                @Override
                public void serialize(Object id, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(words.apply((ConventionId) id, (PositionReport) g.getOutputContext().getCurrentValue()));
                }
            });
            return w;
        }
    }

    /** An estimate code written as its sentence. */
    static final class EstimateWords extends JsonSerializer<Estimate> {
        @Override
        public void serialize(Estimate e, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(VenueText.estimate(e));
        }
    }

    /** {@code kelly --journal --json}: the Kelly figures unwrapped; warnings are the use case's (they add the journal's). */
    @JsonIgnoreProperties("warnings")
    abstract static class KellyEstimateFields {
        @JsonUnwrapped
        abstract KellyResult kelly();

        /** The journal's average win and loss are money (41.33057500000001 left unrounded). */
        @JsonSerialize(using = Money.class)
        abstract double averageWin();

        @JsonSerialize(using = Money.class)
        abstract double averageLoss();
    }

    /** {@code kelly --json}: the verdict as the sentence {@link KellyText} writes, in the verdict's place. */
    abstract static class KellyResultFields {
        @JsonSerialize(using = KellyVerdict.class)
        abstract KellyResult.Verdict verdict();
    }

    /** A Kelly verdict code written as its sentence, from the result being written (the one that holds the code). */
    static final class KellyVerdict extends JsonSerializer<KellyResult.Verdict> {
        @Override
        public void serialize(KellyResult.Verdict v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(KellyText.verdict((KellyResult) g.getOutputContext().getCurrentValue()));
        }
    }

    /** A position in {@code portfolio --json}. */
    @JsonPropertyOrder({"subAccount", "symbol", "side", "qty", "notional", "markPrice", "liquidationPrice", "beta", "deltaUsd", "marginMode",
            "positionSide", "entryPrice"})
    abstract static class PositionRiskOrder {
    }

    /** The market-wide move that liquidates: the nearest first. */
    @JsonPropertyOrder({"nearestPct", "downPct", "upPct", "subAccount"})
    abstract static class ShockOrder {
    }

    /** Exposure in USD; leverage is at the top of {@code portfolio --json}, the assumed betas in its warnings. */
    @JsonIgnoreProperties({"grossLeverage", "netLeverage", "assumedBeta"})
    abstract static class ExposureFields {
    }

    /** One symbol's exposure; the beta shown is the measured one. */
    @JsonIgnoreProperties("betaUsed")
    abstract static class ExposureLineFields {
    }

    /** {@code replay --json}: the events (with their sentences), the curve and the warnings are the use case's. */
    @JsonPropertyOrder({"trades", "finalEquity", "maxDrawdownPct", "feesPaid", "fundingPaid", "liquidated", "plannedQty", "filledQty",
            "averageEntry", "riskAmount", "totalR"})
    @JsonIgnoreProperties({"equityTimeMs", "equity", "warnings", "events"})
    abstract static class ReplayResultFields {
        @JsonSerialize(using = Money.class)
        abstract double finalEquity();

        @JsonSerialize(using = Money.class)
        abstract double feesPaid();

        @JsonSerialize(using = Money.class)
        abstract double fundingPaid();

        @JsonSerialize(using = Money.class)
        abstract double riskAmount();
    }

    @JsonPropertyOrder({"entryTime", "exitTime", "side", "qty", "entryPrice", "exitPrice", "exitReason", "rMultiple", "fees", "funding",
            "pnl", "netPnl"})
    abstract static class TradeRecordFields {
        @JsonProperty("entryTime")
        @JsonSerialize(using = EpochMsAsInstant.class)
        abstract long entryTimeMs();

        @JsonProperty("exitTime")
        @JsonSerialize(using = EpochMsAsInstant.class)
        abstract long exitTimeMs();

        @JsonProperty
        @JsonSerialize(using = Money.class)
        abstract double netPnl();

        @JsonSerialize(using = Money.class)
        abstract double pnl();

        @JsonSerialize(using = Money.class)
        abstract double fees();

        @JsonSerialize(using = Money.class)
        abstract double funding();
    }

    /** {@code cascade --json}: the totals, the bands the result is checked against, then each market. */
    @JsonPropertyOrder({"scenario", "core", "drawdownPct", "timeToTroughMinutes", "longLiquidatedUsd", "shortLiquidatedUsd", "oiBeforeUsd",
            "oiAfterUsd", "amplification", "maxPathR", "badDebtUsd", "insuranceFundChangeUsd", "bands", "markets"})
    abstract static class CascadeResultOrder {
    }

    /** One market of a cascade: its outcome, not its minute-by-minute series. */
    @JsonIncludeProperties({"symbol", "drawdownPct", "timeToTroughMinutes", "longLiquidatedUsd", "shortLiquidatedUsd", "oiBeforeUsd",
            "oiAfterUsd", "voluntaryClosedUsd", "newOpenedUsd", "adlUsd", "badDebtUsd", "insuranceFundChangeUsd", "pendingUsd",
            "depthAtTroughRatio", "maxPathR", "amplification"})
    @JsonPropertyOrder({"symbol", "drawdownPct", "timeToTroughMinutes", "longLiquidatedUsd", "shortLiquidatedUsd", "oiBeforeUsd",
            "oiAfterUsd", "voluntaryClosedUsd", "newOpenedUsd", "adlUsd", "badDebtUsd", "insuranceFundChangeUsd", "pendingUsd",
            "depthAtTroughRatio", "maxPathR", "amplification"})
    abstract static class MarketOutcomeFields {
        @JsonProperty
        abstract double timeToTroughMinutes();

        @JsonProperty
        abstract double amplification();
    }

    /** A rung of {@code tiers --json}: a size above the largest tier has no tier (null). */
    abstract static class RungFields {
        @JsonSerialize(using = ZeroAsNull.class)
        abstract int tier();
    }

    /** Epoch milliseconds as an ISO-8601 instant ({@code 2025-10-10T21:00:00Z}). */
    static final class EpochMsAsInstant extends JsonSerializer<Long> {
        @Override
        public void serialize(Long v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(Instant.ofEpochMilli(v).toString());
        }
    }

    /** An int where 0 means "none" (a tier number): null. */
    static final class ZeroAsNull extends JsonSerializer<Integer> {
        @Override
        public void serialize(Integer v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || v == 0) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
    }

    /** An amount of money: {@link io.perpguard.Money#round} (8 decimals, half-even, as the desk stores it), NaN/∞ as null. */
    public static final class Money extends JsonSerializer<Double> {
        private static final JsonOutput.FiniteDouble PLAIN = new JsonOutput.FiniteDouble();

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            PLAIN.serialize(v == null ? null : io.perpguard.Money.round(v), g, p);
        }
    }

    /** A module that writes the named fields of the named records through {@link Money} (see {@link MoneyFields}). */
    public static SimpleModule money(Map<Class<?>, Set<String>> amounts, Map<Class<?>, Set<String>> figures) {
        return new SimpleModule("money").setSerializerModifier(new MoneyFields(amounts, figures));
    }

    /**
     * Which figures are amounts of money, record by record: each is written through {@link Money}, the one rounding of an
     * amount leaving the engine. Records with a mix-in of their own mark their amounts there instead (calc, replay); the
     * use cases' own records mark them on the component (size, funding). Prices (the tick's business), quantities (the
     * step's), ratios, percentages and per-unit figures are written as computed.
     * <p>
     * {@code amounts}: a record's {@code double}/{@code Double} components. {@code figures}: a record whose {@code values}
     * map (a rule's figures) holds amounts under these keys. Every name must be a component of its record, or the mapper
     * does not build: a renamed field cannot silently leave unrounded.
     */
    public static final class MoneyFields extends BeanSerializerModifier {
        /** Money a check or size rule's figures carry (the keys of core's {@code PreTradeCheck} and {@code RiskBasedSizer}). */
        static final Set<String> RULE_MONEY = Set.of("notional", "equity", "riskAtStop", "rewardAtTargets", "costPerInterval", "costPerDay",
                "grossNotional", "netDelta", "tierCap", "minNotional", "riskAmount", "riskAtSmallestQty", "margin", "openingFee", "marginAndFee",
                "available", "availableBalance", "maxNotionalAtLeverage", "notionalCap", "notionalFloor");

        static final Map<Class<?>, Set<String>> AMOUNTS = amounts(
                AccountReport.class, Set.of("walletBalance", "crossWalletBalance", "marginBalance", "maintenanceMargin", "unrealizedPnl"),
                LeverageLadder.Rung.class, Set.of("notional", "maintenanceAmount"),
                ChecklistResult.SizedPlan.class, Set.of("notional", "initialMargin", "riskAtStop"),
                PortfolioReport.PositionRisk.class, Set.of("notional", "deltaUsd"),
                Exposure.class, Set.of("longNotional", "shortNotional", "spotValue", "cashValue", "coinMarginValue", "grossNotional", "netDeltaUsd",
                        "netDelta1PctUsd", "betaWeightedDeltaUsd", "futuresBetaWeightedDeltaUsd", "equity"),
                Exposure.Line.class, Set.of("longNotional", "shortNotional", "spotValue", "coinMarginValue", "netDeltaUsd", "futuresDeltaUsd",
                        "delta1PctUsd", "betaWeightedDeltaUsd"),
                SubAccounts.Outcome.class, Set.of("walletBefore", "walletAfter", "pnl"),
                Hedge.MinVariance.class, Set.of("hedgeNotional"),
                PortfolioJson.class, Set.of("netDeltaUsd", "betaWeightedDeltaUsd"),
                PortfolioJson.Var.class, Set.of("historical95", "historical99", "parametric95", "parametric99", "es95", "es99", "parametricEs95",
                        "parametricEs99"),
                PortfolioJson.HedgePlan.class, Set.of("notional"),
                PortfolioJson.SpotHedge.class, Set.of("notional", "minimumMargin"),
                PortfolioJson.SurvivalMargin.class, Set.of("isolatedMargin"),
                PortfolioJson.SubAccount.class, Set.of("walletBalance", "marginBalance", "maintenanceMargin", "transferable", "equityUsd"),
                PortfolioJson.Scenario.class, Set.of("spotPnl", "totalPnl"),
                CascadeResult.class, Set.of("longLiquidatedUsd", "shortLiquidatedUsd", "oiBeforeUsd", "oiAfterUsd", "badDebtUsd",
                        "insuranceFundChangeUsd"),
                MarketOutcome.class, Set.of("longLiquidatedUsd", "shortLiquidatedUsd", "oiBeforeUsd", "oiAfterUsd", "voluntaryClosedUsd",
                        "newOpenedUsd", "adlUsd", "badDebtUsd", "insuranceFundChangeUsd", "pendingUsd"),
                CascadeJson.State.class, Set.of("depth1PctUsd"),
                LiqmapUseCase.Result.class, Set.of("totalLongUsd", "totalShortUsd"),
                LiqmapUseCase.Cumulative.class, Set.of("longBelowUsd", "shortAboveUsd"),
                LiqmapUseCase.Bucket.class, Set.of("longUsd", "shortUsd"),
                MonteCarlo.EquityPercentiles.class, Set.of("p5", "p25", "p50", "p75", "p95"));

        static final Map<Class<?>, Set<String>> FIGURES = Map.of(CheckUseCase.RuleResult.class, RULE_MONEY, SizeUseCase.Check.class, RULE_MONEY);

        private static final Money MONEY = new Money();

        private final Map<Class<?>, Set<String>> amounts;
        private final Map<Class<?>, MoneyFigures> figures = new LinkedHashMap<>();

        MoneyFields(Map<Class<?>, Set<String>> amounts, Map<Class<?>, Set<String>> figures) {
            amounts.forEach((type, names) -> names.forEach(n -> requireComponent(type, n, double.class, Double.class)));
            figures.forEach((type, keys) -> requireComponent(type, "values", Map.class));
            this.amounts = Map.copyOf(amounts);
            figures.forEach((type, keys) -> this.figures.put(type, new MoneyFigures(keys)));
        }

        private static Map<Class<?>, Set<String>> amounts(Object... typeAndNames) {
            Map<Class<?>, Set<String>> m = new LinkedHashMap<>();
            for (int i = 0; i < typeAndNames.length; i += 2) {
                @SuppressWarnings("unchecked")
                Set<String> names = (Set<String>) typeAndNames[i + 1];
                m.put((Class<?>) typeAndNames[i], names);
            }
            return m;
        }

        private static void requireComponent(Class<?> type, String name, Class<?>... allowed) {
            if (type.getRecordComponents() != null) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getName().equals(name) && List.of(allowed).contains(c.getType())) {
                        return;
                    }
                }
            }
            throw new IllegalStateException(type.getName() + " has no amount '" + name + "' to write as money");
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc, List<BeanPropertyWriter> props) {
            Set<String> names = amounts.get(desc.getBeanClass());
            MoneyFigures values = figures.get(desc.getBeanClass());
            if (names == null && values == null) {
                return props;
            }
            for (BeanPropertyWriter w : props) {
                if (names != null && names.contains(w.getName())) {
                    w.assignSerializer((JsonSerializer<Object>) (JsonSerializer<?>) MONEY);
                } else if (values != null && w.getName().equals("values")) {
                    w.assignSerializer((JsonSerializer<Object>) (JsonSerializer<?>) values);
                }
            }
            return props;
        }
    }

    /** A rule's figures: the amounts among them (by key) through {@link Money}, every other value as the mapper writes it. */
    static final class MoneyFigures extends JsonSerializer<Map<String, Object>> {
        private final Set<String> money;

        MoneyFigures(Set<String> money) {
            this.money = Set.copyOf(money);
        }

        @Override
        public void serialize(Map<String, Object> values, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject(values);
            for (Map.Entry<String, Object> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() instanceof Double d && money.contains(e.getKey())) {
                    MONEY_VALUE.serialize(d, g, p);
                } else {
                    p.defaultSerializeValue(e.getValue(), g);
                }
            }
            g.writeEndObject();
        }

        private static final Money MONEY_VALUE = new Money();
    }
}
