package io.perpguard.app.json;

import io.perpguard.data.json.JsonOutput;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.LeverageLadder;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.Side;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON objects of the engines' reports, shared by the CLI ({@code --json}) and the HTTP API so both print the
 * same fields in the same order. Serialise with {@link JsonOutput#MAPPER}.
 */
public final class ReportJson {
    private ReportJson() {
    }

    /** The JSON object of {@code calc --json} (DESIGN.md contract, plus the extra figures). */
    public static Map<String, Object> position(PositionReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exchange", r.exchange());
        m.put("symbol", r.symbol());
        m.put("contractType", r.contractType().label());
        m.put("currency", r.currency());
        m.put("side", r.side());
        m.put("marginMode", r.marginMode());
        m.put("positionSide", r.positionSide());
        m.put("qty", r.qty());
        m.put("contracts", Double.isFinite(r.contracts()) ? r.contracts() : null);
        m.put("entryPrice", r.entryPrice());
        m.put("markPrice", r.markPrice());
        m.put("leverage", r.leverage());
        m.put("notional", r.notional());
        m.put("entryNotional", r.entryNotional());
        m.put("initialMargin", r.initialMargin());
        m.put("positionMargin", r.positionMargin());
        m.put("maintenanceMargin", r.maintenanceMargin());
        m.put("maintenanceMarginRate", r.maintenanceMarginRate());
        m.put("maintenanceAmount", r.maintenanceAmount());
        m.put("tier", r.tier());
        m.put("maxLeverage", r.maxLeverage());
        m.put("liquidationPrice", r.liquidationPrice());
        m.put("liquidationPriceExact", r.liquidationPriceExact());
        m.put("liquidationTier", r.liquidationTier() == 0 ? null : r.liquidationTier());
        m.put("bankruptcyPrice", r.bankruptcyPrice());
        m.put("distanceToLiquidationPct", r.distanceToLiquidationPct());
        m.put("unrealizedPnl", r.unrealizedPnl());
        m.put("roe", r.roe());
        m.put("marginBalance", r.marginBalance());
        m.put("marginRatio", r.marginRatio());
        m.put("marginLevel", r.marginLevel());
        m.put("openingFee", r.openingFee());
        m.put("closingFeeAtLiquidation", r.closingFeeAtLiquidation());
        m.put("liquidationClearanceFee", r.liquidationClearanceFee());
        m.put("lossIfLiquidated", r.lossIfLiquidated());
        m.put("feeConvention", r.feeConvention());
        m.put("venueMarginRatio", r.venueMarginRatio());
        m.put("marginRatioDefinition", r.marginRatioDefinition());
        m.put("formulaSource", r.formulaSource());
        m.put("estimates", r.estimates());
        return m;
    }

    /** The JSON object of {@code calc --account --json}. */
    public static Map<String, Object> account(AccountReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> ps = new ArrayList<>();
        for (PositionReport p : r.positions()) {
            ps.add(position(p));
        }
        if (!r.positions().isEmpty()) {
            m.put("exchange", r.positions().get(0).exchange());
            m.put("currency", r.positions().get(0).currency());
        }
        m.put("positions", ps);
        m.put("walletBalance", r.walletBalance());
        m.put("crossWalletBalance", r.crossWalletBalance());
        m.put("marginBalance", r.marginBalance());
        m.put("maintenanceMargin", r.maintenanceMargin());
        m.put("marginRatio", r.marginRatio());
        m.put("marginLevel", r.marginLevel());
        m.put("unrealizedPnl", r.unrealizedPnl());
        return m;
    }

    /** The JSON object of {@code tiers --json}. */
    public static Map<String, Object> tiers(Instrument inst, Side side, double entry, Double leverage, List<LeverageLadder.Rung> rungs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", inst.symbol());
        m.put("side", side);
        m.put("entry", entry);
        m.put("leverage", leverage);
        m.put("brackets", inst.tiers().brackets());
        m.put("ladder", rungs);
        return m;
    }
}
