package io.perpguard.sizing;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * {@code size} of coin-margined (inverse) contracts: risk in coin, size in contracts, loss per unit from the inverse PnL
 * through the one {@link RiskBasedSizer#lossPerUnit}, liquidation by the venue's inverse convention.
 */
final class InverseSizerTest {
    /** Bybit BTCUSD inverse perpetual: 1 USD contracts, tick 0.5, settled in BTC (venues.json). */
    static final Instrument BYBIT_BTCUSD = instrument(new Contract("BTCUSD", 0.5, 1, 1, 0, 0.00055, 0.0002, 8, 0,
            Exchange.BYBIT, ContractType.INVERSE, 1, "BTC"), 0.005, 100);
    /** Binance COIN-M BTCUSD_PERP: 100 USD contracts, tick 0.1, clearance fee 1 %, one tier of MMR 0.4 %, 125x. */
    static final Instrument COINM_BTCUSD = instrument(new Contract("BTCUSD_PERP", 0.1, 100, 100, 0, 0.0005, 0.0002, 8, 0.01,
            Exchange.BINANCE_COINM, ContractType.INVERSE, 100, "BTC"), 0.004, 125);

    static Instrument instrument(Contract c, double mmr, double maxLeverage) {
        return new Instrument(c, new RiskTiers(c.symbol(), List.of(new LeverageBracket(1, 0, 1e9, maxLeverage, mmr, 0))));
    }

    @Test
    void lossPerUnit_inverse_isBybitsPublishedPnl_10000ContractsFrom8000To12500_are045Btc() {
        // Bybit help "What is an Inverse Contract?": 10,000 BTCUSD contracts (1 USD each) long at 8,000 closed at 12,500
        // earn 10,000/8,000 − 10,000/12,500 = 1.25 − 0.8 = 0.45 BTC; a short stopped out there loses the same
        double perUsd = RiskBasedSizer.lossPerUnit(ContractType.INVERSE, Side.SHORT, 8_000, 12_500, 0, 0);
        assertThat(10_000 * perUsd).isCloseTo(0.45, offset(1e-15));
        // a long stopped at 8,000 from 12,500 loses 0.45 BTC too
        assertThat(10_000 * RiskBasedSizer.lossPerUnit(ContractType.INVERSE, Side.LONG, 12_500, 8_000, 0, 0)).isCloseTo(0.45, offset(1e-15));
    }

    @Test
    void lossPerUnit_inverse_feeIsBybitsPublishedFee_10000ContractsAt8000_pay00009375Btc() {
        // Bybit "Trading fee calculation" (inverse): 10,000 BTCUSD contracts filled at 8,000 at 0.075 % taker pay
        // 10,000 / 8,000 × 0.075 % = 0.0009375 BTC: the entry fee inside the loss per unit
        double withFee = RiskBasedSizer.lossPerUnit(ContractType.INVERSE, Side.LONG, 8_000, 7_000, 0.00075, 0, 0);
        double without = RiskBasedSizer.lossPerUnit(ContractType.INVERSE, Side.LONG, 8_000, 7_000, 0, 0, 0);
        assertThat(10_000 * (withFee - without)).isCloseTo(0.0009375, offset(1e-15));
    }

    @Test
    void lossPerUnit_linear_isUnchanged_bitForBit() {
        // the linear form the sizer had before inverse contracts: side × (entry − exit) + fee × entry + fee × exit
        for (double[] c : new double[][]{{60_000, 58_400, 0.0005, 0.001}, {3_000, 3_150, 0.0004, 0.002}, {0.2345, 0.2211, 0.00055, 0}}) {
            Side side = c[1] < c[0] ? Side.LONG : Side.SHORT;
            double exit = c[1] * (1 - side.sign() * c[3]);
            double old = side.sign() * (c[0] - exit) + c[2] * c[0] + c[2] * exit;
            assertThat(RiskBasedSizer.lossPerUnit(side, c[0], c[1], c[2], c[3])).isEqualTo(old);
        }
    }

    @Test
    void size_bybitInverse_shortStoppedAt12500_risks045Btc_on10000Contracts() {
        // no fee, no slippage: the budget of Bybit's example buys exactly its 10,000 contracts
        SizingInput in = new SizingInput(1, 0.45, 8_000, 12_500, 1, 0, 0, 0.5, Double.NaN);
        SizingResult r = RiskBasedSizer.size(in, BYBIT_BTCUSD);
        assertThat(r.side()).isEqualTo(Side.SHORT);
        assertThat(r.qty()).isEqualTo(10_000);
        assertThat(r.lossAtStop()).isCloseTo(0.45, offset(1e-12)).isLessThanOrEqualTo(0.45);
        assertThat(r.notional()).isEqualTo(1.25); // 10,000 USD / 8,000 = 1.25 BTC
        assertThat(r.margin()).isEqualTo(1.25);
    }

    @Test
    void size_coinm_riskInBtc_contractsOf100Usd_lossAtStopIsTheInversePnlPlusFees() {
        // 1 BTC equity, 1 % risk, long 60,000 → stop 58,000, 10x, fee 0.05 %, slippage 0.1 %
        SizingResult r = RiskBasedSizer.size(new SizingInput(1, 0.01, 60_000, 58_000, 10, Double.NaN, 0.001, 0.5, Double.NaN),
                COINM_BTCUSD);
        double exit = 58_000 * 0.999;
        double perContract = 100 * (1 / exit - 1 / 60_000.0) + 0.0005 * 100 * (1 / 60_000.0 + 1 / exit);
        double contracts = Math.floor(0.01 / perContract);
        assertThat(r.qty()).isEqualTo(contracts * 100).isEqualTo(16_400);
        assertThat(r.lossAtStop()).isCloseTo(contracts * perContract, offset(1e-15)).isLessThanOrEqualTo(0.01);
        assertThat(r.notional()).isCloseTo(16_400 / 60_000.0, offset(1e-15));
        assertThat(r.margin()).isCloseTo(16_400 / 60_000.0 / 10, offset(1e-15));
        assertThat(r.slippageAtStop()).isCloseTo(16_400 * (1 / exit - 1 / 58_000.0), offset(1e-15));
        assertThat(r.ok()).isTrue();
        // liquidation is the venue's inverse one: at the liquidation price the margin ratio is 100 %
        Position p = new Position("BTCUSD_PERP", Side.LONG, r.qty(), 60_000, 10, MarginMode.ISOLATED, PositionSide.BOTH, 0,
                60_000, ContractType.INVERSE);
        double exact = MarginCalculator.evaluate(p, COINM_BTCUSD, 0).liquidationPriceExact();
        assertThat(r.liquidationPrice()).isCloseTo(exact, offset(0.1)).isGreaterThanOrEqualTo(exact).isLessThan(58_000);
    }

    @Test
    void size_coinm_atHighLeverage_liquidationBeforeTheStop_fails_andNamesTheSafeLeverage() {
        SizingResult r = RiskBasedSizer.size(new SizingInput(1, 0.01, 60_000, 58_000, 50, Double.NaN, 0.001, 0.5, Double.NaN),
                COINM_BTCUSD);
        assertThat(r.ok()).isFalse();
        assertThat(r.failed()).extracting(SizingCheck::id).containsExactly("stopBeforeLiquidation");
        assertThat(r.liquidationPrice()).isGreaterThan(58_000);
        // the safe leverage keeps liquidation at least half a stop distance beyond the stop, one more does not
        double safe = r.maxSafeLeverage();
        assertThat(safe).isBetween(2.0, 49.0);
        double atSafe = RiskBasedSizer.liquidationPrice(COINM_BTCUSD, Side.LONG, r.qty(), 60_000, safe);
        double above = RiskBasedSizer.liquidationPrice(COINM_BTCUSD, Side.LONG, r.qty(), 60_000, safe + 1);
        assertThat(58_000 - atSafe).isGreaterThanOrEqualTo(0.5 * 2_000);
        assertThat(58_000 - above).isLessThan(0.5 * 2_000);
    }
}
