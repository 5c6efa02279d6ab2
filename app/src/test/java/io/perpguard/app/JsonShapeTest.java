package io.perpguard.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.app.json.Json;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of the result records, field by field and in order: the documented contract of {@code --json} and the API,
 * written by Jackson from the records (core's report records through the mapper's mix-ins).
 */
class JsonShapeTest {
    static final Instruments BUNDLED = TierTables.bundled();

    static List<String> fields(Object result) {
        JsonNode n = Json.MAPPER.valueToTree(result);
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static final List<String> POSITION = List.of("exchange", "symbol", "contractType", "currency", "side", "marginMode", "positionSide",
            "qty", "contracts", "entryPrice", "markPrice", "leverage", "notional", "entryNotional", "initialMargin", "positionMargin",
            "maintenanceMargin", "maintenanceMarginRate", "maintenanceAmount", "tier", "maxLeverage", "liquidationPrice",
            "liquidationPriceExact", "liquidationTier", "gainSideLiquidationPrice", "gainSideLiquidationTier", "bankruptcyPrice", "distanceToLiquidationPct", "liquidated", "unrealizedPnl", "roe",
            "marginBalance", "marginRatio", "marginLevel", "openingFee", "closingFeeAtLiquidation", "liquidationClearanceFee",
            "lossIfLiquidated", "feeConvention", "venueMarginRatio", "marginRatioDefinition", "formulaSource", "estimates");

    @Test
    void calc_isThePositionContract_inOrder_withNoneAsNull() {
        CalcUseCase.Result r = CalcUseCase.run(new CalcUseCase.Request("BTCUSDT", Side.LONG, 60_000, null, 500_000.0, 50,
                MarginMode.ISOLATED, null, null, 0), BUNDLED);
        assertThat(fields(r)).containsExactlyElementsOf(POSITION);
        JsonNode j = Json.MAPPER.valueToTree(r);
        assertThat(j.get("side").asText()).isEqualTo("long");
        assertThat(j.get("contractType").asText()).isEqualTo("linear");
        assertThat(j.get("contracts").isNull()).isTrue();           // NaN: the venue counts in base units
        assertThat(j.get("liquidationTier").asInt()).isEqualTo(r.report().liquidationTier());
        assertThat(j.get("entryPrice").asDouble()).isEqualTo(60_000);
    }

    @Test
    void account_namesItsVenue_thenTheReport_andOmitsTheVenueWithoutPositions() {
        Account a = new Account(10_000, List.of(Position.isolated("BTCUSDT", Side.LONG, 0.5, 60_000, 20)));
        CalcUseCase.AccountResult r = CalcUseCase.account(a, BUNDLED);
        assertThat(fields(r)).containsExactly("exchange", "currency", "positions", "walletBalance", "crossWalletBalance", "marginBalance",
                "maintenanceMargin", "marginRatio", "marginLevel", "unrealizedPnl");
        JsonNode j = Json.MAPPER.valueToTree(r);
        assertThat(j.get("positions").get(0).get("entryPrice").asDouble()).isEqualTo(60_000);
        assertThat(fields(CalcUseCase.account(new Account(100, List.of()), BUNDLED))).startsWith("positions");
    }

    @Test
    void tiers_listsVenueBracketsAndLadder() {
        TiersUseCase.Result r = TiersUseCase.run(new TiersUseCase.Request("BTCUSDT", null, null, 60_000.0, null), BUNDLED, Double.NaN);
        assertThat(fields(r)).containsExactly("exchange", "symbol", "contractType", "currency", "tierRule", "side", "entryPrice",
                "leverage", "brackets", "ladder", "warnings");
        JsonNode j = Json.MAPPER.valueToTree(r);
        assertThat(j.get("tierRule").asText()).isEqualTo("at_price");
        assertThat(j.get("ladder")).hasSize(3);
        assertThat(j.get("brackets").get(0).has("maintenanceMarginRate")).isTrue();
    }

    @Test
    void kellyFromTrades_unwrapsTheFigures_andKeepsEveryWarningOnce() {
        double[] net = {120, -60, 80, -50, 200, -70, 90, -40, 30, -65};
        KellyUseCase.EstimateResult e = new KellyUseCase.EstimateResult(
                io.perpguard.sizing.Kelly.fromTrades(net, 0.5, 0.02, 200, 7), "test", List.of("a note"));
        List<String> f = fields(e);
        assertThat(f).startsWith("winRate", "payoff", "kellyFraction").contains("sampleSize", "interval90", "source")
                .endsWith("warnings").doesNotHaveDuplicates().doesNotContain("kelly", "estimate");
    }

    @Test
    void portfolio_keepsItsContract() {
        Account a = new Account(20_000, List.of(Position.isolated("BTCUSDT", Side.LONG, 0.5, 60_000, 20),
                new Position("ETHUSDT", Side.SHORT, 5, 3_000, 10, MarginMode.CROSS, io.perpguard.margin.PositionSide.BOTH, 0, 2_900,
                        io.perpguard.venue.ContractType.LINEAR)));
        PortfolioUseCase.Result r = PortfolioUseCase.run(new PortfolioUseCase.Request(
                fallback -> new io.perpguard.portfolio.Portfolio(List.of(new io.perpguard.portfolio.SubAccount("main", a)), List.of()), null, null, List.of("-30"), null), BUNDLED);
        assertThat(fields(r)).containsExactly("positions", "netDeltaUsd", "betaWeightedDeltaUsd", "grossLeverage", "netLeverage",
                "marginRatio", "liquidationShockPct", "liquidationShock", "var", "correlation", "hedge", "spotHedges", "subAccounts",
                "exposure", "scenarios", "betas", "benchmark", "warnings");
        JsonNode j = Json.MAPPER.valueToTree(r);
        assertThat(fields(j.get("positions").get(0))).containsExactly("subAccount", "symbol", "side", "qty", "notional", "markPrice",
                "liquidationPrice", "beta", "deltaUsd", "marginMode", "positionSide", "entryPrice", "contractType", "contracts");
        assertThat(fields(j.get("liquidationShock"))).containsExactly("nearestPct", "downPct", "upPct", "subAccount");
        assertThat(fields(j.get("exposure"))).containsExactly("symbols", "longNotional", "shortNotional", "spotValue", "cashValue", "coinMarginValue", "grossNotional",
                "netDeltaUsd", "netDelta1PctUsd", "betaWeightedDeltaUsd", "futuresBetaWeightedDeltaUsd", "equity");
        assertThat(fields(j.get("exposure").get("symbols").get(0))).doesNotContain("betaUsed").contains("netQty", "beta");
        assertThat(fields(j.get("subAccounts").get(0))).containsExactly("name", "marginRatio", "liquidationShockPct",
                "liquidationShockDownPct", "liquidationShockUpPct", "walletBalance", "marginBalance", "maintenanceMargin", "transferable",
                "currency", "equityUsd");
        JsonNode sc = j.get("scenarios").get(0);
        assertThat(sc.get("movesPct").fields().next().getValue().asDouble()).isEqualTo(-30.0);
        assertThat(fields(sc.get("subAccounts").get(0))).contains("name", "walletBefore", "walletAfter", "walletUntouched", "pnl", "currency")
                .doesNotContain("outcome");
        assertThat(j.get("var").get("historical95").isNull()).isTrue();
        assertThat(j.get("hedge").get("neutralises").asText()).isEqualTo("beta-weighted delta held in the futures accounts (positions, coin margin, pooled collateral coins)");
    }
}
