package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static io.perpguard.portfolio.Fixtures.cross;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HedgeTest {
    @Test
    void test_minVariance_recoversTheExposure_effectivenessIsRhoSquared() {
        Random rnd = new Random(7);
        int n = 5_000;
        double[] r = new double[n], pnl = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = 0.03 * rnd.nextGaussian();
            pnl[t] = 200_000 * r[t] + 2_000 * rnd.nextGaussian(); // a 200k dollar delta plus idiosyncratic noise
        }
        Hedge.MinVariance h = Hedge.minVariance("BTCUSDT", 1, pnl, r);
        assertThat(h.hedgeNotional()).isCloseTo(-200_000, within(2_000.0));
        assertThat(h.side()).isEqualTo(Side.SHORT);
        double rho = SampleMoments.correlation(pnl, r);
        assertThat(h.effectiveness()).isCloseTo(rho * rho, within(1e-9));
        // signal variance 36 vs noise 4 → ρ² ≈ 0.9
        assertThat(h.effectiveness()).isCloseTo(0.9, within(0.01));
    }

    @Test
    void test_withPosition_oneWay_reducesFlipsAndAverages() {
        SubAccount s = new SubAccount("main", new Account(10_000, List.of(cross("BTCUSDT", Side.LONG, 1, 50_000, 60_000))));
        SubAccount reduced = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 0.4, 60_000);
        Position p = reduced.account().positions().get(0);
        assertThat(p.side()).isEqualTo(Side.LONG);
        assertThat(p.qty()).isCloseTo(0.6, within(1e-12));
        assertThat(reduced.account().walletBalance()).isCloseTo(10_000 + 0.4 * 10_000, within(1e-9)); // realised profit
        SubAccount flipped = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 3, 60_000);
        Position f = flipped.account().positions().get(0);
        assertThat(f.side()).isEqualTo(Side.SHORT);
        assertThat(f.qty()).isCloseTo(2, within(1e-12));
        assertThat(f.entryPrice()).isEqualTo(60_000);
        assertThat(flipped.account().walletBalance()).isCloseTo(20_000, within(1e-9));
        SubAccount added = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.LONG, 1, 60_000);
        assertThat(added.account().positions().get(0).entryPrice()).isCloseTo(55_000, within(1e-9));
        SubAccount other = Hedge.withPosition(s, INSTRUMENTS.get("ETHUSDT"), Side.SHORT, 10, 3_000);
        assertThat(other.account().positions()).hasSize(2);
    }

    /**
     * A partial close of an isolated position releases its margin pro rata, the margin added too (Binance USDⓈ-M's rule,
     * MarginConvention.marginAddedLeft): 1 BTC at 50,000 x10 with 1,000 added, reduced by 0.4, keeps 0.6 × 5,000 + 600 —
     * the old code kept the 1,000 added whole (3,000 + 1,000).
     */
    @Test
    void test_withPosition_reducedIsolated_releasesTheMarginAddedProRata() {
        Position iso = new Position("BTCUSDT", Side.LONG, 1, 50_000, 10, MarginMode.ISOLATED, PositionSide.BOTH, 1_000, 60_000);
        SubAccount s = new SubAccount("main", new Account(20_000, List.of(iso)));
        SubAccount reduced = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 0.4, 60_000);
        Position p = reduced.account().positions().get(0);
        assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
        assertThat(p.qty()).isEqualTo(0.6);
        assertThat(p.marginAdded()).isCloseTo(600, within(1e-9));
        assertThat(p.isolatedMargin()).isCloseTo(3_000 + 600, within(1e-9));
        assertThat(reduced.account().walletBalance()).isCloseTo(20_000 + 0.4 * 10_000, within(1e-9));   // realised profit
    }

    /**
     * A hedge that closes a position whose realised loss is more than the wallet is refused naming qty and the wallet it
     * would leave — the old code priced the account on a wallet clamped to 0, as if the loss beyond it never happened.
     * The portfolio's hedge plan reports the refusal as a step it cannot place (PortfolioRisk.notPlaceable).
     */
    @Test
    void test_withPosition_lossPastTheWallet_isRefused_notClampedToZero() {
        // 1 BTC long from 60,000 marked 50,000 (-10,000), carried by a short ETH in profit (+12,000) on a wallet of 1,000
        SubAccount s = new SubAccount("main", new Account(1_000, List.of(cross("BTCUSDT", Side.LONG, 1, 60_000, 50_000),
                cross("ETHUSDT", Side.SHORT, 10, 4_000, 2_800))));
        assertThatThrownBy(() -> Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 1, 50_000))
                .isInstanceOfSatisfying(io.perpguard.InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("qty");
                    assertThat(e.getMessage()).contains("main's wallet from 1,000 to -9,000", "cannot go below 0");
                });
        // a loss the wallet covers is realised into it, to the cent
        SubAccount half = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 0.1, 50_000);
        assertThat(half.account().walletBalance()).isCloseTo(0, within(1e-9));
    }

    @Test
    void test_withPosition_hedgeMode_opensTheShortLeg() {
        Position longLeg = new Position("BTCUSDT", Side.LONG, 1, 50_000, 10, MarginMode.CROSS, PositionSide.LONG, 0, 60_000);
        SubAccount s = new SubAccount("main", new Account(10_000, List.of(longLeg)));
        SubAccount h = Hedge.withPosition(s, INSTRUMENTS.get("BTCUSDT"), Side.SHORT, 1, 60_000);
        assertThat(h.account().positions()).hasSize(2);
        assertThat(h.account().positions().get(1).positionSide()).isEqualTo(PositionSide.SHORT);
        assertThat(h.account().walletBalance()).isEqualTo(10_000);
    }

    @Test
    void test_isolatedShortMarginFor_putsTheLiquidationPriceThere() {
        double qty = 2, price = 60_000, target = 90_000;
        double margin = Hedge.isolatedShortMarginFor(qty, price, target, INSTRUMENTS.get("BTCUSDT"));
        // the isolated short with that margin, priced by the margin engine, liquidates exactly at the target
        double leverage = qty * price / margin;
        Position p = new Position("BTCUSDT", Side.SHORT, qty, price, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, price);
        assertThat(LiquidationPrice.isolated(p, INSTRUMENTS.get("BTCUSDT").tiers()).price()).isCloseTo(target, within(1e-6));
        Hedge.SpotHedge sh = Hedge.spot(new SpotHolding("BTC", qty, price), INSTRUMENTS.get("BTCUSDT"));
        assertThat(sh.side()).isEqualTo(Side.SHORT);
        assertThat(sh.qty()).isEqualTo(qty);
        assertThat(sh.marginToSurvive()[1]).isGreaterThan(sh.marginToSurvive()[0]).isGreaterThan(qty * price); // +100 % needs > notional
        assertThat(sh.minimumMargin()).isCloseTo(120_000 / 100.0, within(1e-9)); // tier 2 (50k–600k): 100x
    }
}
