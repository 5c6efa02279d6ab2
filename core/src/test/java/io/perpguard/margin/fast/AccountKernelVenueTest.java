package io.perpguard.margin.fast;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kernel prices every linear venue by its own convention — tier basis, valuation, fee in the rate, margin added
 * net of a fee, what a liquidation takes — and agrees with {@link MarginCalculator#evaluate} to the last bit on random
 * accounts of each; it refuses inverse contracts by name.
 */
class AccountKernelVenueTest {
    static final double[] TAKERS = {0.0002, 0.0005, 0.0006};
    static final double[] SIZES = {0.001, 0.01, 1};

    @Provide
    Arbitrary<MarginConvention> linear() {
        return Arbitraries.of(Conventions.all().stream().filter(c -> c.contractType() == ContractType.LINEAR).toList());
    }

    /** Random instruments of {@code c}'s venue (random tiers, ticks, taker fee, contract size, clearance rate). */
    static List<Instrument> instruments(Random r, MarginConvention c, int symbols) {
        List<Instrument> list = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            Instrument b = RandomBooks.instrument(r, "S" + i + "USDT");
            Contract k = b.contract().withFees(TAKERS[r.nextInt(TAKERS.length)], 0.0002, b.contract().liquidationFeeRate())
                    .on(c.exchange(), ContractType.LINEAR, c.countsInContracts() ? SIZES[r.nextInt(SIZES.length)] : 0, "USDT");
            list.add(new Instrument(k, b.tiers()));
        }
        return list;
    }

    /** A random account whose leverage each venue allows (its tier measure at entry), the wallet covering isolated margin. */
    static Account account(Random r, List<Instrument> list, Instruments inst) {
        Account a = RandomBooks.account(r, list, 8);
        List<Position> ps = new ArrayList<>();
        double wallet = a.walletBalance();
        for (Position p : a.positions()) {
            Instrument in = inst.get(p.symbol());
            RiskTiers t = in.tiers();
            double measure = in.convention().tierMeasure(in.terms(), p.qty(), p.entryPrice());
            Assume.that(measure <= t.maxNotional());
            double lev = Math.min(p.leverage(), t.maxLeverageFor(measure));
            Position q = new Position(p.symbol(), p.side(), p.qty(), p.entryPrice(), lev, p.marginMode(), p.positionSide(),
                    p.marginAdded(), p.markPrice());
            if (p.marginMode() == MarginMode.ISOLATED) {
                wallet += q.isolatedMargin() - p.isolatedMargin();
            }
            ps.add(q);
        }
        return new Account(wallet, ps);
    }

    @Property(tries = 1500)
    void everyLinearVenue_equalsTheReferenceEngine(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        Random r = new Random(seed);
        List<Instrument> list = instruments(r, c, 1 + r.nextInt(6));
        Instruments inst = Instruments.of(list.toArray(Instrument[]::new));
        Account a = account(r, list, inst);
        AccountReport ref = MarginCalculator.evaluate(a, inst);

        AccountKernel k = AccountKernel.of(inst);
        AccountKernel.Book book = new AccountKernel.Book(16);
        AccountKernel.Result out = new AccountKernel.Result(16);
        k.load(a, book);
        k.evaluate(book, out);
        AccountKernelTest.assertSameAsEngine(c.id() + " ", a, out, ref);
    }

    /**
     * The loss if liquidated is each venue's take, not Binance's clearance fee: on a 10x isolated long whose
     * liquidation leaves margin above every fee, Bybit, Bybit UTA and XT lose the whole margin left, OKX the taker
     * fee, Binance the clearance fee — five figures of which only Binance's equals the clearance-fee rule.
     */
    @Test
    void lossIfLiquidated_isTheVenuesTake_notBinancesClearanceFee() {
        for (MarginConvention c : Conventions.all()) {
            if (c.contractType() != ContractType.LINEAR) {
                continue;
            }
            Contract k = new Contract("BTCX", 0.1, 0.001, 0, 0, 0.0006, 0.0002, 8, 0.0125)
                    .on(c.exchange(), ContractType.LINEAR, c.countsInContracts() ? 0.001 : 0, "USDT");
            Instrument in = new Instrument(k, new RiskTiers("BTCX", List.of(new io.perpguard.instrument.LeverageBracket(1, 0, 1e15, 20, 0.05, 0))));
            Account a = new Account(20_000, List.of(new Position("BTCX", io.perpguard.margin.Side.LONG, 2, 60_000, 10,
                    MarginMode.ISOLATED, io.perpguard.margin.PositionSide.BOTH, 0, 60_000)));
            AccountKernel kernel = AccountKernel.of(Instruments.of(in));
            AccountKernel.Book b = new AccountKernel.Book(2);
            AccountKernel.Result res = new AccountKernel.Result(2);
            kernel.load(a, b);
            kernel.evaluate(b, res);
            double lp = res.liquidationPriceExact[0], priceLoss = 2 * (60_000 - lp), margin = 12_000;
            double binanceRule = priceLoss + Math.min(2 * lp * 0.0125, margin - priceLoss);
            double expected = switch (c.liquidationTake()) {
                case CLEARANCE_FEE -> binanceRule;
                case TAKER_FEE -> priceLoss + 2 * lp * 0.0006;
                case REMAINING_MARGIN -> margin;
            };
            assertThat(res.lossIfLiquidated[0]).as(c.id().name()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
            if (c.liquidationTake() != MarginConvention.LiquidationTake.CLEARANCE_FEE) {
                assertThat(res.lossIfLiquidated[0]).as(c.id() + " under Binance's rule").isNotCloseTo(binanceRule,
                        org.assertj.core.api.Assertions.within(1.0));
            }
        }
    }

    @Test
    void inverseContracts_areRefusedByName() {
        for (MarginConvention c : Conventions.all()) {
            if (c.contractType() != ContractType.INVERSE) {
                continue;
            }
            Contract k = new Contract("BTCUSD", 0.5, 1, 0, 0, 0.0005, 0.0002, 8, 0.0125).on(c.exchange(), ContractType.INVERSE, 100, "BTC");
            Instrument in = new Instrument(k, new RiskTiers("BTCUSD", List.of(new io.perpguard.instrument.LeverageBracket(1, 0, 1e15, 20, 0.005, 0))));
            AccountKernel kernel = AccountKernel.of(Instruments.of(in));
            assertThat(kernel.models(kernel.symbol("BTCUSD"))).isFalse();
            Account a = new Account(1, List.of(new Position("BTCUSD", io.perpguard.margin.Side.LONG, 1000, 60_000, 10,
                    MarginMode.ISOLATED, io.perpguard.margin.PositionSide.BOTH, 0, 60_000, ContractType.INVERSE)));
            assertThatThrownBy(() -> kernel.load(a, new AccountKernel.Book(2))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(c.exchange().displayName()).hasMessageContaining("inverse");
        }
    }
}
