package io.perpguard.margin;

import io.perpguard.instrument.Instruments;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.Exchange;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static io.perpguard.margin.TestInstruments.BTC;
import static io.perpguard.margin.TestInstruments.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Invariants of the shared-collateral account over random cross accounts with BTCUSDT's and ETHUSDT's real tiers. */
class CollateralPoolPropertiesTest {
    static final Instruments INS = Instruments.of(BTC, ETH);

    record Book(double wallet, Side btcSide, double btcQty, double btcEntry, double btcMove, Side ethSide, double ethQty,
                double ethEntry, double btcCollateral, double btcIndex, double bidBuffer, double usdtBid, double usdtAsk) {
        List<Position> positions() {
            List<Position> out = new ArrayList<>();
            out.add(new Position("BTCUSDT", btcSide, btcQty, btcEntry, 20, MarginMode.CROSS, PositionSide.BOTH, 0, btcEntry * btcMove));
            if (ethQty > 0) {
                out.add(new Position("ETHUSDT", ethSide, ethQty, ethEntry, 20, MarginMode.CROSS, PositionSide.BOTH, 0, ethEntry));
            }
            return out;
        }

        Account account() {
            return new Account(wallet, positions(), Exchange.BINANCE);
        }

        CollateralPool usdtAtPar() {
            return new CollateralPool(List.of(CollateralAsset.atPar("USDT", wallet)), positions(), Exchange.BINANCE);
        }

        CollateralPool multi() {
            return new CollateralPool(List.of(new CollateralAsset("USDT", wallet, 1, CollateralRule.binanceMultiAssets(usdtBid, usdtAsk)),
                    new CollateralAsset("BTC", btcCollateral, btcIndex, CollateralRule.binanceMultiAssets(bidBuffer, bidBuffer))),
                    positions(), Exchange.BINANCE);
        }
    }

    @Provide
    Arbitrary<Book> books() {
        Arbitrary<Double> wallet = Arbitraries.doubles().between(100, 200_000).ofScale(2);
        Arbitrary<Double> qty = Arbitraries.doubles().between(0.01, 30).ofScale(3);
        Arbitrary<Double> entry = Arbitraries.doubles().between(20_000, 120_000).ofScale(1);
        Arbitrary<Double> move = Arbitraries.doubles().between(0.9, 1.1).ofScale(4);
        Arbitrary<Double> ethQty = Arbitraries.doubles().between(0, 200).ofScale(2);
        Arbitrary<Double> ethEntry = Arbitraries.doubles().between(1_000, 5_000).ofScale(2);
        Arbitrary<Double> coll = Arbitraries.doubles().between(0, 5).ofScale(4);
        Arbitrary<Double> buffer = Arbitraries.doubles().between(0, 0.2).ofScale(4);
        Arbitrary<Double> small = Arbitraries.doubles().between(0, 0.01).ofScale(5);
        return Combinators.combine(List.of(wallet, Arbitraries.of(Side.class).map(s -> (Object) s).map(o -> 0.0), qty, entry, move, ethQty, ethEntry,
                coll, entry, buffer, small, small)).as(v -> v).flatMap(v -> Arbitraries.of(Side.class).tuple2().map(sides -> new Book(
                (double) v.get(0), sides.get1(), (double) v.get(2), (double) v.get(3), (double) v.get(4), sides.get2(), (double) v.get(5),
                (double) v.get(6), (double) v.get(7), (double) v.get(8), (double) v.get(9), (double) v.get(10), (double) v.get(11))))
                .filter(b -> b.btcQty() * b.btcEntry() / 20 < b.wallet() * 3);
    }

    /** One asset at par: the margin ratio and every liquidation price are the single cross wallet's, number for number. */
    @Property(tries = 300)
    void usdtAtPar_isTodaysCrossAccount_bitForBit(@ForAll("books") Book b) {
        AccountReport today = MarginCalculator.evaluate(b.account(), INS);
        PoolReport pool = b.usdtAtPar().evaluate(INS);
        same(pool.marginRatio(), today.marginRatio());
        same(pool.marginBalanceUsd(), today.marginBalance());
        same(pool.maintenanceMarginUsd(), today.maintenanceMargin());
        for (PoolReport.Liquidation l : pool.liquidations()) {
            LiquidationResult r = LiquidationPrice.cross(b.account(), l.symbol(), INS);
            same(l.liquidationPriceExact(), r.price());
            PositionReport pr = today.positions().stream().filter(p -> p.symbol().equals(l.symbol())).findFirst().orElseThrow();
            same(l.liquidationPrice(), pr.liquidationPrice());
        }
    }

    /** Bit for bit: NaN equals NaN (no price liquidates in both), −0.0 differs from 0.0. */
    static void same(double actual, double expected) {
        assertThat(Double.valueOf(actual)).isEqualTo(Double.valueOf(expected));
    }

    /** The account margin ratio is exactly 100 % at the returned price (relative 1e-9). */
    @Property(tries = 400)
    void marginRatio_isOne_atTheReturnedPrice(@ForAll("books") Book b) {
        CollateralPool pool = b.multi();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            if (b.positions().stream().noneMatch(p -> p.symbol().equals(symbol))) {
                continue;
            }
            LiquidationResult r = pool.liquidationPrice(INS, symbol);
            Assume.that(r.exists());
            Assume.that(r.price() > 100);   // near zero the balance cancels to cents of a large notional (see LiquidationPropertiesTest)
            assertThat(pool.marginRatioAt(INS, symbol, r.price())).isCloseTo(1.0, within(1e-9));
        }
    }

    /** The same with the haircut on the wallet alone and tiered (Bybit's rule): ratio 100 % at the returned price. */
    @Property(tries = 300)
    void marginRatio_isOne_atTheReturnedPrice_walletOnlyTieredHaircut(@ForAll("books") Book b) {
        CollateralRule tiers = CollateralRule.bybitTiers(new double[]{1, 3, Double.POSITIVE_INFINITY}, new double[]{0.98, 0.9, 0.5});
        CollateralPool pool = new CollateralPool(List.of(new CollateralAsset("USDT", b.wallet(), 1, CollateralRule.bybitTiers(
                new double[]{Double.POSITIVE_INFINITY}, new double[]{1})), new CollateralAsset("BTC", b.btcCollateral(), b.btcIndex(), tiers)),
                b.positions(), Exchange.BINANCE);
        LiquidationResult r = pool.liquidationPrice(INS, "BTCUSDT");
        Assume.that(r.exists() && r.price() > 100);
        assertThat(pool.marginRatioAt(INS, "BTCUSDT", r.price())).isCloseTo(1.0, within(1e-9));
    }

    /** More collateral never brings the liquidation price nearer the mark: lower for a net long, higher for a net short, or none. */
    @Property(tries = 400)
    void moreCollateral_movesLiquidationAway(@ForAll("books") Book b, @ForAll("extra") double extra) {
        CollateralPool pool = b.multi();
        CollateralPool more = pool.plus(new CollateralAsset("BTC", extra, b.btcIndex(), CollateralRule.binanceMultiAssets(b.bidBuffer(), b.bidBuffer())));
        LiquidationResult before = pool.liquidationPrice(INS, "BTCUSDT");
        LiquidationResult after = more.liquidationPrice(INS, "BTCUSDT");
        Assume.that(before.exists());
        Position btc = b.positions().get(0);
        Assume.that(pool.marginRatio(INS) < 1);   // already past liquidation: no "away" to move
        // at the old liquidation price the richer pool is not past 100 % (the BTC repriced there in both)
        assertThat(more.marginRatioAt(INS, "BTCUSDT", before.price())).isLessThanOrEqualTo(1 + 1e-9);
        if (!after.exists()) {
            return;
        }
        // BTC collateral beside BTCUSDT moves with it: a short backed by more BTC than it sells is liquidated by a fall
        double mark = btc.markPrice();
        if (before.price() < mark && after.price() < mark) {
            assertThat(after.price()).isLessThanOrEqualTo(before.price() * (1 + 1e-12));
        } else if (before.price() > mark && after.price() > mark) {
            assertThat(after.price()).isGreaterThanOrEqualTo(before.price() * (1 - 1e-12));
        }
    }

    @Provide
    Arbitrary<Double> extra() {
        return Arbitraries.doubles().between(0.001, 3).ofScale(4);
    }

    /**
     * Collateral in the contract's own coin: at the returned price the account ratio is 100 % with the BTC repriced —
     * checked on a pool built afresh at that price (every BTCUSDT mark and the BTC index × price / mark), not through
     * {@code marginRatioAt}.
     */
    @Property(tries = 400)
    void sameCoinCollateral_ratioIsOne_atTheReturnedPrice_withTheCollateralRepriced(@ForAll("books") Book b) {
        CollateralPool pool = b.multi();
        LiquidationResult r = pool.liquidationPrice(INS, "BTCUSDT");
        Assume.that(r.exists() && r.price() > 100);
        double mark = b.positions().get(0).markPrice();
        Assume.that(b.btcIndex() * (r.price() / mark) <= 1e9);   // an index the pool accepts
        List<Position> at = new ArrayList<>();
        for (Position p : b.positions()) {
            at.add(p.symbol().equals("BTCUSDT") ? new Position(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(),
                    p.positionSide(), p.marginAdded(), r.price()) : p);
        }
        CollateralPool moved = new CollateralPool(List.of(pool.assets().get(0), new CollateralAsset("BTC", b.btcCollateral(),
                b.btcIndex() * (r.price() / mark), pool.assets().get(1).rule())), at, Exchange.BINANCE);
        assertThat(moved.marginRatio(INS)).isCloseTo(1.0, within(1e-9));
    }

    /** A long backed by its own coin loses on both as the price falls: liquidated no later (at a price no lower) than with the coin held still. */
    @Property(tries = 400)
    void aLongBackedByItsOwnCoin_liquidatesNoLaterThanWithTheCoinHeldStill(@ForAll("books") Book b) {
        Book lng = new Book(b.wallet(), Side.LONG, b.btcQty(), b.btcEntry(), b.btcMove(), b.ethSide(), b.ethQty(), b.ethEntry(),
                b.btcCollateral() + 0.01, b.btcIndex(), b.bidBuffer(), b.usdtBid(), b.usdtAsk());
        CollateralPool pool = lng.multi();
        Assume.that(pool.marginRatio(INS) < 1);
        // the same coin under another name (WBTC): nothing ties its index to BTCUSDT, so it is held still
        CollateralPool heldStill = new CollateralPool(List.of(pool.assets().get(0), new CollateralAsset("WBTC", lng.btcCollateral(), lng.btcIndex(),
                pool.assets().get(1).rule())), lng.positions(), Exchange.BINANCE);
        LiquidationResult held = heldStill.liquidationPrice(INS, "BTCUSDT");
        LiquidationResult moved = pool.liquidationPrice(INS, "BTCUSDT");
        Assume.that(held.exists());
        assertThat(moved.exists()).isTrue();
        assertThat(moved.price()).isGreaterThanOrEqualTo(held.price() * (1 - 1e-12));
    }

    // Bybit UTA BTCUSD (tiers in BTC, at the price) and OKX BTC-USD-SWAP (100 USD contracts, tiers by contracts, no amounts, the fee in the rate)
    static final io.perpguard.instrument.Instrument BTCUSD_UTA = new io.perpguard.instrument.Instrument(
            new io.perpguard.instrument.Contract("BTCUSD", 0.5, 1, 1, 0, 0.00055, 0.0002, 8, 0)
                    .on(Exchange.BYBIT_UTA, io.perpguard.venue.ContractType.INVERSE, 1, "BTC"),
            io.perpguard.instrument.RiskTiers.of("BTCUSD", new double[]{0, 150, 300, 450}, new double[]{150, 300, 450, 1e9},
                    new double[]{100, 50, 33, 25}, new double[]{0.005, 0.01, 0.015, 0.02}));
    static final io.perpguard.instrument.Instrument BTC_USD_SWAP = new io.perpguard.instrument.Instrument(
            new io.perpguard.instrument.Contract("BTC-USD-SWAP", 0.1, 1, 1, 0, 0.0005, 0.0002, 8, 0)
                    .on(Exchange.OKX, io.perpguard.venue.ContractType.INVERSE, 100, "BTC"),
            new io.perpguard.instrument.RiskTiers("BTC-USD-SWAP", List.of(new io.perpguard.instrument.LeverageBracket(1, 0, 5_000, 100, 0.004, 0),
                    new io.perpguard.instrument.LeverageBracket(2, 5_000, 20_000, 50, 0.008, 0),
                    new io.perpguard.instrument.LeverageBracket(3, 20_000, 1e9, 20, 0.02, 0))));

    /** A pooled account on an inverse contract whose settlement coin (BTC) is in the pool beside USDT and ETH. */
    record InverseBook(boolean okx, Side side, double contracts, double entry, double move, double usdt, double btc, double eth,
                       double btcIndex, double btcRatio) {
        String symbol() {
            return okx ? "BTC-USD-SWAP" : "BTCUSD";
        }

        Instruments instruments() {
            return Instruments.of(okx ? BTC_USD_SWAP : BTCUSD_UTA);
        }

        Position position(double mark) {
            return new Position(symbol(), side, contracts * (okx ? 100 : 1), entry, 10, MarginMode.CROSS, PositionSide.BOTH, 0, mark,
                    io.perpguard.venue.ContractType.INVERSE);
        }

        /** {@code ratio} up to {@code tier} units of the asset, half of it above. */
        CollateralRule rule(double ratio, double tier) {
            double[] upTo = {tier, Double.POSITIVE_INFINITY}, r = {ratio, ratio / 2};
            return okx ? CollateralRule.okxDiscountTiers(upTo, r) : CollateralRule.bybitTiers(upTo, r);
        }

        CollateralPool at(double mark, double index) {
            return new CollateralPool(List.of(new CollateralAsset("USDT", usdt, 1, rule(1, 1e7)),
                    new CollateralAsset("BTC", btc, index, rule(btcRatio, 2)), new CollateralAsset("ETH", eth, 3_000, rule(0.9, 5))), List.of(position(mark)), okx ? Exchange.OKX : Exchange.BYBIT_UTA);
        }

        CollateralPool pool() {
            return at(entry * move, btcIndex);
        }
    }

    @Provide
    Arbitrary<InverseBook> inverseBooks() {
        return Combinators.combine(List.of(Arbitraries.of(0.0, 1.0), Arbitraries.of(0.0, 1.0), Arbitraries.doubles().between(100, 30_000).ofScale(0),
                Arbitraries.doubles().between(20_000, 120_000).ofScale(1), Arbitraries.doubles().between(0.9, 1.1).ofScale(4),
                Arbitraries.doubles().between(0, 50_000).ofScale(2), Arbitraries.doubles().between(0, 5).ofScale(4),
                Arbitraries.doubles().between(0, 10).ofScale(3), Arbitraries.doubles().between(0.95, 1.05).ofScale(4),
                Arbitraries.doubles().between(0.5, 1).ofScale(3))).as(v -> {
                    boolean okx = v.get(0) > 0;
                    double entry = v.get(3);
                    return new InverseBook(okx, v.get(1) > 0 ? Side.LONG : Side.SHORT, v.get(2), entry, v.get(4), v.get(5), v.get(6), v.get(7),
                            entry * v.get(4) * v.get(8), v.get(9));
                });
    }

    /**
     * An inverse contract's own settlement coin in the pool: at the returned price the account ratio is 100 % with the
     * BTC repriced — on a pool built afresh there (the contract's mark the price, BTC's index × price / mark), not through
     * {@code marginRatioAt}.
     */
    @Property(tries = 600)
    void inverseSettlementCoin_ratioIsOne_atTheReturnedPrice_withTheCoinRepriced(@ForAll("inverseBooks") InverseBook b) {
        CollateralPool pool = b.pool();
        Instruments ins = b.instruments();
        LiquidationResult r = pool.liquidationPrice(ins, b.symbol());
        Assume.that(r.exists() && r.price() > 100 && r.price() < 1e7);
        double mark = b.entry() * b.move();
        CollateralPool moved = b.at(r.price(), b.btcIndex() * (r.price() / mark));
        assertThat(moved.marginRatio(ins)).isCloseTo(1.0, within(1e-9));
        assertThat(pool.marginRatioAt(ins, b.symbol(), r.price())).isCloseTo(1.0, within(1e-9));
    }

    /** Between the mark and the returned price the account is not liquidated: the nearest root, the coin repriced all along. */
    @Property(tries = 300)
    void inverseSettlementCoin_noEarlierLiquidation_betweenTheMarkAndTheReturnedPrice(@ForAll("inverseBooks") InverseBook b) {
        CollateralPool pool = b.pool();
        Instruments ins = b.instruments();
        Assume.that(pool.marginRatio(ins) < 0.99);
        LiquidationResult r = pool.liquidationPrice(ins, b.symbol());
        Assume.that(r.exists() && r.price() > 100 && r.price() < 1e7);
        double mark = b.entry() * b.move();
        for (int k = 1; k < 50; k++) {
            double p = mark + (r.price() - mark) * k / 50.0;
            assertThat(pool.marginRatioAt(ins, b.symbol(), p)).isLessThan(1 + 1e-9);
        }
    }

    /**
     * {@code marginRatioAt(prices, indexes)} on a pool is the ratio of the pool built with those marks and indexes, bit for
     * bit: linear books on Binance Multi-Assets (every mark and the BTC index moved), and inverse books on Bybit unified and
     * OKX (the contract's mark and BTC's index moved) — the stream prices the ratio just before a tick this way, on the pool
     * it built at the tick.
     */
    @Property(tries = 400)
    void marginRatioAt_marksAndIndexes_isThePoolBuiltWithThem_bitForBit(@ForAll("books") Book b, @ForAll("inverseBooks") InverseBook ib,
                                                                        @ForAll("moves") double btcMove, @ForAll("moves") double ethMove,
                                                                        @ForAll("moves") double indexMove) {
        CollateralPool pool = b.multi();
        double[] prices = new double[pool.positions().size()];
        List<Position> at = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            Position p = pool.positions().get(i);
            prices[i] = p.markPrice() * (p.symbol().equals("BTCUSDT") ? btcMove : ethMove);
            at.add(new Position(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(), p.positionSide(),
                    p.marginAdded(), prices[i]));
        }
        double[] indexes = {1, b.btcIndex() * indexMove};
        CollateralPool built = new CollateralPool(List.of(pool.assets().get(0), new CollateralAsset("BTC", b.btcCollateral(), indexes[1],
                pool.assets().get(1).rule())), at, Exchange.BINANCE);
        same(pool.marginRatioAt(INS, prices, indexes), built.marginRatio(INS));
        same(pool.marginRatioAt(INS, new double[]{pool.positions().get(0).markPrice(), prices.length > 1 ? pool.positions().get(1).markPrice() : 0},
                new double[]{1, b.btcIndex()}), pool.marginRatio(INS));

        CollateralPool inverse = ib.pool();
        double mark = ib.entry() * ib.move() * btcMove, index = ib.btcIndex() * indexMove;
        same(inverse.marginRatioAt(ib.instruments(), new double[]{mark}, new double[]{1, index, 3_000}), ib.at(mark, index).marginRatio(ib.instruments()));
    }

    @Provide
    Arbitrary<Double> moves() {
        return Arbitraries.doubles().between(0.9, 1.1).ofScale(5);
    }
}
