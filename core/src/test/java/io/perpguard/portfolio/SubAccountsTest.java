package io.perpguard.portfolio;

import io.perpguard.InvalidInputException;
import io.perpguard.margin.Account;
import io.perpguard.margin.Side;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static io.perpguard.portfolio.Fixtures.cross;
import static io.perpguard.portfolio.Fixtures.isolated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SubAccountsTest {
    /** "core": 1 BTC long at 2.5x effective leverage. "degen": 1,000 SOL long, 20x effective, on 7,500 USDT. */
    static final SubAccount CORE = new SubAccount("core", new Account(40_000, List.of(cross("BTCUSDT", Side.LONG, 1, 95_000, 100_000))));
    static final SubAccount DEGEN = new SubAccount("degen", new Account(7_500, List.of(cross("SOLUSDT", Side.LONG, 1_000, 150, 150))));
    static final Portfolio BOTH = new Portfolio(List.of(CORE, DEGEN), List.of());
    static final Map<String, Double> BETAS = Map.of("SOLUSDT", 1.5);

    @Test
    void test_apply_shockLiquidatesDegen_leavesCoreWalletUntouched() {
        // a −10 % market move takes SOL −15 %: degen's 7,500 cannot absorb 22,500 of loss; core loses 10,000 of 45,000 equity
        StressTest.Result r = StressTest.apply(BOTH, INSTRUMENTS, StressTest.marketWide(-0.10, BOTH.symbols(), BETAS));
        SubAccounts.Outcome core = r.subAccounts().get(0);
        SubAccounts.Outcome degen = r.subAccounts().get(1);
        assertThat(degen.liquidated()).isTrue();
        assertThat(degen.liquidatedPositions()).containsExactly("SOLUSDT long");
        assertThat(degen.walletAfter()).isZero();
        assertThat(core.liquidated()).isFalse();
        assertThat(core.walletAfter()).isEqualTo(core.walletBefore()).isEqualTo(40_000);
        assertThat(core.pnl()).isCloseTo(-10_000, within(1e-6));
        assertThat(r.liquidated()).containsExactly("degen");
    }

    @Test
    void test_apply_coreOutcome_isTheSameWithOrWithoutDegen() {
        StressTest.Scenario crash = StressTest.marketWide(-0.10, BOTH.symbols(), BETAS);
        SubAccounts.Outcome alongside = StressTest.apply(BOTH, INSTRUMENTS, crash).subAccounts().get(0);
        SubAccounts.Outcome alone = StressTest.apply(new Portfolio(List.of(CORE), List.of()), INSTRUMENTS, crash).subAccounts().get(0);
        assertThat(alongside).isEqualTo(alone);
    }

    @Test
    void test_shocks_eachSubAccountHasItsOwnLiquidatingMove_degenFirst() {
        Map<String, MarketShock.Result> s = PortfolioRisk.shocks(BOTH, INSTRUMENTS, new Betas("BTCUSDT", BETAS));
        // degen, SOL tier 3 (MMR 1.5 %, cum 550): 7,500 + 225,000 s = 150,000 (1 + 1.5 s) × 0.015 − 550
        assertThat(s.get("degen").down()).isCloseTo(-(7_500 - 1_700) / (225_000 - 3_375.0), within(1e-9));
        // core, BTC tier 2 (MMR 0.5 %, cum 50): 45,000 + 100,000 s = 100,000 (1 + s) × 0.005 − 50
        assertThat(s.get("core").down()).isCloseTo(-(45_000 - 450) / (100_000 - 500.0), within(1e-9));
        PortfolioReport.Shock total = PortfolioRisk.combine(s);
        assertThat(total.subAccount()).isEqualTo("degen");
        assertThat(total.nearestPct()).isCloseTo(s.get("degen").down() * 100, within(1e-12));
        // degen's wallet has no say in core's liquidating move
        Portfolio richerDegen = BOTH.with(DEGEN.withWallet(50_000));
        assertThat(PortfolioRisk.shocks(richerDegen, INSTRUMENTS, new Betas("BTCUSDT", BETAS)).get("core")).isEqualTo(s.get("core"));
    }

    @Test
    void test_apply_isolatedLiquidation_losesOnlyItsMargin() {
        SubAccount mixed = new SubAccount("mixed", new Account(20_000, List.of(
                isolated("SOLUSDT", Side.LONG, 100, 150, 20, 150), cross("BTCUSDT", Side.LONG, 0.1, 100_000, 100_000))));
        SubAccounts.Outcome o = SubAccounts.apply(mixed, INSTRUMENTS, Map.of("SOLUSDT", -0.10, "BTCUSDT", -0.10));
        assertThat(o.liquidatedPositions()).containsExactly("SOLUSDT long (isolated)");
        assertThat(o.walletAfter()).isCloseTo(20_000 - 150 * 100 / 20.0, within(1e-9));
    }

    /**
     * A cross book liquidated with margin left settles by its venue's rule, not Binance's clearance fee for all:
     * 2 BTC long at 60,000 on 12,000, one tier at 5 %, a −7 % move to 55,800 leaves 12,000 − 8,400 = 3,600 of margin.
     * Binance keeps 1.25 % × 111,600 = 1,395; OKX its taker fee 0.06 % × 111,600 = 66.96; Bybit and XT all of it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"BINANCE, 0, 2205", "OKX, 0.001, 3533.04", "BYBIT, 0, 0", "XT, 0.001, 0"})
    void test_apply_crossLiquidation_settlesByTheVenuesRule(Exchange ex, double contractSize, double walletAfter) {
        Instrument btc = new Instrument(new Contract("BTCX", 0.1, 0.001, 0, 0, 0.0006, 0.0002, 8, 0.0125)
                .on(ex, ContractType.LINEAR, contractSize, "USDT"),
                new RiskTiers("BTCX", List.of(new LeverageBracket(1, 0, 1e15, 20, 0.05, 0))));
        SubAccount sub = new SubAccount("alt", new Account(12_000, List.of(cross("BTCX", Side.LONG, 2, 60_000, 60_000))));
        SubAccounts.Outcome o = SubAccounts.apply(sub, Instruments.of(btc), Map.of("BTCX", -0.07));
        assertThat(o.liquidatedPositions()).containsExactly("BTCX long");
        assertThat(o.walletAfter()).isCloseTo(walletAfter, within(1e-6));
        assertThat(o.pnl()).isCloseTo(walletAfter - 12_000, within(1e-6));
    }

    @Test
    void test_apply_isolatedLiquidation_keepsWhatTheVenueLeaves() {
        // 2 BTC long at 60,000, 10x isolated (margin 12,000), −7 %: 3,600 of margin left at 55,800 (figures as above)
        for (Exchange ex : List.of(Exchange.OKX, Exchange.BYBIT)) {
            Instrument btc = new Instrument(new Contract("BTCX", 0.1, 0.001, 0, 0, 0.0006, 0.0002, 8, 0.0125)
                    .on(ex, ContractType.LINEAR, 0.001, "USDT"),
                    new RiskTiers("BTCX", List.of(new LeverageBracket(1, 0, 1e15, 20, 0.05, 0))));
            SubAccount sub = new SubAccount("alt", new Account(20_000, List.of(isolated("BTCX", Side.LONG, 2, 60_000, 10, 60_000))));
            SubAccounts.Outcome o = SubAccounts.apply(sub, Instruments.of(btc), Map.of("BTCX", -0.07));
            assertThat(o.liquidatedPositions()).as(ex.name()).containsExactly("BTCX long (isolated)");
            assertThat(o.walletAfter()).as(ex.name()).isCloseTo(ex == Exchange.OKX ? 20_000 - 8_400 - 66.96 : 8_000, within(1e-6));
        }
    }

    @Test
    void test_transfer_movesWallet_conservesTotal() {
        Portfolio after = SubAccounts.transfer(BOTH, "core", "degen", 5_000);
        assertThat(after.subAccount("core").account().walletBalance()).isEqualTo(35_000);
        assertThat(after.subAccount("degen").account().walletBalance()).isEqualTo(12_500);
        // more margin moves degen's liquidation further away and core's closer
        Map<String, MarketShock.Result> before = PortfolioRisk.shocks(BOTH, INSTRUMENTS, new Betas("BTCUSDT", BETAS));
        Map<String, MarketShock.Result> now = PortfolioRisk.shocks(after, INSTRUMENTS, new Betas("BTCUSDT", BETAS));
        assertThat(now.get("degen").down()).isLessThan(before.get("degen").down());
        assertThat(now.get("core").down()).isGreaterThan(before.get("core").down());
    }

    @Test
    void test_transferable_keepsInitialMarginAndUnrealizedLoss() {
        // core: wallet 40,000, uPnL +5,000 (not transferable), IM at mark 100,000 / 10 = 10,000 → 30,000
        assertThat(SubAccounts.transferable(CORE)).isCloseTo(30_000, within(1e-9));
        // degen: wallet 7,500, IM 150,000 / 10 = 15,000 → nothing
        assertThat(SubAccounts.transferable(DEGEN)).isZero();
    }

    @Test
    void test_transfer_refusesBadTransfers() {
        assertThatThrownBy(() -> SubAccounts.transfer(BOTH, "core", "degen", 30_001)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than sub-account 'core' can transfer (30,000");
        assertThatThrownBy(() -> SubAccounts.transfer(BOTH, "core", "core", 1)).hasMessageContaining("to itself");
        assertThatThrownBy(() -> SubAccounts.transfer(BOTH, "core", "nope", 1)).hasMessageContaining("no sub-account named 'nope'");
        assertThatThrownBy(() -> SubAccounts.transfer(BOTH, "core", "degen", -5)).hasMessageContaining("amount");
    }

    @Test
    void test_portfolio_refusesDuplicateNames() {
        assertThatThrownBy(() -> new Portfolio(List.of(CORE, CORE), List.of())).hasMessageContaining("'core' is used twice");
    }
}
