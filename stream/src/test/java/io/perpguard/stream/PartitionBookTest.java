package io.perpguard.stream;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account side's in-memory path ({@link PartitionBook}: partition marks, kernel re-pricing, alert memory written
 * only when it changes, rebuilt after a restart) against the reference path it replaced: every holder's own state
 * re-priced by {@link AccountEngine#applyMark} (the reference {@code MarginCalculator}) at every tick. Same
 * account-risk records to the last bit, same alerts, over random accounts and random walks with restarts.
 */
class PartitionBookTest {
    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    static final Instruments INST = TierTables.bundled();
    static final AlertPolicy POLICY = new AlertPolicy(new double[]{0.3, 0.5, 0.7, 0.85}, 0.05, 0.2, 60_000);

    /** What one input produced, by account. */
    static final class Collect implements PartitionBook.Out {
        final Map<String, AccountRisk> risk = new TreeMap<>();
        final Map<String, List<MarginAlert>> alerts = new TreeMap<>();
        final Map<String, AccountState> persisted = new HashMap<>();
        final java.util.Set<String> refused = new java.util.TreeSet<>();

        @Override
        public void refused(String account, MarkTick tick, RuntimeException e) {
            refused.add(account);
        }

        @Override
        public void risk(String account, AccountRisk r) {
            assertThat(risk.put(account, r)).as("one record per account and tick").isNull();
        }

        @Override
        public void alert(String account, MarginAlert a) {
            alerts.computeIfAbsent(account, k -> new ArrayList<>()).add(a);
        }

        @Override
        public void persist(String account, AccountState s) {
            persisted.put(account, s);
        }
    }

    @Property(tries = 60)
    void kernelPath_equalsReferencePerHolder_acrossTicksEventsAndRestarts(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int accounts) {
        run(seed, accounts, 0);
    }

    /**
     * With a publish step the tick index skips accounts whose bands a tick stays inside: the alerts, the records
     * published (the reference's filtered by the same step) and the stored rule state are still the reference's.
     */
    @Property(tries = 80)
    void tickIndex_skipsAccounts_yetAlertsAndPublishedRecordsEqualReference(@ForAll long seed,
                                                                          @ForAll @IntRange(min = 1, max = 16) int accounts) {
        double step = new Random(seed).nextBoolean() ? 0.005 : 0.03;
        long[] counts = run(seed, accounts, step);
        Statistics.label("index skipped some re-pricings").collect(counts[0] < counts[1]);
        Statistics.label("index skipped some re-pricings").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    /**
     * The same on every linear venue's rules (the bundled contracts moved to Bybit, Bybit UTA, OKX or XT, contract size
     * 0.01 where the venue counts contracts): the kernel and the tick index price each by its convention.
     */
    @Property(tries = 60)
    void everyLinearVenue_kernelAndIndexEqualReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int accounts) {
        Random r = new Random(seed);
        List<io.perpguard.venue.MarginConvention> linear = io.perpguard.venue.Conventions.all().stream()
                .filter(c -> c.contractType() == io.perpguard.venue.ContractType.LINEAR).toList();
        io.perpguard.venue.MarginConvention c = linear.get(r.nextInt(linear.size()));
        Map<String, io.perpguard.instrument.Instrument> m = new java.util.LinkedHashMap<>();
        for (String sym : SYMBOLS) {
            io.perpguard.instrument.Instrument b = INST.get(sym);
            m.put(sym, new io.perpguard.instrument.Instrument(b.contract().on(c.exchange(), io.perpguard.venue.ContractType.LINEAR,
                    c.countsInContracts() ? 0.01 : 0, "USDT"), b.tiers()));
        }
        Statistics.label("venue").collect(c.id().name());
        run(seed, accounts, r.nextBoolean() ? 0 : 0.005, new Instruments(m));
    }

    /**
     * The same on every inverse venue's rules (the bundled contracts made coin-margined on Binance COIN-M, Bybit, Bybit
     * UTA, OKX or XT, 100 USD a contract): sizes in USD face, amounts in coin; the kernel and the tick index price each
     * by its convention, as the reference engine does.
     */
    @Property(tries = 60)
    void everyInverseVenue_kernelAndIndexEqualReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int accounts) {
        Random r = new Random(seed);
        List<io.perpguard.venue.MarginConvention> inverse = io.perpguard.venue.Conventions.all().stream()
                .filter(c -> c.contractType() == io.perpguard.venue.ContractType.INVERSE).toList();
        io.perpguard.venue.MarginConvention c = inverse.get(r.nextInt(inverse.size()));
        Map<String, io.perpguard.instrument.Instrument> m = new java.util.LinkedHashMap<>();
        for (String sym : SYMBOLS) {
            io.perpguard.instrument.Instrument b = INST.get(sym);
            // OKX publishes no maintenance amount (tiers in contracts): none is taken off a coin value there
            io.perpguard.instrument.RiskTiers t = c.tierBasis() != io.perpguard.venue.MarginConvention.TierBasis.BY_CONTRACTS ? b.tiers()
                    : new io.perpguard.instrument.RiskTiers(sym, b.tiers().brackets().stream().map(x -> new io.perpguard.instrument.LeverageBracket(
                    x.bracket(), x.notionalFloor(), x.notionalCap(), x.maxLeverage(), x.maintenanceMarginRate(), 0)).toList());
            m.put(sym, new io.perpguard.instrument.Instrument(b.contract().on(c.exchange(), io.perpguard.venue.ContractType.INVERSE, 100, "BTC"), t));
        }
        Statistics.label("venue").collect(c.id().name());
        long[] counts = run(seed, accounts, r.nextBoolean() ? 0 : 0.005, new Instruments(m), true);
        assertThat(counts[2]).as("accounts on the kernel path (of %d)", counts[3]).isEqualTo(counts[3]);
    }

    /**
     * Pooled accounts (Binance Multi-Assets: BTC or ETH stated beside the wallet, on most accounts): with a publish step a
     * tick computes the pool's ratio alone and runs the reference path only when a record or an alert leaves — the records,
     * alerts, refusals and stored rule state are still the reference's (every holder priced in full at every tick) filtered
     * by the same step, across events and restarts.
     */
    @Property(tries = 40)
    void pooledAccounts_ratioAloneUntilSomethingLeaves_equalReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int accounts) {
        double step = new Random(seed).nextBoolean() ? 0.005 : 0.03;
        long[] counts = run(seed, accounts, step, INST, false, true);
        Statistics.label("pooled: reference path on fewer ticks than re-pricings").collect(counts[4] < counts[0]);
    }

    /**
     * A pooled account stored with an isolated margin above its USDT wallet (taken before the stream refused it as calc does):
     * building the task's book threw the one-wallet Account's refusal, so the partition could not start; it is restored and
     * its ticks are refused, as the reference path refuses it.
     */
    @net.jqwik.api.Example
    void aStoredPooledAccount_itsWalletAloneBelowItsIsolatedMargin_isRestored_andRefusedPerTick() {
        AccountState s = AccountState.empty(io.perpguard.venue.Exchange.BINANCE).with(100, List.of(new HeldPosition("ETHUSDT",
                        io.perpguard.margin.Side.LONG, 2, 3000, 2, io.perpguard.margin.MarginMode.ISOLATED, io.perpguard.margin.PositionSide.BOTH, 0)),
                Map.of("ETHUSDT", new MarkTick("ETHUSDT", 3000, Double.NaN, 0, AccountState.FILL_MARK)), io.perpguard.alerts.AlertState.INITIAL)
                .withCollateral(List.of(new io.perpguard.data.account.AccountFile.Collateral("BTC", 0.1, 0.95, 60000)), List.of(0L));
        PartitionBook book = new PartitionBook(INST, POLICY, 0.005);
        book.restoreAccount("a", s);
        Collect out = new Collect();
        book.tick(new MarkTick("ETHUSDT", 2900, Double.NaN, 0, 1_700_000_000_000L), out);
        assertThat(out.refused).containsExactly("a");
        assertThat(out.risk).isEmpty();
    }

    /** Returns {re-pricings done, holder-ticks the reference re-priced, accounts on the kernel path, accounts, reference-path re-pricings}. */
    static long[] run(long seed, int accounts, double step) {
        return run(seed, accounts, step, INST);
    }

    static long[] run(long seed, int accounts, double step, Instruments inst) {
        return run(seed, accounts, step, inst, false);
    }

    /**
     * {@code inverse}: each opening is sized in {@code contracts} (100 USD of face each), the linear one's notional in USD
     * rounded to whole contracts (at least one), and the wallet is the linear one's USD in coin at 60,000. A coin {@code qty} is read as coin at the fill price and must come to
     * whole contracts: the linear qty × price² sent here before was such a qty (≈ qty × price³ USD of face, never whole
     * contracts at a random fill), so nearly every inverse opening was refused alike by both paths and the books stayed
     * empty.
     */
    static long[] run(long seed, int accounts, double step, Instruments inst, boolean inverse) {
        return run(seed, accounts, step, inst, inverse, false);
    }

    /** {@code pooled}: most accounts state BTC or ETH collateral after their deposit (drawn from a second random stream). */
    static long[] run(long seed, int accounts, double step, Instruments inst, boolean inverse, boolean pooled) {
        Random r = new Random(seed);
        Random pool = new Random(~seed);
        PartitionBook book = new PartitionBook(inst, POLICY, step);
        Map<String, Double> refPublished = new HashMap<>();
        long referenceRepricings = 0, referencePath = 0;
        Map<String, AccountState> ref = new TreeMap<>();
        Map<String, AccountState> stored = new TreeMap<>();
        Map<String, MarkTick> storedMarks = new TreeMap<>();
        double[] price = {60_000, 3_000, 150};
        long time = 1_700_000_000_000L;
        int ids = 0;
        for (int a = 0; a < accounts; a++) {
            String acct = "a" + a;
            int n = 1 + r.nextInt(4);
            List<String> events = new ArrayList<>();
            // an inverse account's wallet is in coin: the same USD at 60,000 a coin
            int usd = 300 + r.nextInt(20_000);
            events.add(String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"wallet-transfer\",\"amount\":%s}", ids++,
                    inverse ? String.valueOf(io.perpguard.Money.round(usd / 60_000.0)) : String.valueOf(usd)));
            if (pooled && pool.nextInt(4) != 0) {
                boolean btc = pool.nextBoolean();
                events.add(String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"collateral\",\"asset\":\"%s\",\"amount\":%s,"
                                + "\"collateralRatio\":%s,\"indexPrice\":%s}", ids++, btc ? "BTC" : "ETH",
                        io.perpguard.Money.round((btc ? 0.01 : 0.2) * (1 + 10 * pool.nextDouble())), 0.9 + 0.1 * pool.nextInt(2), btc ? 60_000 : 3_000));
            }
            for (int k = 0; k < n; k++) {
                int s = r.nextInt(3);
                boolean hedge = r.nextInt(4) == 0;
                String side = r.nextBoolean() ? "long" : "short";
                double qty = Math.round(1000 * (0.01 + r.nextDouble()) * 60_000 / price[s] * 0.1) / 1000.0 + 0.001;
                io.perpguard.instrument.Contract ct = inst.get(SYMBOLS[s]).contract();
                if (!inverse && ct.contractSize() > 0) {
                    // a venue that counts in contracts holds whole lots (the stream refuses other sizes): the nearest, at least one
                    double lot = ct.lotContracts() * ct.contractSize();
                    qty = Math.max(1, Math.rint(qty / lot)) * lot;
                } else if (!inverse) {
                    // a venue that counts in base units holds whole steps (SOLUSDT: 1 on Binance): floored, at least one
                    qty = Math.max(ct.stepSize(), ct.floorToStep(qty));
                }
                events.add(String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"opened\",\"symbol\":\"%s\",\"side\":\"%s\",\"%s\":%s,"
                                + "\"price\":%s,\"leverage\":%d,\"marginMode\":\"%s\",\"positionSide\":\"%s\"}", ids++, SYMBOLS[s], side,
                        inverse ? "contracts" : "qty", inverse ? Math.max(1, Math.round(qty * price[s] / 100)) : qty,
                        price[s] * (0.97 + 0.06 * r.nextDouble()),
                        1 + r.nextInt(20), r.nextInt(3) == 0 ? "isolated" : "cross", hedge ? side : "both"));
            }
            for (String json : events) {
                event(book, ref, stored, refPublished, acct, json, ++time, inst);
            }
        }
        int alerts = 0;
        for (int k = 0; k < 120; k++) {
            if (k % 40 == 39) {
                // a restart: a fresh working set from what the stores hold
                long done = book.evaluations;
                referencePath += book.referencePricings;
                book = new PartitionBook(inst, POLICY, step);
                book.evaluations = done;
                for (MarkTick m : storedMarks.values()) {
                    book.restoreMark(m);
                }
                for (var e : stored.entrySet()) {
                    book.restoreAccount(e.getKey(), e.getValue());
                    // what the reference published last is not stored: after a restart the book starts from the
                    // ratio at the restored marks
                    refPublished.put(e.getKey(), ratioAtMarks(e.getKey(), ref.get(e.getKey()), storedMarks, inst));
                }
            }
            if (r.nextInt(15) == 0) {
                String acct = "a" + r.nextInt(accounts);
                event(book, ref, stored, refPublished, acct, String.format(Locale.ROOT, "{\"eventId\":\"%d\",\"type\":\"wallet-transfer\",\"amount\":%s}",
                        ids++, r.nextBoolean() ? 500 : -100), ++time, inst);
                continue;
            }
            int s = r.nextInt(3);
            price[s] *= 1 + (r.nextDouble() - 0.55) * (r.nextInt(5) == 0 ? 0.08 : 0.01);
            MarkTick t = new MarkTick(SYMBOLS[s], price[s], Double.NaN, (r.nextDouble() - 0.5) * 1e-3, time += 1 + r.nextInt(30_000));
            Collect got = new Collect();
            book.tick(t, got);
            storedMarks.put(t.symbol(), t);
            stored.putAll(got.persisted);
            Collect want = new Collect();
            for (var e : ref.entrySet()) {
                AccountEngine.Outcome o;
                try {
                    o = AccountEngine.applyMark(e.getKey(), e.getValue(), t, inst, POLICY);
                } catch (RuntimeException refused) {
                    want.refused(e.getKey(), t, refused);
                    continue;
                }
                if (o != null) {
                    referenceRepricings++;
                    e.setValue(o.state());
                    double w = o.risk().alertMarginRatio();
                    Double p = refPublished.get(e.getKey());
                    if (step == 0 || !o.alerts().isEmpty() || p == null || Double.isNaN(p) || !(Math.abs(w - p) < step) && w != p) {
                        want.risk(e.getKey(), o.risk());
                        refPublished.put(e.getKey(), w);
                    }
                    o.alerts().forEach(x -> want.alert(e.getKey(), x));
                }
            }
            assertThat(got.risk).as("tick %d", k).isEqualTo(want.risk);
            assertThat(got.alerts).as("tick %d", k).isEqualTo(want.alerts);
            assertThat(got.refused).as("tick %d", k).isEqualTo(want.refused);
            alerts += got.alerts.size();
            for (var e : got.persisted.entrySet()) {
                assertThat(e.getValue().alert()).as("persisted rule state").isEqualTo(ref.get(e.getKey()).alert());
            }
        }
        Statistics.label("alerts raised " + (step > 0 ? "(indexed)" : "")).collect(alerts > 0);
        // a fifth of the runs raise alerts (inverse books, sized in contracts with coin wallets: three quarters and more)
        Statistics.label("alerts raised " + (step > 0 ? "(indexed)" : "")).coverage(c -> c.check(true).percentage(p -> p > 20));
        if (pooled) {
            Statistics.label("a pooled account in the book").collect(stored.values().stream().anyMatch(AccountState::pooled));
            Statistics.label("a pooled account in the book").coverage(c -> c.check(true).percentage(p -> p > 70));
        }
        return new long[]{book.evaluations, referenceRepricings, book.kernelAccounts(), book.size(), referencePath + book.referencePricings};
    }

    /** The reference's alert ratio of an account at the given marks (what a restarted book takes as last published). */
    static double ratioAtMarks(String acct, AccountState s, Map<String, MarkTick> marks, Instruments inst) {
        Map<String, MarkTick> m = new TreeMap<>(s.marks());
        for (String sym : s.marks().keySet()) {
            if (marks.containsKey(sym)) {
                m.put(sym, marks.get(sym));
            }
        }
        try {
            // its venue and collateral kept (a new AccountState would price a pooled account on its USDT wallet alone)
            return AccountEngine.price(acct, s.with(s.walletBalance(), s.positions(), m, s.alert()), "mark", null, 0, inst, POLICY,
                    List.of()).risk().alertMarginRatio();
        } catch (RuntimeException refused) {
            return Double.NaN;
        }
    }

    private static void event(PartitionBook book, Map<String, AccountState> ref, Map<String, AccountState> stored,
                              Map<String, Double> refPublished, String acct, String json, long time, Instruments inst) {
        PositionEvent e = PositionEvent.parse(acct, json, time);
        AccountEngine.Outcome want = applied(acct, ref.get(acct), e, inst, POLICY);
        AccountEngine.Outcome got = applied(acct, book.forEvent(acct, e.symbol(), e.exchange()), e, inst, POLICY);
        assertThat(got == null).as("refused alike: %s", json).isEqualTo(want == null);
        if (got == null) {
            return;
        }
        assertThat(got.risk()).isEqualTo(want.risk());
        assertThat(got.alerts()).isEqualTo(want.alerts());
        ref.put(acct, want.state());
        refPublished.put(acct, want.risk().alertMarginRatio());
        stored.put(acct, got.state());
        book.applied(acct, got);
    }

    /** The event applied to {@code state}, or null where the engine refuses it (the property compares refusals too). */
    static AccountEngine.Outcome applied(String acct, AccountState state, PositionEvent e, Instruments inst, AlertPolicy policy) {
        try {
            return AccountEngine.applyPosition(acct, state, e, inst, policy);
        } catch (RuntimeException refused) {
            return null;
        }
    }
}
