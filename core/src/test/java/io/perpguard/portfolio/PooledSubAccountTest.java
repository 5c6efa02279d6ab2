package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static io.perpguard.portfolio.Fixtures.cross;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A sub-account that shares collateral (Binance Multi-Assets) in the portfolio: its liquidating move is the move at which
 * its pool's ratio reaches 100 %, each asset moving with the position whose own coin it is, else by its beta (1 when
 * unknown), a dollar stablecoin held.
 */
class PooledSubAccountTest {
    static final CollateralRule BTC95 = CollateralRule.binanceMultiAssets(0.05, 0.05);
    static final List<Position> BOOK = List.of(cross("BTCUSDT", Side.LONG, 1, 60_000, 60_000), cross("SOLUSDT", Side.LONG, 100, 140, 140));

    static SubAccount pooled(double btc, double eth) {
        return new SubAccount("multi", new Account(2_000, BOOK, Exchange.BINANCE), List.of(CollateralAsset.atPar("USDT", 2_000),
                new CollateralAsset("BTC", btc, 60_000, BTC95), new CollateralAsset("ETH", eth, 3_000, BTC95)));
    }

    /** The pool with every price × (1 + β s) and each asset's index × its factor, rebuilt from scratch. */
    static double ratioAt(SubAccount s, double shock, double solBeta, double btcFactor, double ethFactor) {
        List<Position> moved = new ArrayList<>();
        for (Position p : s.account().positions()) {
            moved.add(p.withMark(p.markPrice() * (1 + (p.symbol().equals("SOLUSDT") ? solBeta : 1) * shock)));
        }
        List<CollateralAsset> pool = s.pool();
        return new CollateralPool(List.of(pool.get(0), new CollateralAsset("BTC", pool.get(1).amount(), 60_000 * btcFactor, BTC95),
                new CollateralAsset("ETH", pool.get(2).amount(), 3_000 * ethFactor, BTC95)), moved, Exchange.BINANCE).marginRatio(INSTRUMENTS);
    }

    @Test
    void theLiquidatingMove_isWhereThePoolsRatioReaches100_theBtcWithBtcusdt_theEthByItsBeta() {
        SubAccount s = pooled(0.05, 2);
        Map<String, Double> betas = Map.of("BTCUSDT", 1.0, "SOLUSDT", 1.6, "ETHUSDT", 1.4);
        ShockBook book = ShockBook.of(s, INSTRUMENTS, betas);
        double down = MarketShock.solve(book).down();
        assertThat(down).isBetween(-0.99, 0.0);
        // at s*: BTCUSDT × (1 + s), SOLUSDT × (1 + 1.6 s), the BTC with BTCUSDT, the ETH by 1.4 s
        assertThat(ratioAt(s, down, 1.6, 1 + down, 1 + 1.4 * down)).isCloseTo(1.0, within(1e-6));
        assertThat(book.coinMoves()).extracting(m -> m.asset() + " " + m.symbol() + " " + m.withPosition())
                .containsExactly("USDT null false", "BTC BTCUSDT true", "ETH ETHUSDT false");
        assertThat(book.coinMoves().get(2).beta()).isEqualTo(1.4);
        // without ETHUSDT's beta the ETH moves one for one with the benchmark, as a position without one: a later fall than at 1.4
        ShockBook unknown = ShockBook.of(s, INSTRUMENTS, Map.of("BTCUSDT", 1.0, "SOLUSDT", 1.6));
        double oneForOne = MarketShock.solve(unknown).down();
        assertThat(ratioAt(s, oneForOne, 1.6, 1 + oneForOne, 1 + oneForOne)).isCloseTo(1.0, within(1e-6));
        assertThat(oneForOne).isLessThan(down);
        assertThat(unknown.coinMoves().get(2).symbol()).isEqualTo("ETHUSDT");
        assertThat(unknown.coinMoves().get(2).beta()).isEqualTo(1.0);
        // a dollar stablecoin is held, whatever beta its USDT pair has: the wallet's USDT and a USDC
        SubAccount usdc = new SubAccount("multi", s.account(), List.of(s.pool().get(0), s.pool().get(1), new CollateralAsset("USDC", 5_000, 1, BTC95)));
        ShockBook dollars = ShockBook.of(usdc, INSTRUMENTS, Map.of("USDCUSDT", 0.5, "USDTUSDT", 0.5));
        assertThat(dollars.coinMoves()).extracting(m -> m.asset() + " " + m.symbol()).containsExactly("USDT null", "BTC BTCUSDT", "USDC null");
        double d = MarketShock.solve(dollars).down();
        List<Position> at = new ArrayList<>();
        for (Position p : BOOK) {
            at.add(p.withMark(p.markPrice() * (1 + d)));
        }
        assertThat(new CollateralPool(List.of(s.pool().get(0), new CollateralAsset("BTC", 0.05, 60_000 * (1 + d), BTC95),
                new CollateralAsset("USDC", 5_000, 1, BTC95)), at, Exchange.BINANCE).marginRatio(INSTRUMENTS)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void theSameBookOnItsUsdtWalletAlone_isLiquidatedSooner_andOneCoinAlone_isCoresLiquidationPrice() {
        SubAccount s = pooled(0.05, 2);
        double pooledDown = MarketShock.solve(ShockBook.of(s, INSTRUMENTS, Map.of("SOLUSDT", 1.0))).down();
        double walletDown = MarketShock.solve(ShockBook.of(new SubAccount("multi", s.account()), INSTRUMENTS, Map.of("SOLUSDT", 1.0))).down();
        assertThat(walletDown).isGreaterThan(pooledDown);
        // BTCUSDT alone on USDT and BTC: the move is the pool's own liquidation price of BTCUSDT (the BTC moving with it)
        List<Position> btc = List.of(cross("BTCUSDT", Side.LONG, 1, 60_000, 60_000));
        SubAccount one = new SubAccount("one", new Account(2_000, btc, Exchange.BINANCE), List.of(CollateralAsset.atPar("USDT", 2_000),
                new CollateralAsset("BTC", 0.5, 60_000, BTC95)));
        double lp = new CollateralPool(one.pool(), btc, Exchange.BINANCE).liquidationPrice(INSTRUMENTS, "BTCUSDT").price();
        assertThat(MarketShock.solve(ShockBook.of(one, INSTRUMENTS, Map.of())).down()).isCloseTo(lp / 60_000 - 1, within(2e-9));
    }

    @Test
    void aMarketScenario_repricesThePool_inUsd() {
        SubAccount s = pooled(0.05, 2);
        // -10 %: BTCUSDT and the BTC -10 %, SOLUSDT -16 %, the ETH -14 % (ETHUSDT's move in the scenario)
        SubAccounts.Outcome o = SubAccounts.apply(s, INSTRUMENTS, Map.of("BTCUSDT", -0.10, "SOLUSDT", -0.16, "ETHUSDT", -0.14));
        // P&L: BTCUSDT 1 × −6,000; SOLUSDT 100 × −22.4; BTC 0.05 × −6,000; ETH 2 × −420 = −9,380 USD
        assertThat(o.pnl()).isCloseTo(-6_000 - 2_240 - 300 - 840, within(1e-6));
        assertThat(o.currency()).isEqualTo("USD");
        assertThat(o.walletBefore()).isCloseTo(2_000 + 3_000 + 6_000, within(1e-9));
        assertThat(o.liquidated()).isFalse();
        assertThat(o.walletAfter()).isCloseTo(2_000 + 2_700 + 5_160, within(1e-6));
        assertThat(o.marginRatioAfter()).isCloseTo(ratioAt(s, -0.10, 1.6, 0.9, 0.86), within(1e-12));
        // -40 %: liquidated; the cross book closes at the moved prices and the venue's clearance fee comes out of what is left
        SubAccounts.Outcome deep = SubAccounts.apply(s, INSTRUMENTS, Map.of("BTCUSDT", -0.40, "SOLUSDT", -0.64, "ETHUSDT", -0.56));
        assertThat(deep.liquidated()).isTrue();
        assertThat(deep.liquidatedPositions()).containsExactly("BTCUSDT long", "SOLUSDT long");
        assertThat(deep.walletAfter()).isZero();
    }

    @Test
    void aTransferOrAHedge_keepsThePool_itsWalletTheAccounts() {
        SubAccount s = pooled(0.05, 2).withWallet(2_500);
        assertThat(s.pool().get(0).amount()).isEqualTo(2_500);
        assertThat(s.pool()).hasSize(3);
        assertThat(s.equity()).isCloseTo(2_500 + 3_000 + 6_000, within(1e-9));
        assertThat(s.usdAtMark(100)).isEqualTo(100);
    }
}
