package io.perpguard.cascade;

import io.perpguard.Checks;

import java.util.List;

/**
 * One market (symbol on a venue) of a cascade scenario.
 *
 * @param symbol  label, e.g. {@code BTCUSDT}
 * @param price   pre-event price
 * @param ladder  positions
 * @param depth   order book
 * @param engine  liquidation engine
 * @param flow    voluntary de-risking and new opens
 * @param shocks  exogenous shock legs
 * @param halts   venue halts
 * @param built   positions built from pre-event observables ({@link StateLadder}), or null: then the ladder is drawn
 *                synthetically from {@code ladder} (which still gives OI, the new-open leverage mix and the account size)
 * @param depthByMinute multiplier of the book's calm depth D₁ at each simulated minute (liquidity at the event's hour,
 *                {@link EventHourDepth}), or null: D₁ at every minute
 */
public record MarketSpec(String symbol, double price, LadderSpec ladder, DepthModel depth, EngineSpec engine,
                         FlowModel flow, List<ShockLeg> shocks, List<Halt> halts, LiquidationLadder built, double[] depthByMinute) {
    public MarketSpec {
        if (depthByMinute != null) {
            depthByMinute = depthByMinute.clone();
            for (double x : depthByMinute) {
                Checks.positive("market.depthByMinute", x);
            }
        }
        Checks.notBlank("market.symbol", symbol);
        Checks.positive("market.price", price);
        Checks.notNull("market.ladder", ladder);
        Checks.notNull("market.depth", depth);
        Checks.notNull("market.engine", engine);
        Checks.notNull("market.flow", flow);
        shocks = List.copyOf(Checks.notNull("market.shocks", shocks));
        halts = List.copyOf(halts == null ? List.of() : halts);
    }

    /** A market whose book keeps its calm depth at every minute. */
    public MarketSpec(String symbol, double price, LadderSpec ladder, DepthModel depth, EngineSpec engine, FlowModel flow,
                      List<ShockLeg> shocks, List<Halt> halts, LiquidationLadder built) {
        this(symbol, price, ladder, depth, engine, flow, shocks, halts, built, null);
    }

    /** A market whose ladder is drawn synthetically from {@code ladder}. */
    public MarketSpec(String symbol, double price, LadderSpec ladder, DepthModel depth, EngineSpec engine, FlowModel flow,
                      List<ShockLeg> shocks, List<Halt> halts) {
        this(symbol, price, ladder, depth, engine, flow, shocks, halts, null);
    }

    /** The positions of this market: the built ladder, or the synthetic draw from {@code seed}. */
    public LiquidationLadder positions(io.perpguard.instrument.RiskTiers tiers, long seed) {
        return built != null ? built : LiquidationLadder.synthetic(ladder, price, tiers, seed);
    }

    public MarketSpec withLadder(LadderSpec l) {
        return new MarketSpec(symbol, price, l, depth, engine, flow, shocks, halts, null, depthByMinute);
    }

    public MarketSpec withDepth(DepthModel d) {
        return new MarketSpec(symbol, price, ladder, d, engine, flow, shocks, halts, built, depthByMinute);
    }

    public MarketSpec withEngine(EngineSpec e) {
        return new MarketSpec(symbol, price, ladder, depth, e, flow, shocks, halts, built, depthByMinute);
    }

    public MarketSpec withFlow(FlowModel f) {
        return new MarketSpec(symbol, price, ladder, depth, engine, f, shocks, halts, built, depthByMinute);
    }

    public MarketSpec withShocks(List<ShockLeg> s) {
        return new MarketSpec(symbol, price, ladder, depth, engine, flow, s, halts, built, depthByMinute);
    }

    /** Total exogenous net sell notional over all legs. */
    public double exogenousSellUsd() {
        double s = 0;
        for (ShockLeg l : shocks) {
            s += l.sellUsd();
        }
        return s;
    }
}
