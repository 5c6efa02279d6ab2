package io.perpguard.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.StopMethod;
import io.perpguard.checklist.TradePlan;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.app.json.Json;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The use cases: requests validate and fill defaults, results serialise with the documented field names. */
class UseCasesTest {
    static final Instruments BUNDLED = TierTables.bundled();

    static JsonNode json(Object result) {
        return Json.MAPPER.valueToTree(result);
    }

    @Test
    void traderB_isSizedAlike_bySizeAndByCheck() {
        SizeUseCase.Result size = SizeUseCase.run(new SizeUseCase.Request("BTCUSDT", null, 10_000, 2.0, null, 60_000, 58_400, 10,
                null, null, null, null), BUNDLED);
        TradePlan b = new TradePlan("BTCUSDT", Side.LONG, "reclaim of the range low with rising open interest", 60_000, 58_400,
                StopMethod.STRUCTURE, List.of(64_000.0), 10, 10_000, Double.NaN, 2, Double.NaN, Double.NaN);
        CheckUseCase.Result check = CheckUseCase.run(new CheckUseCase.Request(b, null, null, MarketContext.NONE, null, null), BUNDLED);
        assertThat(size.qty()).isEqualTo(0.116);
        assertThat(check.sized().qty()).isEqualTo(size.qty());
        assertThat(check.sized().riskAtStop()).isEqualTo(size.lossAtStop());
        JsonNode j = json(size);
        assertThat(j.get("qty").asDouble()).isEqualTo(0.116);
        assertThat(j.get("slippagePct").asDouble()).isEqualTo(0.1);
        assertThat(j.has("sizing")).isFalse();
        assertThat(j.get("checks").get(0).has("passed")).isTrue();
        assertThat(json(check).get("sized").get("qty").asDouble()).isEqualTo(0.116);
    }

    @Test
    void sizeRequest_wantsExactlyOneRiskBudget_andNamesTheField() {
        assertThatThrownBy(() -> new SizeUseCase.Request("BTCUSDT", null, 10_000, 2.0, 200.0, 60_000, 58_400, 10, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("riskPct: give exactly one of riskPct or riskAmount");
        assertThatThrownBy(() -> new SizeUseCase.Request("BTCUSDT", null, 10_000, 2.0, null, 60_000, 58_400, 10, 80.0, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("slippagePct:");
    }

    @Test
    void funding_historyDrift_timesTheLiquidationByTheFundingTimes_notByTheMedianInterval() {
        // 50,000 long at 10x (margin 5,000, MM 0.4 % = 200) paying 0.1 % (50) a time is liquidated by payment 96. The history
        // pays 48 times 8 h apart, then hourly (a venue shortening the interval): payment 96 falls 47 × 8 h + 48 × 1 h after the
        // first (2024-01-18T16:00), opened one interval (8 h) before the first: (376 + 48 + 8) / 24 = 18.0 days. It said 96 × 1 h (the median spacing) = 4.0 days
        int n = 120;
        long[] t = new long[n];
        double[] rate = new double[n], mark = new double[n];
        long start = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            t[i] = start + (i < 48 ? i * 8L : 47 * 8L + (i - 47)) * 3_600_000L + (i % 3);   // Binance's few-ms jitter
            rate[i] = 0.001;
            mark[i] = Double.NaN;
        }
        io.perpguard.market.FundingHistory h = new io.perpguard.market.FundingHistory("BTCUSDT", t, rate, mark);
        FundingUseCase.Result r = FundingUseCase.run(new FundingUseCase.Request("BTCUSDT", Side.LONG, 50_000, 10, 0.001, 8, 60_000.0, h,
                null, null), BUNDLED);
        FundingUseCase.HistoryDrift d = r.history().drift();
        assertThat(d.intervalsToLiquidation()).isEqualTo(96);
        assertThat(d.daysToLiquidation()).isEqualTo(18.0);
        assertThat(d.liquidationTime()).isEqualTo("2024-01-18T16:00:00.002Z");
        // a constant rate on a regular 8 h history agrees with the constant-rate walk: 96 × 8 h = 32 days
        for (int i = 0; i < n; i++) {
            t[i] = start + i * 8L * 3_600_000L + (i % 3);
        }
        FundingUseCase.Result even = FundingUseCase.run(new FundingUseCase.Request("BTCUSDT", Side.LONG, 50_000, 10, 0.001, 8, 60_000.0,
                new io.perpguard.market.FundingHistory("BTCUSDT", t, rate, mark), null, null), BUNDLED);
        assertThat(even.history().drift().daysToLiquidation()).isEqualTo(32.0).isEqualTo(even.daysToLiquidation());
        assertThat(json(even).get("history").get("drift").get("liquidationTime").asText()).isEqualTo("2024-02-01T16:00:00.002Z");
    }

    @Test
    void funding_longPaysAPositiveRate_andTheDriftIsListed() {
        FundingUseCase.Result r = FundingUseCase.run(new FundingUseCase.Request(null, null, 500_000, 50, 0.0005, 8, null, null, null, null),
                BUNDLED);
        // the guide's 50x long paying 0.05 % per 8 h: 250 USDT per payment, 2.5 % of margin; funding alone liquidates it
        assertThat(r.paymentPerInterval()).isEqualTo(250.0);
        assertThat(r.costPerIntervalPctOfMargin()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.intervalsToLiquidation()).isEqualTo(31);
        JsonNode j = json(r);
        assertThat(j.has("history")).isFalse();
        assertThat(j.get("side").asText()).isEqualTo("long");
        assertThat(j.get("drift").size()).isEqualTo(31);
        FundingUseCase.Result shortSide = FundingUseCase.run(new FundingUseCase.Request(null, Side.SHORT, 500_000, 50, 0.0005, 8, null, null,
                null, null), BUNDLED);
        assertThat(shortSide.paymentPerInterval()).isEqualTo(-250.0);
    }

    @Test
    void funding_moneyLeavesAt8Decimals_asTheDeskStoresIt_withoutDoubleNoise() throws Exception {
        // the drift's JSON carried margins of 9750.000000000002 (the table showed 9,750.00)
        FundingUseCase.Result r = FundingUseCase.run(new FundingUseCase.Request(null, null, 500_000, 50, 0.0005, 8, null, null, null, null),
                BUNDLED);
        JsonNode j = io.perpguard.app.json.Json.MAPPER.readTree(io.perpguard.app.json.Json.write(r));
        assertThat(j.get("drift").get(0).get("margin").asText()).isEqualTo("9750.0");
        assertThat(j.get("margin").asText()).isEqualTo("10000.0");
        // 0.0003 has no exact double: each payment and every margin left carries noise before rounding
        FundingUseCase.Result odd = FundingUseCase.run(new FundingUseCase.Request(null, null, 333_333.33, 7, 0.0003, 8, null, null, null,
                null), BUNDLED);
        JsonNode o = io.perpguard.app.json.Json.MAPPER.readTree(io.perpguard.app.json.Json.write(odd));
        List<String> money = new java.util.ArrayList<>(List.of(o.get("paymentPerInterval").asText(), o.get("costPerDay").asText(),
                o.get("costPerYear").asText(), o.get("margin").asText()));
        o.get("drift").forEach(d -> money.add(d.get("margin").asText()));
        assertThat(money).hasSizeGreaterThan(10).allSatisfy(t -> assertThat(t).matches("-?\\d+(\\.\\d{1,8})?"));
        assertThat(o.get("drift").get(0).get("margin").asDouble())
                .isEqualTo(io.perpguard.Money.round(odd.drift().get(0).margin()));
    }

    @Test
    void calc_moneyLeavesAt8Decimals_likeFunding() throws Exception {
        // calc --json said notional 500000.00000000006, initialMargin 10000.000000000002 for 500,000 at 50x
        JsonNode j = io.perpguard.app.json.Json.MAPPER.readTree(io.perpguard.app.json.Json.write(CalcUseCase.run(
                new CalcUseCase.Request("BTCUSDT", Side.LONG, 60_000, null, 500_000.0, 50, io.perpguard.margin.MarginMode.ISOLATED, null, null, 0),
                BUNDLED)));
        for (String f : List.of("notional", "initialMargin", "positionMargin", "maintenanceMargin", "marginBalance", "openingFee",
                "lossIfLiquidated")) {
            assertThat(j.get(f).asText()).as(f).matches("-?\\d+(\\.\\d{1,8})?");
        }
        assertThat(j.get("initialMargin").asText()).isEqualTo("10000.0");
        assertThat(j.get("liquidationPriceExact").asText()).isEqualTo("59089.4472361809");   // a price, not money: as computed
    }

    @Test
    void funding_liquidationPricesLeaveAtTheTick_towardTheEntry() {
        // a long's level rounds up (59,089.447 → 59,089.5), a short's down; the last long row (60,024.12) is past the mark
        for (Side side : Side.values()) {
            FundingUseCase.Result r = FundingUseCase.run(new FundingUseCase.Request(null, side, 500_000, 50, side == Side.LONG ? 0.0005 : -0.0005,
                    8, null, null, null, null), BUNDLED);
            List<Double> prices = new java.util.ArrayList<>(List.of(r.liquidationPriceStart()));
            r.drift().forEach(d -> prices.add(d.liquidationPrice()));
            assertThat(prices).hasSizeGreaterThan(10).allSatisfy(p -> assertThat(Math.abs(p * 10 - Math.rint(p * 10))).as("%s", p).isLessThan(1e-6));
        }
        FundingUseCase.Result longs = FundingUseCase.run(new FundingUseCase.Request(null, null, 500_000, 50, 0.0005, 8, null, null, null, null),
                BUNDLED);
        assertThat(longs.liquidationPriceStart()).isEqualTo(59_089.5);
        assertThat(longs.drift().get(0).liquidationPrice()).isEqualTo(59_119.6);
        assertThat(json(longs).get("drift").get(0).get("liquidationPrice").asText()).isEqualTo("59119.6");
    }

    @Test
    void recovery_needsAllThreeBetFigures_forTheRiskOfRuin() {
        assertThat(RecoveryUseCase.run(new RecoveryUseCase.Request(null, null, null, null, null, null, null, null)).riskOfRuin()).isNull();
        assertThatThrownBy(() -> new RecoveryUseCase.Request(null, 0.45, null, 2.0, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("payoff:");
        JsonNode j = json(RecoveryUseCase.run(new RecoveryUseCase.Request(new double[]{50}, null, null, null, null, null, null, null)));
        assertThat(j.get("rows").get(0).get("requiredGainPct").asDouble()).isEqualTo(100.0);
        assertThat(j.has("riskOfRuin")).isFalse();
    }

    @Test
    void kelly_serialisesItsFiguresAndNoWarnings() {
        JsonNode j = json(KellyUseCase.run(new KellyUseCase.Request(0.55, 1.5, KellyUseCase.Options.of(null, null, null, null), List.of())));
        assertThat(j.get("kellyFraction").asDouble()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(j.get("warnings").isArray()).isTrue();
        assertThat(j.has("kelly")).isFalse();
    }
}
