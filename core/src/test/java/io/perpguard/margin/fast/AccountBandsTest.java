package io.perpguard.margin.fast;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AccountBandsTest {
    /**
     * Random accounts with random tiers (isolated and cross, one-way and hedge) and levels on both sides of the alert
     * ratio: any marks inside every symbol's band (several symbols moved at once, up to the band's edges) leave the
     * alert ratio on the same side of every level.
     */
    @Property(tries = 400)
    void marksInsideTheBands_neverMoveTheRatioAcrossALevel(@ForAll long seed) {
        Random r = new Random(seed);
        List<Instrument> list = new ArrayList<>();
        int symbols = 1 + r.nextInt(4);
        for (int i = 0; i < symbols; i++) {
            list.add(RandomBooks.instrument(r, "S" + i + "USDT"));
        }
        Instruments inst = Instruments.of(list.toArray(Instrument[]::new));
        check(r, inst, RandomBooks.account(r, list, 6));
    }

    /** The same on every linear venue's rules (tier at entry or by contracts, MM valued at entry, fee in the rate). */
    @Property(tries = 400)
    void everyLinearVenue_marksInsideTheBands_neverMoveTheRatioAcrossALevel(@ForAll long seed,
                                                                           @ForAll("linear") io.perpguard.venue.MarginConvention c) {
        Random r = new Random(seed);
        List<Instrument> list = AccountKernelVenueTest.instruments(r, c, 1 + r.nextInt(4));
        Instruments inst = Instruments.of(list.toArray(Instrument[]::new));
        check(r, inst, AccountKernelVenueTest.account(r, list, inst));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<io.perpguard.venue.MarginConvention> linear() {
        return new AccountKernelVenueTest().linear();
    }

    /**
     * The same on every inverse venue's rules: MM and PnL are linear in 1/mark, the band is built there and mapped back
     * to prices (Bybit inverse's fee at bankruptcy coupling several cross symbols closes their bands).
     */
    @Property(tries = 400)
    void everyInverseVenue_marksInsideTheBands_neverMoveTheRatioAcrossALevel(@ForAll long seed,
                                                                            @ForAll("inverse") io.perpguard.venue.MarginConvention c) {
        Random r = new Random(seed);
        List<Instrument> list = AccountKernelVenueTest.instruments(r, c, 1 + r.nextInt(4));
        Instruments inst = Instruments.of(list.toArray(Instrument[]::new));
        check(r, inst, AccountKernelVenueTest.account(r, list, inst));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<io.perpguard.venue.MarginConvention> inverse() {
        return new AccountKernelVenueTest().inverse();
    }

    private static void check(Random r, Instruments inst, Account a) {
        AccountKernel k = AccountKernel.of(inst);
        AccountKernel.Book book = new AccountKernel.Book(16);
        AccountKernel.Result res = new AccountKernel.Result(16);
        k.load(a, book);
        k.evaluate(book, res);
        double ratio = alertRatio(book, res);
        if (!Double.isFinite(ratio)) {
            return;
        }
        double[] rising = new double[6], falling = new double[6];
        int nr = 0, nf = 0;
        for (int i = 0; i < 6; i++) {
            double level = ratio * (0.2 + 1.6 * r.nextDouble()) + (r.nextInt(10) == 0 ? 0 : 1e-6);
            if (level > ratio) {
                rising[nr++] = level;
            } else {
                falling[nf++] = r.nextInt(8) == 0 ? ratio : level; // a level exactly at the ratio: no room that way
            }
        }
        LinkedHashSet<Integer> held = new LinkedHashSet<>();
        for (int i = 0; i < book.n; i++) {
            held.add(book.sym[i]);
        }
        int[] sym = held.stream().mapToInt(Integer::intValue).toArray();
        double[] lo = new double[sym.length], hi = new double[sym.length];
        k.bands(book, res, rising, nr, falling, nf, sym, sym.length, lo, hi);
        double[] mark0 = new double[sym.length];
        for (int i = 0; i < book.n; i++) {
            for (int s = 0; s < sym.length; s++) {
                if (sym[s] == book.sym[i]) {
                    mark0[s] = book.mark[i];
                }
            }
        }
        int moved = 0;
        for (int trial = 0; trial < 40; trial++) {
            for (int s = 0; s < sym.length; s++) {
                assertThat(lo[s]).isLessThanOrEqualTo(mark0[s]);
                assertThat(hi[s]).isGreaterThanOrEqualTo(mark0[s]);
                double below = Math.max(lo[s], mark0[s] * 0.5), above = Math.min(hi[s], mark0[s] * 2);
                // strictly inside: the bounds themselves report
                double m = switch (r.nextInt(3)) {
                    case 0 -> Math.nextUp(below);
                    case 1 -> Math.nextDown(above);
                    default -> below + (above - below) * r.nextDouble();
                };
                m = Math.min(Math.max(m, Math.nextUp(lo[s])), Math.nextDown(hi[s]));
                if (!(m > lo[s] && m < hi[s])) {
                    m = mark0[s];
                }
                moved += m != mark0[s] ? 1 : 0;
                book.mark(sym[s], m);
            }
            k.evaluate(book, res);
            double now = alertRatio(book, res);
            for (int l = 0; l < nr; l++) {
                assertThat(now).as("below rising level %s (was %s)", rising[l], ratio).isLessThan(rising[l]);
            }
            for (int l = 0; l < nf; l++) {
                assertThat(now).as("at or above falling level %s (was %s)", falling[l], ratio).isGreaterThanOrEqualTo(falling[l]);
            }
        }
        Statistics.label("marks moved inside the bands").collect(moved > 0);
        Statistics.label("marks moved inside the bands").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    /** The highest position margin ratio (cross positions carry the account's). */
    static double alertRatio(AccountKernel.Book b, AccountKernel.Result r) {
        double worst = Double.NaN;
        for (int i = 0; i < b.n; i++) {
            if (Double.isNaN(worst) || r.marginRatio[i] > worst) {
                worst = r.marginRatio[i];
            }
        }
        return worst;
    }
}
