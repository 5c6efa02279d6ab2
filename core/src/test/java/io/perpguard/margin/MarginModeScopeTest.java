package io.perpguard.margin;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Conventions;
import io.perpguard.venue.MarginConvention;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a venue sets the margin mode ({@link MarginConvention#marginModeScope}): Binance and Bybit per symbol — both
 * hedge legs share it, so a cross long leg beside an isolated short leg of one symbol is no account there (it was
 * priced) — OKX per position (mgnMode) and XT per position side (positionType), where it is.
 */
class MarginModeScopeTest {
    static Instrument instrument(MarginConvention c) {
        Contract k = new Contract("BTCX", 0.1, 0.001, 0, 0, 0.0005, 0.0002, 8, 0.0125)
                .on(c.exchange(), ContractType.LINEAR, c.countsInContracts() ? 0.001 : 0, "USDT");
        return new Instrument(k, RiskTiers.of("BTCX", new double[]{0}, new double[]{1e9}, new double[]{50}, new double[]{0.005}));
    }

    static Account mixedLegs(MarginMode longMode, MarginMode shortMode) {
        Position lg = new Position("BTCX", Side.LONG, 2, 60_000, 20, longMode, PositionSide.LONG, 0, 60_000);
        Position sh = new Position("BTCX", Side.SHORT, 1, 62_000, 20, shortMode, PositionSide.SHORT, 0, 60_000);
        return new Account(20_000, List.of(lg, sh));
    }

    @Test
    void hedgeLegsOfOneSymbolInTwoModes_areRefusedWhereTheVenueSetsTheModePerSymbol() {
        for (MarginConvention c : Conventions.all()) {
            if (c.contractType() != ContractType.LINEAR) {
                continue;
            }
            Instruments ins = Instruments.of(instrument(c));
            Account mixed = mixedLegs(MarginMode.CROSS, MarginMode.ISOLATED);
            switch (c.exchange()) {
                case BINANCE, BYBIT -> assertThatThrownBy(() -> MarginCalculator.evaluate(mixed, ins)).as(c.id().name())
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("positions[1].marginMode"))
                        .hasMessage("positions[1].marginMode: BTCX's short leg is isolated but its long leg is cross: on "
                                + c.exchange().displayName() + " the margin mode is set per symbol and both hedge legs share it;"
                                + " make both legs cross or both isolated");
                case BYBIT_UTA -> assertThatThrownBy(() -> MarginCalculator.evaluate(mixed, ins)).as(c.id().name())
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("positions[1].marginMode"))
                        .hasMessage("positions[1].marginMode: BTCX short is isolated but BTCX long is cross: on a Bybit unified account"
                                + " the margin mode is set for the whole account; make every position cross or every one isolated");
                case OKX, XT -> {
                    AccountReport r = MarginCalculator.evaluate(mixed, ins);
                    assertThat(r.positions().get(0).marginMode()).as(c.id().name()).isEqualTo(MarginMode.CROSS);
                    assertThat(r.positions().get(1).marginMode()).as(c.id().name()).isEqualTo(MarginMode.ISOLATED);
                }
                default -> throw new AssertionError(c.id());
            }
            // the legs in one mode are an account on every venue, either mode
            assertThat(MarginCalculator.evaluate(mixedLegs(MarginMode.CROSS, MarginMode.CROSS), ins).positions()).hasSize(2);
            assertThat(MarginCalculator.evaluate(mixedLegs(MarginMode.ISOLATED, MarginMode.ISOLATED), ins).positions()).hasSize(2);
        }
    }

    /** One-way positions of two symbols, one cross, one isolated. */
    static Account mixedSymbols(Instrument eth) {
        Position btc = new Position("BTCX", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000);
        Position e = new Position(eth.symbol(), Side.SHORT, 10, 3_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 3_000);
        return new Account(20_000, List.of(btc, e));
    }

    @Test
    void bybitUnified_setsTheModeForTheWholeAccount_aCrossAndAnIsolatedSymbolAreRefused() {
        for (MarginConvention c : Conventions.all()) {
            if (c.contractType() != ContractType.LINEAR) {
                continue;
            }
            Contract k = new Contract("ETHX", 0.01, 0.01, 0, 0, 0.0005, 0.0002, 8, 0.0125)
                    .on(c.exchange(), ContractType.LINEAR, c.countsInContracts() ? 0.01 : 0, "USDT");
            Instrument eth = new Instrument(k, RiskTiers.of("ETHX", new double[]{0}, new double[]{1e9}, new double[]{50}, new double[]{0.005}));
            Instruments ins = Instruments.of(instrument(c), eth);
            Account mixed = mixedSymbols(eth);
            if (c.exchange() == io.perpguard.venue.Exchange.BYBIT_UTA) {
                assertThatThrownBy(() -> MarginCalculator.evaluate(mixed, ins))
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("positions[1].marginMode"))
                        .hasMessage("positions[1].marginMode: ETHX short is isolated but BTCX long is cross: on a Bybit unified account"
                                + " the margin mode is set for the whole account; make every position cross or every one isolated");
            } else {
                // per symbol or per position: two symbols in two modes are an account there (Bybit's classic account too)
                assertThat(MarginCalculator.evaluate(mixed, ins).positions()).as(c.id().name()).hasSize(2);
            }
        }
    }

    @Test
    void coinMargined_binanceCoinm_refusesTheMixToo() {
        MarginConvention c = Conventions.BINANCE_COINM;
        Contract k = new Contract("BTCUSD_PERP", 0.1, 1, 0, 0, 0.0005, 0.0002, 8, 0.015).on(c.exchange(), ContractType.INVERSE, 100, "BTC");
        Instruments ins = Instruments.of(new Instrument(k, RiskTiers.of("BTCUSD_PERP", new double[]{0}, new double[]{1e6}, new double[]{50},
                new double[]{0.005})));
        Position lg = new Position("BTCUSD_PERP", Side.LONG, 60_000, 60_000, 20, MarginMode.ISOLATED, PositionSide.LONG, 0, 60_000, ContractType.INVERSE);
        Position sh = new Position("BTCUSD_PERP", Side.SHORT, 20_000, 60_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000, ContractType.INVERSE);
        assertThatThrownBy(() -> MarginCalculator.evaluate(new Account(2, List.of(lg, sh)), ins))
                .hasMessageStartingWith("positions[1].marginMode: BTCUSD_PERP's short leg is cross but its long leg is isolated: on Binance COIN-M");
    }
}
