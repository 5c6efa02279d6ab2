package io.perpguard.sim;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationSettlement;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Conventions;
import io.perpguard.venue.MarginConvention;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Monte Carlo path kernel margins and liquidates each venue by its convention, linear and inverse (coin-margined):
 * its liquidation price is the margin engine's ({@link LiquidationPrice#isolated}) and its wallet after a liquidation
 * is {@link LiquidationSettlement}'s, to the last bit, on random contracts, tiers and positions.
 */
class PathKernelVenueTest {
    static final double START = MonteCarloTest.START;

    @Provide
    Arbitrary<MarginConvention> linear() {
        return Arbitraries.of(Conventions.all().stream().filter(c -> c.contractType() == ContractType.LINEAR).toList());
    }

    @Provide
    Arbitrary<MarginConvention> inverse() {
        return Arbitraries.of(Conventions.all().stream().filter(c -> c.contractType() == ContractType.INVERSE).toList());
    }

    /** USD per unit of {@code c}'s tier measure for a contract of {@code size}: notional, or contracts. */
    static double usdPerMeasure(MarginConvention c, double size) {
        boolean inverse = c.contractType() == ContractType.INVERSE;
        if (c.tierBasis() == MarginConvention.TierBasis.BY_CONTRACTS) {
            return inverse ? size : START * (size > 0 ? size : 1);
        }
        return inverse ? START : 1;
    }

    /**
     * 1–8 tiers (rising caps and rates, falling leverage from 20x–125x; cum from the floors), on {@code c}'s venue and
     * contract type (inverse: 1, 10 or 100 USD a contract, tiers in coin or contracts).
     */
    static Instrument instrument(Random r, MarginConvention c) {
        int n = 1 + r.nextInt(8);
        double[] f = new double[n], cap = new double[n], lev = new double[n], mmr = new double[n];
        boolean inverse = c.contractType() == ContractType.INVERSE;
        double size = inverse ? new double[]{1, 10, 100}[r.nextInt(3)] : c.countsInContracts() ? new double[]{0.001, 0.01, 1}[r.nextInt(3)] : 0;
        double scale = 1 / usdPerMeasure(c, size);
        double x = (10_000 + r.nextDouble() * 200_000) * scale, rate = 0.002 + r.nextDouble() * 0.01, l = 20 + r.nextInt(106);
        for (int i = 0; i < n; i++) {
            f[i] = i == 0 ? 0 : cap[i - 1];
            cap[i] = i == 0 ? x : cap[i - 1] * (2 + r.nextDouble() * 4);
            mmr[i] = Math.min(0.5, rate);
            lev[i] = Math.max(11, l);
            rate *= 1.2 + r.nextDouble();
            l = Math.floor(l / (1 + r.nextDouble() * 0.5));
        }
        double taker = new double[]{0.0002, 0.0005, 0.0006}[r.nextInt(3)], clearance = r.nextBoolean() ? 0.0125 : 0.005;
        Contract k = new Contract("BTCX", 0.1, 0.001, 0, 0, taker, 0.0002, 8, clearance).on(c.exchange(), c.contractType(), size,
                inverse ? "BTC" : "USDT");
        return new Instrument(k, RiskTiers.of("BTCX", f, cap, lev, mmr));
    }

    static PathKernel kernel(Instrument in) {
        return kernel(in, Side.LONG);
    }

    /** The kernel of Trader B's figures trading {@code side}. */
    static PathKernel kernel(Instrument in, Side side) {
        return MonteCarlo.kernel(Policy.traderB().withSide(side), MonteCarloTest.constantBars(10, 1, 1, 1), MonteCarlo.Funding.constant(0, 8), in,
                MonteCarloTest.config(1, 1, 1, 1));
    }

    /**
     * A 1x–max isolated long at START, margin added (or funding paid) up to ±30 % of the initial margin; inverse: USD
     * face, margin in coin.
     */
    static Position position(Random r, Instrument in, double mark) {
        return position(r, in, mark, Side.LONG);
    }

    /** {@link #position(Random, Instrument, double)} on {@code side}. */
    static Position position(Random r, Instrument in, double mark, Side side) {
        double maxMeasure = in.tiers().maxNotional();   // notional, or contracts
        ContractType type = in.contract().type();
        double top = Math.min(5e7, maxMeasure * usdPerMeasure(in.convention(), in.contract().contractSize()) / 1.5);
        double notional = Math.exp(Math.log(100) + r.nextDouble() * (Math.log(top) - Math.log(100)));
        double qty = type == ContractType.INVERSE ? notional : notional / START;
        double measure = in.convention().tierMeasure(in.terms(), qty, START);
        Assume.that(measure <= maxMeasure);
        double lev = 1 + r.nextDouble() * (in.tiers().maxLeverageFor(measure) - 1);
        double added = r.nextInt(3) == 0 ? 0 : notional / lev * (r.nextDouble() * 0.6 - 0.3) / (type == ContractType.INVERSE ? START : 1);
        return new Position("BTCX", side, qty, START, lev, MarginMode.ISOLATED, PositionSide.BOTH, added, mark, type);
    }

    @Property(tries = 1500)
    void liquidationPrice_isTheMarginEngines(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        assertLiquidationPriceIsTheEngines(seed, c);
    }

    @Property(tries = 1500)
    void inverse_liquidationPrice_isTheMarginEngines(@ForAll long seed, @ForAll("inverse") MarginConvention c) {
        assertLiquidationPriceIsTheEngines(seed, c);
    }

    /** A short policy's kernel prices its isolated short as the margin engine does, linear and inverse. */
    @Property(tries = 1500)
    void short_liquidationPrice_isTheMarginEngines(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        assertLiquidationPriceIsTheEngines(seed, c, Side.SHORT);
    }

    @Property(tries = 1500)
    void inverse_short_liquidationPrice_isTheMarginEngines(@ForAll long seed, @ForAll("inverse") MarginConvention c) {
        assertLiquidationPriceIsTheEngines(seed, c, Side.SHORT);
    }

    private static void assertLiquidationPriceIsTheEngines(long seed, MarginConvention c) {
        assertLiquidationPriceIsTheEngines(seed, c, Side.LONG);
    }

    private static void assertLiquidationPriceIsTheEngines(long seed, MarginConvention c, Side side) {
        Random r = new Random(seed);
        Instrument in = instrument(r, c);
        Position p = position(r, in, START, side);
        double expected = LiquidationPrice.isolated(p, in).price();
        double got = kernel(in, side).liquidationPrice(p.initialMargin(), p.marginAdded(), p.qty(), p.entryPrice());
        // no positive price liquidates: a level the path never reaches, 0 below a long, +infinity above a short
        assertThat(got).as(c.id() + " " + p).isEqualTo(Double.isNaN(expected) ? side == Side.LONG ? 0 : Double.POSITIVE_INFINITY : expected);
    }

    @Property(tries = 1500)
    void walletAfterLiquidation_isTheSettlements(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        assertWalletIsTheSettlements(seed, c);
    }

    @Property(tries = 1500)
    void inverse_walletAfterLiquidation_isTheSettlements(@ForAll long seed, @ForAll("inverse") MarginConvention c) {
        assertWalletIsTheSettlements(seed, c);
    }

    /** A short liquidated past its liquidation price leaves the wallet {@link LiquidationSettlement} leaves, linear and inverse. */
    @Property(tries = 1500)
    void short_walletAfterLiquidation_isTheSettlements(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        assertWalletIsTheSettlements(seed, c, Side.SHORT);
    }

    @Property(tries = 1500)
    void inverse_short_walletAfterLiquidation_isTheSettlements(@ForAll long seed, @ForAll("inverse") MarginConvention c) {
        assertWalletIsTheSettlements(seed, c, Side.SHORT);
    }

    private static void assertWalletIsTheSettlements(long seed, MarginConvention c) {
        assertWalletIsTheSettlements(seed, c, Side.LONG);
    }

    private static void assertWalletIsTheSettlements(long seed, MarginConvention c, Side side) {
        Random r = new Random(seed);
        Instrument in = instrument(r, c);
        Position at0 = position(r, in, START, side);
        double lp = LiquidationPrice.isolated(at0, in).price();
        Assume.that(Double.isFinite(lp));
        // past the liquidation price: below it for a long, above it for a short
        double mark = lp * (1 - side.sign() * r.nextDouble() * (r.nextBoolean() ? 0.002 : 0.2));
        Position p = new Position("BTCX", side, at0.qty(), at0.entryPrice(), at0.leverage(), MarginMode.ISOLATED, PositionSide.BOTH,
                at0.marginAdded(), mark, at0.type());
        double wallet = p.isolatedMargin() + r.nextDouble() * 10_000 / (at0.type() == ContractType.INVERSE ? START : 1);
        Account a = new Account(wallet, List.of(p));
        Instruments inst = Instruments.of(in);
        LiquidationSettlement.Outcome o = LiquidationSettlement.settle(a, MarginCalculator.evaluate(a, inst), inst);
        Assume.that(o.any());
        double got = kernel(in, side).liquidate(wallet, p.isolatedMargin(), p.qty(), p.entryPrice(), mark);
        assertThat(got).as(c.id() + " " + p).isEqualTo(o.walletAfter());
    }

    /**
     * Liquidated halfway between the liquidation and the bankruptcy price with margin left above every fee (one 5 %
     * tier): Binance keeps its clearance fee, OKX its taker fee, Bybit, Bybit UTA and XT all the margin left — and only
     * Binance's figure equals the clearance-fee rule (this fails if the kernel is forced back to it).
     */
    @Test
    void whatALiquidationTakes_isTheVenues() {
        for (MarginConvention c : Conventions.all()) {
            if (c.contractType() != ContractType.LINEAR) {
                continue;
            }
            Contract k = new Contract("BTCX", 0.1, 0.001, 0, 0, 0.0006, 0.0002, 8, 0.0125)
                    .on(c.exchange(), ContractType.LINEAR, c.countsInContracts() ? 0.001 : 0, "USDT");
            Instrument in = new Instrument(k, RiskTiers.of("BTCX", new double[]{0}, new double[]{1e12}, new double[]{15}, new double[]{0.05}));
            PathKernel pk = kernel(in);
            double qty = 2, margin = qty * START / 10, wallet = 20_000;
            double lp = pk.liquidationPrice(margin, 0, qty, START), bp = START - margin / qty, at = (lp + bp) / 2;
            double pnl = qty * (at - START);
            double binance = wallet + pnl - Math.min(qty * at * 0.0125, margin + pnl);
            double expected = switch (c.liquidationTake()) {
                case CLEARANCE_FEE -> binance;
                case TAKER_FEE -> wallet + pnl - qty * at * 0.0006;
                case REMAINING_MARGIN -> wallet - margin;
            };
            double got = pk.liquidate(wallet, margin, qty, START, at);
            assertThat(got).as(c.id().name()).isCloseTo(expected, within(1e-6));
            if (c.liquidationTake() != MarginConvention.LiquidationTake.CLEARANCE_FEE) {
                assertThat(got).as(c.id() + " under Binance's rule").isNotCloseTo(binance, within(1.0));
            }
        }
    }

    /**
     * A Bybit inverse 10x long of 60,000 USD face at 60,000 with one 0.5 % tier: the kernel's liquidation price counts
     * the closing fee at the bankruptcy price and values MM at entry (Bybit's Q·(1/EP − 1/LP) = −(M − Q/EP·MMR − Q·fee/BP),
     * BP = (1 + fee)·Q/(Q/EP + M)),
     * and liquidating at 10 % below entry loses the whole margin (Bybit takes what is left), both in coin.
     */
    @Test
    void bybitInverse_countsTheClosingFeeAtBankruptcy_inCoin() {
        Contract k = new Contract("BTCX", 0.5, 1, 0, 0, 0.00075, 0.0002, 8, 0.0125).on(io.perpguard.venue.Exchange.BYBIT, ContractType.INVERSE, 1, "BTC");
        Instrument in = new Instrument(k, RiskTiers.of("BTCX", new double[]{0}, new double[]{1e9}, new double[]{20}, new double[]{0.005}));
        PathKernel pk = kernel(in);
        double q = 60_000, m = q / START / 10, fee = 0.00075;
        double bp = (1 + fee) * q / (q / START + m), lpExpected = q / (m - q * fee / bp + q / START - q / START * 0.005);
        assertThat(pk.liquidationPrice(m, 0, q, START)).isCloseTo(lpExpected, within(1e-6)).isCloseTo(54_835.8, within(0.1));
        assertThat(pk.liquidate(2, m, q, START, 54_000)).isCloseTo(2 - m, within(1e-15));
    }
    /**
     * The tiers of {@code in} with every rate on the whole value (no maintenance amount: a Bybit risk-limit table without
     * mmDeduction, OKX, XT): the requirement jumps at each cap.
     */
    static Instrument wholeValue(Instrument in) {
        List<LeverageBracket> b = in.tiers().brackets().stream().map(x -> new LeverageBracket(x.bracket(), x.notionalFloor(), x.notionalCap(),
                x.maxLeverage(), x.maintenanceMarginRate(), 0)).toList();
        return new Instrument(in.contract(), new RiskTiers("BTCX", b));
    }

    /**
     * On tiers without maintenance amounts the kernel's liquidation price is still the engine's, bit for bit — where a
     * coin-margined long's value grows into the next tier and the jump liquidates it at the cap, and where a linear
     * long's tiers give two consistent roots (the one nearest the mark liquidates first).
     */
    @Property(tries = 1500)
    void wholeValueTiers_liquidationPrice_isTheMarginEngines(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        assertWholeValueLiquidationPriceIsTheEngines(seed, c);
    }

    @Property(tries = 1500)
    void wholeValueTiers_inverse_liquidationPrice_isTheMarginEngines(@ForAll long seed, @ForAll("inverse") MarginConvention c) {
        assertWholeValueLiquidationPriceIsTheEngines(seed, c);
    }

    private static void assertWholeValueLiquidationPriceIsTheEngines(long seed, MarginConvention c) {
        Random r = new Random(seed);
        Instrument in = wholeValue(instrument(r, c));
        Position p = position(r, in, START);
        // the losing side's level (a cap the gain carries it across is calc's, not the path kernel's)
        double expected = LiquidationPrice.isolated(p, in, MarginConvention.Reach.LOSS_SIDE).price();
        double got = kernel(in).liquidationPrice(p.initialMargin(), p.marginAdded(), p.qty(), p.entryPrice());
        assertThat(got).as(c.id() + " " + p).isEqualTo(Double.isNaN(expected) ? 0 : expected);
    }

    /**
     * Bybit unified inverse, Bybit's 2023 risk limits without a deduction scaled to coin (0.5 % to 150 BTC, 1 % to 300,
     * 1.5 % to 450): a long of 10,000,000 USD from 70,000 at 17x (142.86 BTC) reaches the 150 BTC cap at 66,666.67,
     * where the requirement doubles past its equity — calc's liquidation price (TierJumpLiquidationTest). The path
     * kernel used to take only a tier's own root and liquidated it at none of them (0: never).
     */
    @Test
    void coinMarginedLong_isLiquidatedWhereItsCoinValueCrossesACap() {
        MarginConvention c = Conventions.all().stream().filter(x -> x.id().name().equals("BYBIT_UTA_INVERSE")).findFirst().orElseThrow();
        Contract k = new Contract("BTCX", 0.5, 1, 0, 0, 0.00055, 0.0002, 8, 0.0125).on(c.exchange(), ContractType.INVERSE, 1, "BTC");
        Instrument in = new Instrument(k, new RiskTiers("BTCX", List.of(new LeverageBracket(1, 0, 150, 100, 0.005, 0),
                new LeverageBracket(2, 150, 300, 50, 0.01, 0), new LeverageBracket(3, 300, 450, 40, 0.015, 0))));
        double q = 10_000_000, entry = 70_000, im = q / entry / 17;
        Position p = new Position("BTCX", Side.LONG, q, entry, 17, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry, ContractType.INVERSE);
        double engine = LiquidationPrice.isolated(p, in).price();
        assertThat(engine).isEqualTo(q / 150);
        PathKernel pk = kernel(in);
        assertThat(pk.liquidationPrice(im, 0, q, entry)).isEqualTo(engine);
        // marked below the cap already (funding paid meanwhile): liquidated there, not "never"
        assertThat(pk.liquidationPrice(im, -im * 0.01, q, entry, 66_000)).isEqualTo(q / 150);
    }
}
