package io.perpguard.venue;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.LiquidationSettlement;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.perpguard.venue.VenueFixtures.contract;
import static io.perpguard.venue.VenueFixtures.oneTier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The desk's settlement of a liquidation takes what each venue documents, never Binance's rule for all: Binance a
 * clearance fee (contract rate × notional), OKX its liquidation fee (taker rate × position value), Bybit and XT the whole
 * margin (taken over at the bankruptcy price). A 5 % maintenance rate leaves margin above the fees at the liquidating
 * mark, so the three rules give three different wallets; each case also checks that Binance's rule would give
 * another figure (the case fails if settlement used it).
 */
class LiquidationSettlementVenueTest {
    static final double TAKER = 0.0006, CLEARANCE = 0.0125, MMR = 0.05;

    static List<MarginConvention> conventions() {
        return Conventions.all();
    }

    static Instrument instrument(MarginConvention c) {
        boolean inverse = c.contractType() == ContractType.INVERSE;
        double size = inverse ? 100 : c.countsInContracts() ? 0.001 : 0;
        return new Instrument(contract("BTCX", c.exchange(), c.contractType(), inverse ? 0.5 : 0.1, size, inverse ? "BTC" : "USDT",
                TAKER, CLEARANCE), oneTier("BTCX", MMR, 0, 20));
    }

    /** A 10x long of 2 BTC (linear) or 1,000 contracts of 100 USD (inverse) at 60,000, marked at {@code mark}. */
    static Position longAt(Instrument inst, double mark, MarginMode mode) {
        double qty = inst.contract().type() == ContractType.INVERSE ? inst.contract().qtyOfContracts(1_000) : 2;
        return new Position("BTCX", Side.LONG, qty, 60_000, 10, mode, PositionSide.BOTH, 0, mark, inst.contract().type());
    }

    /** Halfway between the liquidation and the bankruptcy price: liquidated, with margin left above every fee. */
    static double liquidatingMark(Instrument inst, MarginMode mode, double wallet) {
        Position at = longAt(inst, 60_000, mode);
        AccountReport r = MarginCalculator.evaluate(new Account(wallet, List.of(at)), Instruments.of(inst));
        double tick = inst.contract().tickSize();
        return Math.round((r.positions().get(0).liquidationPriceExact() + r.positions().get(0).bankruptcyPrice()) / 2 / tick) * tick;
    }

    /** What the venue documents: the loss at the mark plus its fee, or the whole margin. */
    static double documented(MarginConvention c, double upnl, double notional, double margin) {
        return switch (c.exchange()) {
            case BINANCE, BINANCE_COINM -> upnl - CLEARANCE * notional;   // Binance "Liquidation Protocols": clearance fee
            case OKX -> upnl - TAKER * notional;                          // OKX: liquidation fee = position value × taker rate
            case BYBIT, BYBIT_UTA, XT -> -margin;                         // taken over at the bankruptcy price
        };
    }

    static double binanceRule(double upnl, double notional, double margin) {
        return Math.max(-margin, upnl - Math.min(CLEARANCE * notional, margin + upnl));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conventions")
    void isolated_losesWhatTheVenueTakes(MarginConvention c) {
        Instrument inst = instrument(c);
        double mark = liquidatingMark(inst, MarginMode.ISOLATED, 1e6);
        Position p = longAt(inst, mark, MarginMode.ISOLATED);
        double wallet = p.isolatedMargin() * 3;
        Account a = new Account(wallet, List.of(p));
        AccountReport report = MarginCalculator.evaluate(a, Instruments.of(inst));
        assertThat(report.positions().get(0).marginRatio()).as("liquidated at the mark").isGreaterThanOrEqualTo(1);
        double margin = p.isolatedMargin(), upnl = p.unrealizedPnl();
        assertThat(margin + upnl).as("margin left above the clearance fee").isGreaterThan(CLEARANCE * p.notional() * 1.2);

        LiquidationSettlement.Outcome o = LiquidationSettlement.settle(a, report, Instruments.of(inst));
        double expected = documented(c, upnl, p.notional(), margin);
        assertThat(o.closed()).hasSize(1);
        double tol = margin * 1e-9;
        assertThat(o.closed().get(0).realizedPnl()).isCloseTo(expected, within(tol));
        assertThat(o.walletAfter()).isCloseTo(wallet + expected, within(tol));
        if (c.exchange() != Exchange.BINANCE && c.exchange() != Exchange.BINANCE_COINM) {
            assertThat(expected).as("Binance's rule would settle " + c.id() + " differently")
                    .isNotCloseTo(binanceRule(upnl, p.notional(), margin), within(margin * 1e-3));
        } else {
            assertThat(expected).as("Binance keeps only its clearance fee, not the whole margin").isNotCloseTo(-margin, within(margin * 1e-3));
        }
        double closePrice = o.closed().get(0).closePrice();
        if (c.liquidationTake() == MarginConvention.LiquidationTake.REMAINING_MARGIN) {
            assertThat(closePrice).as("taken over at bankruptcy").isEqualTo(report.positions().get(0).bankruptcyPrice());
        } else {
            assertThat(closePrice).as("closed at the liquidating mark").isEqualTo(mark);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conventions")
    void cross_losesWhatTheVenueTakes_atMostTheCrossWallet(MarginConvention c) {
        Instrument inst = instrument(c);
        Position at = longAt(inst, 60_000, MarginMode.CROSS);
        double wallet = at.initialMargin();
        double mark = liquidatingMark(inst, MarginMode.CROSS, wallet);
        Position p = longAt(inst, mark, MarginMode.CROSS);
        Account a = new Account(wallet, List.of(p));
        AccountReport report = MarginCalculator.evaluate(a, Instruments.of(inst));
        assertThat(report.marginRatio()).as("cross liquidated at the mark").isGreaterThanOrEqualTo(1);
        double upnl = p.unrealizedPnl();
        assertThat(wallet + upnl).isGreaterThan(CLEARANCE * p.notional() * 1.2);

        LiquidationSettlement.Outcome o = LiquidationSettlement.settle(a, report, Instruments.of(inst));
        double expected = documented(c, upnl, p.notional(), wallet);
        assertThat(o.crossLiquidated()).isTrue();
        assertThat(o.closed().get(0).realizedPnl()).isCloseTo(expected, within(wallet * 1e-9));
        assertThat(o.walletAfter()).isCloseTo(wallet + expected, within(wallet * 1e-9)).isGreaterThanOrEqualTo(0);
        if (c.exchange() != Exchange.BINANCE && c.exchange() != Exchange.BINANCE_COINM) {
            assertThat(expected).isNotCloseTo(binanceRule(upnl, p.notional(), wallet), within(wallet * 1e-3));
        }
    }
}
