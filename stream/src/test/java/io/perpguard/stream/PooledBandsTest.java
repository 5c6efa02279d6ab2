package io.perpguard.stream;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.instrument.Instruments;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled accounts' bands (core's {@code CollateralPool.band}) against the always-visit book they replaced: the same
 * {@link PartitionBook} without the tick index, which re-prices every pooled holder at every tick of its symbols and of
 * its coins' indexes. Random Binance Multi-Assets pools (0–3 coins beside the wallet, cross and isolated legs, hedge
 * mode), random alert thresholds, hysteresis, fast-rise step and window, random walks whose ticks mostly carry an index
 * near the mark (so the coins move), restatements and transfers mid-walk and restarts from the stores: every
 * {@code account-risk} record (to the last bit), alert, refusal and stored rule state is the reference's, while the
 * banded book re-prices fewer accounts.
 */
class PooledBandsTest {
    static final String[] SYMBOLS = PartitionBookTest.SYMBOLS;
    static final String[] COINS = {"BTC", "ETH", "SOL"};
    static final Instruments INST = PartitionBookTest.INST;

    @Property(tries = 120)
    void pooledBands_neverMissACrossing_recordsAlertsAndStateEqualAlwaysVisit(@ForAll long seed,
                                                                             @ForAll @IntRange(min = 1, max = 12) int accounts) {
        Random r = new Random(seed);
        AlertPolicy policy = policy(r);
        double step = new double[]{0.002, 0.005, 0.03}[r.nextInt(3)];
        long[] visits = run(r, accounts, policy, step);
        Statistics.label("banded book re-priced fewer accounts").collect(visits[0] < visits[1]);
        Statistics.label("banded book re-priced fewer accounts").coverage(c -> c.check(true).percentage(p -> p > 60));
        Statistics.label("alerts raised").collect(visits[2] > 0);
        Statistics.label("alerts raised").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    /**
     * A pooled account visited by a tick builds its pool once: the ratio just before the tick, the ratio at it and the box
     * for its bands come from one {@code CollateralPool} (it was built three times: before, at, and again for the box), ticks
     * with and without the coin's index alike, of a cross leg and of an isolated one.
     */
    @Example
    void aPooledVisit_buildsItsPoolOnce() {
        AlertPolicy policy = new AlertPolicy(new double[]{0.5, 0.8}, 0.05, 0.2, 60_000);
        PartitionBook book = new PartitionBook(INST, policy, 0.002, true);
        long time = 1_700_000_000_000L;
        for (String json : List.of("{\"eventId\":\"1\",\"type\":\"wallet-transfer\",\"amount\":20000}",
                "{\"eventId\":\"2\",\"type\":\"collateral\",\"asset\":\"BTC\",\"amount\":0.1,\"collateralRatio\":0.95,\"indexPrice\":60000}",
                "{\"eventId\":\"3\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1.5,\"price\":60000,"
                        + "\"leverage\":20,\"marginMode\":\"cross\",\"positionSide\":\"long\"}",
                "{\"eventId\":\"4\",\"type\":\"opened\",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":5,\"price\":3000,"
                        + "\"leverage\":10,\"marginMode\":\"isolated\"}")) {
            PositionEvent e = PositionEvent.parse("p", json, ++time);
            AccountEngine.Outcome o = PartitionBookTest.applied("p", book.forEvent("p", e.symbol(), e.exchange()), e, INST, policy);
            assertThat(o).as(json).isNotNull();
            book.applied("p", o);
        }
        double[] price = {60_000, 3_000};
        long visits = 0;
        for (int k = 0; k < 24; k++) {
            int s = k % 2;   // BTCUSDT (its ticks carrying BTC's index every other time) and ETHUSDT, the isolated leg's
            price[s] *= k % 8 < 4 ? 0.985 : 1.012;
            long built = book.poolsBuilt;
            int visited = book.tick(new MarkTick(SYMBOLS[s], price[s], s == 0 && k % 4 == 0 ? price[s] * 0.9998 : Double.NaN, 0, time += 1_000),
                    new PartitionBookTest.Collect());
            assertThat(book.poolsBuilt - built).as("tick %d", k).isEqualTo(Math.max(0, visited));
            visits += Math.max(0, visited);
        }
        assertThat(visits).isGreaterThanOrEqualTo(10);
    }

    /** Thresholds (1–4, ascending, below 1), re-arm gap, fast-rise step and window, each drawn. */
    static AlertPolicy policy(Random r) {
        int n = 1 + r.nextInt(4);
        double[] t = new double[n];
        double at = 0.02;
        for (int i = 0; i < n; i++) {
            at += 0.02 + r.nextDouble() * (0.9 - at) / (n - i);
            t[i] = Math.min(0.97, at);
        }
        return new AlertPolicy(t, 0.005 + 0.05 * r.nextDouble(), 0.02 + 0.3 * r.nextDouble(), 5_000 + r.nextInt(200_000));
    }

    /** Returns {banded book's re-pricings, always-visit book's, alerts raised}. */
    static long[] run(Random r, int accounts, AlertPolicy policy, double step) {
        PartitionBook banded = new PartitionBook(INST, policy, step, true);
        PartitionBook always = new PartitionBook(INST, policy, step, false);
        Map<String, AccountState> stored = new TreeMap<>();
        Map<String, MarkTick> storedMarks = new TreeMap<>();
        Map<String, MarkTick> storedIndexes = new TreeMap<>();
        double[] price = {60_000, 3_000, 150};
        long time = 1_700_000_000_000L;
        int ids = 0;
        long doneBanded = 0, doneAlways = 0, alerts = 0;
        for (int a = 0; a < accounts; a++) {
            String acct = "p" + a;
            List<String> events = new ArrayList<>();
            events.add(String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"wallet-transfer\",\"amount\":%d}", ids++, 200 + r.nextInt(20_000)));
            int coins = r.nextInt(4);
            for (int c = 0; c < coins; c++) {
                events.add(collateral(ids++, r, c, price));
            }
            int n = 1 + r.nextInt(4);
            for (int k = 0; k < n; k++) {
                int s = r.nextInt(3);
                boolean hedge = r.nextInt(4) == 0;
                String side = r.nextBoolean() ? "long" : "short";
                double qty = Math.round(1000 * (0.01 + r.nextDouble()) * 60_000 / price[s] * 0.1) / 1000.0 + 0.001;
                // whole steps of the symbol (SOLUSDT: 1), as the stream takes them: floored, at least one
                io.perpguard.instrument.Contract ct = INST.get(SYMBOLS[s]).contract();
                qty = Math.max(ct.stepSize(), ct.floorToStep(qty));
                events.add(String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"opened\",\"symbol\":\"%s\",\"side\":\"%s\",\"qty\":%s,"
                                + "\"price\":%s,\"leverage\":%d,\"marginMode\":\"%s\",\"positionSide\":\"%s\"}", ids++, SYMBOLS[s], side, qty,
                        price[s] * (0.97 + 0.06 * r.nextDouble()), 1 + r.nextInt(20), r.nextInt(4) == 0 ? "isolated" : "cross",
                        hedge ? side : "both"));
            }
            for (String json : events) {
                event(banded, always, stored, acct, json, ++time, policy);
            }
        }
        for (int k = 0; k < 150; k++) {
            if (k % 50 == 49) {
                // a restart of both: fresh working sets from what the stores hold
                doneBanded += banded.evaluations;
                doneAlways += always.evaluations;
                banded = new PartitionBook(INST, policy, step, true);
                always = new PartitionBook(INST, policy, step, false);
                for (PartitionBook b : List.of(banded, always)) {
                    storedMarks.values().forEach(b::restoreMark);
                    storedIndexes.values().forEach(b::restoreIndex);
                    stored.forEach(b::restoreAccount);
                }
            }
            if (r.nextInt(12) == 0) {
                String acct = "p" + r.nextInt(accounts);
                String json = r.nextBoolean()
                        ? String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"wallet-transfer\",\"amount\":%s}", ids++, r.nextBoolean() ? 500 : -100)
                        : collateral(ids++, r, r.nextInt(3), price);
                event(banded, always, stored, acct, json, ++time, policy);
                continue;
            }
            int s = r.nextInt(3);
            price[s] *= 1 + (r.nextDouble() - 0.52) * (r.nextInt(6) == 0 ? 0.08 : 0.01);
            // most ticks carry the coin's index (the mark ± a few basis points), which moves the pools stating it
            double index = r.nextInt(5) == 0 ? Double.NaN : price[s] * (1 + (r.nextDouble() - 0.5) * 6e-4);
            MarkTick t = new MarkTick(SYMBOLS[s], price[s], index, (r.nextDouble() - 0.5) * 1e-3, time += 1 + r.nextInt(40_000));
            PartitionBookTest.Collect got = new PartitionBookTest.Collect(), want = new PartitionBookTest.Collect();
            banded.tick(t, got);
            always.tick(t, want);
            storedMarks.put(t.symbol(), t);
            if (banded.carriesIndex(t)) {
                storedIndexes.put(t.symbol(), t);
            }
            assertThat(got.risk).as("tick %d", k).isEqualTo(want.risk);
            assertThat(got.alerts).as("tick %d", k).isEqualTo(want.alerts);
            assertThat(got.refused).as("tick %d", k).isEqualTo(want.refused);
            assertThat(got.persisted).as("tick %d", k).isEqualTo(want.persisted);
            stored.putAll(got.persisted);
            alerts += got.alerts.values().stream().mapToInt(List::size).sum();
        }
        return new long[]{doneBanded + banded.evaluations, doneAlways + always.evaluations, alerts};
    }

    /** A statement of coin {@code c}: 0.01–0.11 BTC, 0.2–2.2 ETH or 4–44 SOL (sometimes 0, dropping it), ratio 0.8–1. */
    static String collateral(int id, Random r, int c, double[] price) {
        double amount = r.nextInt(8) == 0 ? 0 : io.perpguard.Money.round(new double[]{0.01, 0.2, 4}[c] * (1 + 10 * r.nextDouble()));
        return String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"collateral\",\"asset\":\"%s\",\"amount\":%s,"
                        + "\"collateralRatio\":%s,\"indexPrice\":%s}", id, COINS[c], amount, 0.8 + 0.05 * r.nextInt(5),
                price[c] * (1 + (r.nextDouble() - 0.5) * 1e-3));
    }

    private static void event(PartitionBook banded, PartitionBook always, Map<String, AccountState> stored, String acct, String json,
                              long time, AlertPolicy policy) {
        PositionEvent e = PositionEvent.parse(acct, json, time);
        AccountEngine.Outcome want = PartitionBookTest.applied(acct, always.forEvent(acct, e.symbol(), e.exchange()), e, INST, policy);
        AccountEngine.Outcome got = PartitionBookTest.applied(acct, banded.forEvent(acct, e.symbol(), e.exchange()), e, INST, policy);
        assertThat(got == null).as("refused alike: %s", json).isEqualTo(want == null);
        if (got == null) {
            return;
        }
        assertThat(got.risk()).isEqualTo(want.risk());
        assertThat(got.alerts()).isEqualTo(want.alerts());
        assertThat(got.state()).isEqualTo(want.state());
        stored.put(acct, got.state());
        banded.applied(acct, got);
        always.applied(acct, want);
    }
}
