package io.perpguard.margin.fast;

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
import static org.assertj.core.api.Assertions.within;

/**
 * The kernel prices every venue by its own convention — linear or inverse (coin-margined), tier basis, valuation, fee
 * in the rate, margin added net of a fee, a closing fee at the bankruptcy price, what a liquidation takes — and agrees
 * with {@link MarginCalculator#evaluate} to the last bit on random accounts of each.
 */
class AccountKernelVenueTest {
    static final double[] TAKERS = {0.0002, 0.0005, 0.0006};
    static final double[] SIZES = {0.001, 0.01, 1};
    /** USD face per inverse contract (Bybit/OKX/XT 1 to 100 USD, Binance COIN-M BTCUSD 100, altcoins 10) */
    static final double[] FACES = {1, 10, 100};

    @Provide
    Arbitrary<MarginConvention> linear() {
        return Arbitraries.of(Conventions.all().stream().filter(c -> c.contractType() == ContractType.LINEAR).toList());
    }

    /** Every venue's inverse convention: Binance COIN-M, Bybit inverse (classic and unified), OKX and XT coin-margined. */
    @Provide
    Arbitrary<MarginConvention> inverse() {
        return Arbitraries.of(Conventions.all().stream().filter(c -> c.contractType() == ContractType.INVERSE).toList());
    }

    /** Random instruments of {@code c}'s venue and contract type (random tiers, ticks, taker fee, contract size, clearance rate). */
    static List<Instrument> instruments(Random r, MarginConvention c, int symbols) {
        boolean inverse = c.contractType() == ContractType.INVERSE;
        List<Instrument> list = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            Instrument b = RandomBooks.instrument(r, "S" + i + (inverse ? "USD" : "USDT"));
            double size = inverse ? FACES[r.nextInt(FACES.length)] : c.countsInContracts() ? SIZES[r.nextInt(SIZES.length)] : 0;
            Contract k = b.contract().withFees(TAKERS[r.nextInt(TAKERS.length)], 0.0002, b.contract().liquidationFeeRate())
                    .on(c.exchange(), c.contractType(), size, inverse ? "BTC" : "USDT");
            list.add(new Instrument(k, inverse && c.tierBasis() == MarginConvention.TierBasis.BY_CONTRACTS ? withoutAmounts(b.tiers()) : b.tiers()));
        }
        return list;
    }

    /**
     * The tiers without maintenance amounts, as OKX publishes them (position-tiers: contracts and rates only); an amount
     * in contracts taken off a coin value would make the maintenance margin negative.
     */
    static RiskTiers withoutAmounts(RiskTiers t) {
        return new RiskTiers(t.symbol(), t.brackets().stream().map(x -> new io.perpguard.instrument.LeverageBracket(x.bracket(),
                x.notionalFloor(), x.notionalCap(), x.maxLeverage(), x.maintenanceMarginRate(), 0)).toList());
    }

    /**
     * A random account whose leverage each venue allows (its tier measure at entry), the wallet covering isolated margin;
     * on an inverse venue each position's USD face is qty × entry² (the same notional, now in coin: face / entry).
     */
    static Account account(Random r, List<Instrument> list, Instruments inst) {
        Account a = RandomBooks.account(r, list, 8);
        List<Position> ps = new ArrayList<>();
        double wallet = a.walletBalance();
        for (Position p : a.positions()) {
            Instrument in = inst.get(p.symbol());
            ContractType type = in.contract().type();
            double qty = type == ContractType.INVERSE ? p.qty() * p.entryPrice() * p.entryPrice() : p.qty();
            RiskTiers t = in.tiers();
            double measure = in.convention().tierMeasure(in.terms(), qty, p.entryPrice());
            Assume.that(measure <= t.maxNotional());
            Assume.that(p.markPrice() >= in.contract().tickSize());   // the engine refuses a mark below one tick
            double lev = Math.min(p.leverage(), t.maxLeverageFor(measure));
            Position q = new Position(p.symbol(), p.side(), qty, p.entryPrice(), lev, p.marginMode(), p.positionSide(),
                    p.marginAdded(), p.markPrice(), type);
            if (p.marginMode() == MarginMode.ISOLATED) {
                wallet += q.isolatedMargin() - p.isolatedMargin();
            }
            ps.add(q);
        }
        return new Account(wallet, ps);
    }

    @Property(tries = 1500)
    void everyLinearVenue_equalsTheReferenceEngine(@ForAll long seed, @ForAll("linear") MarginConvention c) {
        assertSameAsEngine(seed, c);
    }

    @Property(tries = 1500)
    void everyInverseVenue_equalsTheReferenceEngine(@ForAll long seed, @ForAll("inverse") MarginConvention c) {
        assertSameAsEngine(seed, c);
    }

    /** A book jqwik drew on 2026-12-01: a COIN-M last bracket without a cap gave a wallet above the Account's bound. */
    @net.jqwik.api.Example
    void coinmBookWithAnUncappedLastBracket_staysWithinTheWalletBound() {
        assertSameAsEngine(-332287L, Conventions.BINANCE_COINM);
    }

    private static void assertSameAsEngine(long seed, MarginConvention c) {
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

    /**
     * A Binance COIN-M 10x isolated long of 100 contracts of 100 USD at 60,000 with one 0.5 % tier: the kernel's
     * figures are the coin-margined ones — notional face / mark, PnL face × (1/entry − 1/mark), liquidation where
     * margin + PnL = MM in coin, 1/LP = (IM + Q/EP) / (Q + Q·MMR) — not the linear formulas on the same numbers.
     */
    @Test
    void coinMargined_figuresAreInCoin() {
        Contract k = new Contract("BTCUSD_PERP", 0.1, 1, 0, 0, 0.0005, 0.0002, 8, 0.01).on(io.perpguard.venue.Exchange.BINANCE_COINM,
                ContractType.INVERSE, 100, "BTC");
        Instrument in = new Instrument(k, new RiskTiers("BTCUSD_PERP", List.of(new io.perpguard.instrument.LeverageBracket(1, 0, 1e15, 20, 0.005, 0))));
        double face = 10_000, entry = 60_000, mark = 55_000;
        Account a = new Account(1, List.of(new Position("BTCUSD_PERP", io.perpguard.margin.Side.LONG, face, entry, 10,
                MarginMode.ISOLATED, io.perpguard.margin.PositionSide.BOTH, 0, mark, ContractType.INVERSE)));
        AccountKernel kernel = AccountKernel.of(Instruments.of(in));
        assertThat(kernel.models(kernel.symbol("BTCUSD_PERP"))).isTrue();
        AccountKernel.Book b = new AccountKernel.Book(2);
        AccountKernel.Result res = new AccountKernel.Result(2);
        kernel.load(a, b);
        kernel.evaluate(b, res);
        double im = face / entry / 10;
        assertThat(res.notional[0]).isCloseTo(face / mark, within(1e-15));
        assertThat(res.unrealizedPnl[0]).isCloseTo(face * (1 / entry - 1 / mark), within(1e-15));
        assertThat(res.maintenanceMargin[0]).isCloseTo(face / mark * 0.005, within(1e-15));
        assertThat(res.liquidationPriceExact[0]).isCloseTo((face + face * 0.005) / (im + face / entry), within(1e-6));
        assertThat(res.liquidationPriceExact[0]).isCloseTo(54_818.18, within(0.01));
        AccountKernelTest.assertSameAsEngine("", a, res, MarginCalculator.evaluate(a, Instruments.of(in)));
    }
    /**
     * A tier table that applies each rate to the whole value (a Bybit risk-limit table without mmDeduction: 2,000,000 at
     * 0.5 %, 4,000,000 at 1 %): a unified-account short of 38 BTC from 50,000 at 17x and an inverse long of 10,000,000 USD
     * from 70,000 are liquidated where their value crosses the first cap (the requirement jumps past the equity there),
     * isolated and cross, marked at entry or already past the cap, and the kernel finds the cap's price as the engine does
     * (it reported no liquidation).
     */
    @Test
    void capCrossing_liquidatesAtTheCap_asTheEngine() {
        for (boolean inverse : new boolean[]{false, true}) {
            MarginConvention c = Conventions.all().stream().filter(x -> x.id().name().equals(inverse ? "BYBIT_UTA_INVERSE" : "BYBIT_UTA_LINEAR"))
                    .findFirst().orElseThrow();
            double scale = inverse ? 150 / 2_000_000.0 : 1;
            String sym = inverse ? "BTCUSD" : "BTCUSDT";
            RiskTiers tiers = new RiskTiers(sym, List.of(new io.perpguard.instrument.LeverageBracket(1, 0, 2_000_000 * scale, 100, 0.005, 0),
                    new io.perpguard.instrument.LeverageBracket(2, 2_000_000 * scale, 4_000_000 * scale, 50, 0.01, 0)));
            Contract k = new Contract(sym, inverse ? 0.5 : 0.1, inverse ? 1 : 0.001, 0, 0, 0.00055, 0.0002, 8, 0)
                    .on(c.exchange(), c.contractType(), inverse ? 1 : 0, inverse ? "BTC" : "USDT");
            Instrument in = new Instrument(k, tiers);
            double qty = inverse ? 10_000_000 : 38, entry = inverse ? 70_000 : 50_000;
            double cap = inverse ? qty / 150 : 2_000_000 / qty;
            // marked at entry, and just past the cap (already liquidated there)
            for (double mark : new double[]{entry, cap * (inverse ? 0.999 : 1.001)}) {
                for (MarginMode mode : MarginMode.values()) {
                    Position p = new Position(sym, inverse ? io.perpguard.margin.Side.LONG : io.perpguard.margin.Side.SHORT, qty, entry, 17,
                            mode, io.perpguard.margin.PositionSide.BOTH, 0, mark, c.contractType());
                    Account a = new Account(p.initialMargin(), List.of(p));
                    AccountKernel kernel = AccountKernel.of(Instruments.of(in));
                    AccountKernel.Book b = new AccountKernel.Book(2);
                    AccountKernel.Result res = new AccountKernel.Result(2);
                    kernel.load(a, b);
                    kernel.evaluate(b, res);
                    assertThat(res.liquidationPriceExact[0]).as(c.id() + " " + mode).isEqualTo(cap);
                    AccountKernelTest.assertSameAsEngine(c.id() + " " + mode, a, res, MarginCalculator.evaluate(a, Instruments.of(in)));
                }
            }
        }
    }

    /**
     * Carried into the higher tier by its gain (TierJumpLiquidationTest's jqwik seed and its COIN-M mirror): a Binance
     * USDⓈ-M long of 980.3924 from 1,000 at 11.787826x rising past the 1,000,000 cap (5 % to 15 % on the whole value) and
     * a COIN-M short of 4,950,000 USD from 50,000 at 15x falling past the 100 BTC cap, isolated and cross, marked at entry
     * and past the cap: the kernel reports the cap's price as the engine, rounded toward the mark the way the mark reaches
     * it (the long's 1,019.9997 down to 1,019.9, not up as a long's level below it).
     */
    @Test
    void gainSideCapCrossing_liquidatesAtTheCap_asTheEngine() {
        for (boolean inverse : new boolean[]{false, true}) {
            MarginConvention c = Conventions.all().stream().filter(x -> x.id().name().equals(inverse ? "BINANCE_COINM" : "BINANCE_USDM"))
                    .findFirst().orElseThrow();
            double s = inverse ? 1e-4 * 0.25 : 0.25;
            String sym = inverse ? "BTCUSD_PERP" : "BTCUSDT";
            RiskTiers tiers = new RiskTiers(sym, List.of(new io.perpguard.instrument.LeverageBracket(1, 0, 2_000_000 * s, 100, 0.005, 0),
                    new io.perpguard.instrument.LeverageBracket(2, 2_000_000 * s, 4_000_000 * s, 15, 0.05, 0),
                    new io.perpguard.instrument.LeverageBracket(3, 4_000_000 * s, 6_000_000 * s, 5, 0.15, 0)));
            Contract k = new Contract(sym, inverse ? 0.5 : 0.1, inverse ? 1 : 0.0001, 0, 0, 0.0005, 0.0002, 8, 0.0125)
                    .on(c.exchange(), c.contractType(), inverse ? 100 : 0, inverse ? "BTC" : "USDT");
            Instrument in = new Instrument(k, tiers);
            double qty = inverse ? 4_950_000 : 980.3924, entry = inverse ? 50_000 : 1_000, lev = inverse ? 15 : 11.787825999999999;
            double cap = inverse ? qty / 100 : 1_000_000 / qty;
            for (double mark : new double[]{entry, cap * (inverse ? 0.999 : 1.001)}) {
                for (MarginMode mode : MarginMode.values()) {
                    Position p = new Position(sym, inverse ? io.perpguard.margin.Side.SHORT : io.perpguard.margin.Side.LONG, qty, entry, lev,
                            mode, io.perpguard.margin.PositionSide.BOTH, 0, mark, c.contractType());
                    Account a = new Account(p.initialMargin(), List.of(p));
                    AccountKernel kernel = AccountKernel.of(Instruments.of(in));
                    AccountKernel.Book b = new AccountKernel.Book(2);
                    AccountKernel.Result res = new AccountKernel.Result(2);
                    kernel.load(a, b);
                    kernel.evaluate(b, res);
                    assertThat(res.liquidationPriceExact[0]).as(c.id() + " " + mode).isEqualTo(cap);
                    assertThat(res.liquidationPrice[0]).as(c.id() + " " + mode).isEqualTo(inverse ? 49_500 : 1_019.9);
                    AccountKernelTest.assertSameAsEngine(c.id() + " " + mode, a, res, MarginCalculator.evaluate(a, Instruments.of(in)));
                }
            }
        }
    }
}
