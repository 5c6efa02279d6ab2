package io.perpguard.stream.bench;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.stream.AccountEngine;
import io.perpguard.stream.AccountState;
import io.perpguard.stream.LoadGenerator;
import io.perpguard.stream.PositionEvent;
import org.apache.kafka.streams.state.KeyValueStore;
import io.perpguard.stream.MarginTopology;
import io.perpguard.stream.Topics;
import io.perpguard.venue.Exchange;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * A timed run of the margin topology in Kafka Streams' {@link TopologyTestDriver}: one driver is one stream thread
 * processing every task, with the real processors, serdes, RocksDB stores, record caches and changelog writes
 * (the driver captures what a broker would receive). What it leaves out is the network and the broker.
 * <p>Load: {@code accounts} synthetic accounts ({@link LoadGenerator}'s leverage mix) holding 1–{@code maxHeld} of
 * {@code symbols} symbols (each a copy of the bundled BTCUSDT tiers, sent on the tiers topic), then
 * {@code ticks} mark ticks round-robin over the symbols (random walk, 0.2 % steps) at {@code rate} ticks per second
 * per symbol on the driver's wall clock, so the conflation window works as in a live run.
 * <p>A <b>re-pricing</b> is one account's margin ratio (and liquidation prices) re-evaluated at a new mark, counted by
 * the topology's own {@code account-repricings-total} metric; "accounts touched per tick" is re-pricings divided by
 * the ticks applied after conflation. {@code account-risk} records are published per the publish step.
 * <p>Run: {@code java -cp stream-bench/target/benchmarks.jar io.perpguard.stream.bench.StreamLoadBenchmark [accounts] [ticks]
 * [symbols] [maxHeld] [rocksdb|memory] [conflateMs] [publishStepPct] [ticksPerSecondPerSymbol] [index|full] [venues] [pooledPct]
 * [indexes|marks]}: "full"
 * turns the tick index off, so every holder is re-priced at every applied tick; {@code venues} (default binance), e.g.
 * {@code binance,bybit}, spreads the accounts over venues that count in base units ({@link LoadGenerator}'s round robin:
 * the synthetic symbols need no bundled contract there), each symbol's tiers sent in the venue's own format, and each
 * tick goes to every venue; {@code pooledPct} (default 0) makes that share of the accounts pooled, each stating 2–3 coins
 * of the symbols ({@link LoadGenerator}); {@code indexes|marks} (default: indexes when pooled) whether ticks carry
 * {@code indexPrice} (moving the pooled accounts' collateral in each symbol's coin)
 */
public final class StreamLoadBenchmark {
    private StreamLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int symbols = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int maxHeld = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        boolean rocks = args.length > 4 && args[4].equals("rocksdb");
        long conflateMs = args.length > 5 ? Long.parseLong(args[5]) : MarginTopology.DEFAULT_CONFLATE.toMillis();
        double stepPct = args.length > 6 ? Double.parseDouble(args[6]) : MarginTopology.DEFAULT_PUBLISH_STEP * 100;
        double rate = args.length > 7 ? Double.parseDouble(args[7]) : 10;
        boolean index = args.length <= 8 || !args[8].equals("full");
        List<Exchange> venues = new ArrayList<>();
        for (String id : (args.length > 9 ? args[9] : "binance").split(",")) {
            venues.add(Exchange.parse("venues", id.trim()));
        }
        double pooled = args.length > 10 ? Double.parseDouble(args[10]) / 100 : 0;
        boolean indexes = args.length > 11 ? args[11].equals("indexes") : pooled > 0;
        Result r = run(accounts, ticks, symbols, maxHeld, rocks, conflateMs, stepPct / 100, rate, index, venues, pooled, indexes);
        System.out.println(r.report());
    }

    /** Figures of one run. */
    public record Result(int accounts, int symbols, int maxHeld, boolean rocksdb, long conflateMs, double publishStep, double rate, boolean index,
                         long positionEvents, double buildSeconds, double buildCpuSeconds, int ticks, long ticksApplied,
                         double tickSeconds, double tickCpuSeconds, long repricings, long published, long alerts, long deadLetters,
                         double p50TickMs, double p99TickMs, double maxTickMs, double holdersPerTick, List<String> venues,
                         double pooledShare, int pooledAccounts, boolean indexes) {
        /** Re-pricings per CPU-second of the stream thread. */
        public double repricingsPerCpuSecond() {
            return repricings / tickCpuSeconds;
        }

        /** Accounts re-priced per tick applied. */
        public double touchedPerTick() {
            return ticksApplied == 0 ? 0 : (double) repricings / ticksApplied;
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    stream load run (TopologyTestDriver = 1 stream thread, %s stores, changelogs on; load average %.1f on %d cores)
                      book: %,d accounts holding 1-%d of %d symbols%s; conflation %d ms, publish step %.2f points, %.0f ticks/s per symbol, %s
                      holders per tick (the old fan-out's work): %,.0f; holder-ticks kept current: %,.0f per CPU-second
                      position events: %,d piped in %.1f s wall / %.1f s CPU = %,.0f events per CPU-second
                      ticks: %,d sent, %,d applied after conflation, in %.2f s wall / %.2f s CPU
                      accounts touched per applied tick (holders re-priced): %,.0f
                      re-pricings (margin ratio re-evaluated at a new mark): %,d = %,.0f per CPU-second (%.2f us CPU each)
                      account-risk records published: %,d; alerts raised: %,d; dead letters: %,d
                      processing time per tick (tick in -> holders re-priced and published): p50 %.2f ms, p99 %.2f ms, max %.2f ms
                      pooled: %,d accounts stating 2-3 coins (share %.0f %%); ticks %s; CPU per applied tick %.3f ms""",
                    rocksdb ? "RocksDB" : "in-memory", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors(), accounts, maxHeld, symbols,
                    venues.size() > 1 ? " on " + String.join(", ", venues) + " (round robin; every tick sent to each)" : "", conflateMs, publishStep * 100, rate,
                    index ? "tick index on" : "tick index off (every holder re-priced)", holdersPerTick, holdersPerTick * ticksApplied / tickCpuSeconds,
                    positionEvents, buildSeconds, buildCpuSeconds, positionEvents / buildCpuSeconds,
                    ticks, ticksApplied, tickSeconds, tickCpuSeconds, touchedPerTick(), repricings, repricingsPerCpuSecond(),
                    tickCpuSeconds * 1e6 / Math.max(1, repricings), published, alerts, deadLetters, p50TickMs, p99TickMs, maxTickMs,
                    pooledAccounts, pooledShare * 100, indexes ? "carry indexPrice (collateral coins move)" : "carry no indexPrice",
                    tickCpuSeconds * 1e3 / Math.max(1, ticksApplied));
        }
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Position events sent through the driver (the rest of the book is preloaded into the stores). */
    static int pipedEvents = 20_000;

    /** Loads book events straight into the stores, computed by the same {@link AccountEngine}. */
    @SuppressWarnings("unchecked")
    static void preload(TopologyTestDriver d, List<LoadGenerator.Event> book, int from, Instruments inst) {
        KeyValueStore<String, AccountState> accounts = d.getKeyValueStore(MarginTopology.ACCOUNTS_STORE);
        KeyValueStore<String, Long> ids = d.getKeyValueStore(MarginTopology.EVENT_IDS_STORE);
        for (int n = from; n < book.size(); n++) {
            LoadGenerator.Event e = book.get(n);
            PositionEvent pe = PositionEvent.parse(e.key(), e.value(), 0);
            var out = AccountEngine.applyPosition(e.key(), accounts.get(e.key()), pe, inst, AlertPolicy.DEFAULT);
            accounts.put(e.key(), out.state());
            ids.put(e.key() + "|" + pe.eventId(), pe.eventTimeMs());
        }
    }

    static long metric(TopologyTestDriver d, String name) {
        double sum = 0;
        for (var m : d.metrics().entrySet()) {
            if (m.getKey().group().equals(MarginTopology.METRICS_GROUP) && m.getKey().name().equals(name)) {
                sum += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return Math.round(sum);
    }

    public static Result run(int accounts, int ticks, int nSymbols, int maxHeld, boolean rocksdb, long conflateMs, double publishStep,
                             double rate, boolean index) throws Exception {
        return run(accounts, ticks, nSymbols, maxHeld, rocksdb, conflateMs, publishStep, rate, index, List.of(Exchange.BINANCE));
    }

    public static Result run(int accounts, int ticks, int nSymbols, int maxHeld, boolean rocksdb, long conflateMs, double publishStep,
                             double rate, boolean index, List<Exchange> venues) throws Exception {
        return run(accounts, ticks, nSymbols, maxHeld, rocksdb, conflateMs, publishStep, rate, index, venues, 0, false);
    }

    /**
     * @param pooled  the share of accounts priced on a pool of 2–3 collateral coins ({@link LoadGenerator}); 0: none
     * @param indexes whether each tick carries its {@code indexPrice} (the mark less 2 bp), which moves the pooled
     *                accounts' collateral in the symbol's coin
     */
    public static Result run(int accounts, int ticks, int nSymbols, int maxHeld, boolean rocksdb, long conflateMs, double publishStep,
                             double rate, boolean index, List<Exchange> venues, double pooled, boolean indexes) throws Exception {
        try (Rig rig = new Rig(accounts, nSymbols, maxHeld, rocksdb, conflateMs, publishStep, rate, index, venues, pooled, indexes)) {
            long evals0 = rig.metric(MarginTopology.REPRICINGS_METRIC), applied0 = rig.metric(MarginTopology.TICKS_METRIC);
            double[] tickMs = new double[ticks];
            long s0 = System.nanoTime();
            long tc0 = CPU.getCurrentThreadCpuTime();
            for (int k = 0; k < ticks; k++) {
                tickMs[k] = rig.tick();
            }
            rig.finish();
            double tickSeconds = (System.nanoTime() - s0) / 1e9;
            double tickCpu = (CPU.getCurrentThreadCpuTime() - tc0) / 1e9;
            double[] sorted = tickMs.clone();
            Arrays.sort(sorted);
            // holders per symbol (what re-pricing every holder would do per tick)
            Map<String, Integer> holders = new HashMap<>();
            String lastKey = null;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (LoadGenerator.Event e : rig.book) {
                if (!e.key().equals(lastKey)) {
                    seen.clear();
                    lastKey = e.key();
                }
                int at = e.value().indexOf("\"symbol\":\"");
                if (at >= 0) {
                    int x = e.value().indexOf("\"exchange\":\"");
                    String sym = (x < 0 ? "" : e.value().substring(x + 12, e.value().indexOf('"', x + 12)) + ":")
                            + e.value().substring(at + 10, e.value().indexOf('"', at + 10));
                    if (seen.add(sym)) {
                        holders.merge(sym, 1, Integer::sum);
                    }
                }
            }
            double holdersPerTick = 0;
            for (int k = 0; k < ticks; k++) {
                for (Exchange ex : venues) {
                    holdersPerTick += holders.getOrDefault((ex == Exchange.BINANCE ? "" : ex.id() + ":") + rig.symbols[k % nSymbols], 0);
                }
            }
            holdersPerTick /= (double) ticks * venues.size();
            return new Result(accounts, nSymbols, maxHeld, rocksdb, conflateMs, publishStep, rate, index, rig.piped, rig.build, rig.buildCpu,
                    ticks * venues.size(), rig.metric(MarginTopology.TICKS_METRIC) - applied0, tickSeconds, tickCpu,
                    rig.metric(MarginTopology.REPRICINGS_METRIC) - evals0, rig.drain.repricings, rig.drain.alerts, rig.drain.deadLetters,
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1], holdersPerTick, venues.stream().map(Exchange::id).toList(),
                    pooled, rig.pooledAccounts, indexes);
        }
    }

    /**
     * The topology in a test driver with the book loaded, ready for ticks: what {@link #run} times, and what
     * {@link PooledTickBenchmark} (JMH) times tick by tick.
     */
    public static final class Rig implements AutoCloseable {
        final TopologyTestDriver d;
        final TestInputTopic<String, String> marks;
        final Drain drain;
        final String[] symbols;
        final double[] price;
        final List<Exchange> venues;
        final List<LoadGenerator.Event> book;
        final int piped;
        final double build, buildCpu;
        /** Accounts stating collateral in the book. */
        final int pooledAccounts;
        private final SplittableRandom rnd = new SplittableRandom(42);
        private final long stepNanos;
        private final boolean indexes;
        private final long conflateMs;
        private final long t0 = 1_700_000_000_000L;
        private long clock;
        private int k;

        public Rig(int accounts, int nSymbols, int maxHeld, boolean rocksdb, long conflateMs, double publishStep, double rate, boolean index,
                   List<Exchange> venues, double pooled, boolean indexes) throws Exception {
            boolean mixed = !venues.equals(List.of(Exchange.BINANCE));
            this.venues = List.copyOf(venues);
            this.indexes = indexes;
            this.conflateMs = conflateMs;
            String app = "perpguard-bench";
            Topics t = Topics.defaults(app);
            Path dir = Files.createTempDirectory("perpguard-bench");
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
            MarginTopology.Options options = MarginTopology.Options.defaults(app).withPersistent(rocksdb)
                    .withConflate(Duration.ofMillis(conflateMs)).withPublishStep(publishStep).withTickIndex(index);
            d = new TopologyTestDriver(MarginTopology.build(options), p, Instant.ofEpochMilli(t0));
            StringSerializer s = new StringSerializer();
            TestInputTopic<String, String> tiers = d.createInputTopic(t.tiers(), s, s);
            TestInputTopic<String, String> positions = d.createInputTopic(t.positions(), s, s, Instant.ofEpochMilli(t0), Duration.ZERO);
            marks = d.createInputTopic(t.marks(), s, s, Instant.ofEpochMilli(t0), Duration.ZERO);
            drain = new Drain(d, app, t);

            // 50 symbols, each with BTCUSDT's real brackets
            symbols = new String[nSymbols];
            price = new double[nSymbols];
            Map<String, RiskTiers> tierMap = new HashMap<>();
            RiskTiers btc = TierTables.bundled().get("BTCUSDT").tiers();
            for (int i = 0; i < nSymbols; i++) {
                symbols[i] = String.format(Locale.ROOT, "S%02dUSDT", i);
                price[i] = 10 + 990 * rnd.nextDouble();
                tierMap.put(symbols[i], new RiskTiers(symbols[i], btc.brackets()));
                for (Exchange ex : venues) {
                    tiers.pipeInput(ex == Exchange.BINANCE ? symbols[i] : ex.id() + ":" + symbols[i],
                            ex == Exchange.BINANCE ? bracketsJson(symbols[i], btc) : bybitJson(symbols[i], btc));
                }
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            Map<Exchange, Map<String, RiskTiers>> overlay = new java.util.EnumMap<>(Exchange.class);
            for (Exchange ex : venues) {
                overlay.put(ex, tierMap);
            }
            // the stream's instruments (every venue under its keys); Binance USDⓈ-M alone as before
            Instruments inst = mixed ? io.perpguard.stream.TierCatalog.venues(overlay) : TierTables.bundled().withTiers(tierMap, TierTables::defaultContract);

            book = LoadGenerator.accounts(accounts, symbols, price, maxHeld, inst, 7, t0, venues, pooled);
            java.util.Set<String> stating = new java.util.HashSet<>();
            for (LoadGenerator.Event e : book) {
                if (e.value().contains("\"type\":\"collateral\"")) {
                    stating.add(e.key());
                }
            }
            pooledAccounts = stating.size();
            // the first accounts' events are piped and measure position-event throughput; the rest of the book is
            // loaded straight into the stores first (as a restore from changelogs would) — the driver commits after
            // every input record, which a real stream thread does only every commit.interval.ms
            int n0 = Math.min(book.size(), pipedEvents);
            while (n0 < book.size() && n0 > 0 && book.get(n0).key().equals(book.get(n0 - 1).key())) {
                n0++;
            }
            piped = n0;
            preload(d, book, piped, inst);
            drain.all();
            long b0 = System.nanoTime();
            long c0 = CPU.getCurrentThreadCpuTime();
            for (int n = 0; n < piped; n++) {
                positions.pipeInput(book.get(n).key(), book.get(n).value());
                if (n % 1000 == 999) {
                    drain.all();
                }
            }
            drain.all();
            build = (System.nanoTime() - b0) / 1e9;
            buildCpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
            drain.repricings = 0;
            drain.alerts = 0;
            stepNanos = Math.round(1e9 / (rate * nSymbols));
        }

        /**
         * The next tick, round-robin over the symbols (random walk with 0.2 % steps and a slight downward drift for longs'
         * pain), sent to every venue; the driver's wall clock advances as at the rate per symbol. Returns the milliseconds
         * the driver took (tick in → holders re-priced and published), before the output is drained.
         */
        public double tick() {
            int i = k % symbols.length;
            price[i] *= 1 + 0.002 * (rnd.nextDouble() * 2 - 1.1);
            long a = System.nanoTime();
            clock += stepNanos;
            if (clock >= 1_000_000) {
                d.advanceWallClockTime(Duration.ofMillis(clock / 1_000_000));
                clock %= 1_000_000;
            }
            for (Exchange ex : venues) {
                marks.pipeInput(ex == Exchange.BINANCE ? symbols[i] : ex.id() + ":" + symbols[i], String.format(Locale.ROOT,
                        "{\"markPrice\":%s,%s\"fundingRate\":0.0001,\"eventTimeMs\":%d}", price[i],
                        indexes ? "\"indexPrice\":" + price[i] * 0.9998 + "," : "", t0 + 1000L * (k + 1)));
            }
            double ms = (System.nanoTime() - a) / 1e6;
            k++;
            drain.all();
            return ms;
        }

        /** Applies the ticks conflation still holds. */
        public void finish() {
            d.advanceWallClockTime(Duration.ofMillis(conflateMs + 1));
            drain.all();
        }

        public long metric(String name) {
            return StreamLoadBenchmark.metric(d, name);
        }

        @Override
        public void close() {
            d.close();
        }
    }

    static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** {@code tiers} as Bybit's /v5/market/risk-limit response for {@code symbol} (what the stream takes keyed bybit:SYMBOL). */
    static String bybitJson(String symbol, RiskTiers tiers) {
        StringBuilder sb = new StringBuilder("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[");
        for (int i = 0; i < tiers.brackets().size(); i++) {
            var b = tiers.brackets().get(i);
            sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"symbol\":\"%s\",\"riskLimitValue\":\"%s\",\"maintenanceMargin\":\"%s\",\"initialMargin\":\"%s\","
                            + "\"isLowestRisk\":%d,\"maxLeverage\":\"%s\",\"mmDeduction\":\"%s\"}",
                    b.bracket(), symbol, java.math.BigDecimal.valueOf(b.notionalCap()).toPlainString(), b.maintenanceMarginRate(),
                    1 / b.maxLeverage(), i == 0 ? 1 : 0, b.maxLeverage(), b.maintenanceAmount()));
        }
        return sb.append("]},\"retExtInfo\":{},\"time\":1700000000000}").toString();
    }

    static String bracketsJson(String symbol, RiskTiers tiers) {
        StringBuilder sb = new StringBuilder("{\"symbol\":\"" + symbol + "\",\"brackets\":[");
        for (int i = 0; i < tiers.brackets().size(); i++) {
            var b = tiers.brackets().get(i);
            sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"bracket\":%d,\"initialLeverage\":%s,\"notionalCap\":%s,\"notionalFloor\":%s,\"maintMarginRatio\":%s,\"cum\":%s}",
                    b.bracket(), b.maxLeverage(), b.notionalCap(), b.notionalFloor(), b.maintenanceMarginRate(), b.maintenanceAmount()));
        }
        return sb.append("]}").toString();
    }

    /** Empties the driver's captured output (it keeps every produced record), counting what matters. */
    static final class Drain {
        private final List<TestOutputTopic<byte[], byte[]>> other = new ArrayList<>();
        private final TestOutputTopic<byte[], byte[]> risk, alertsTopic, dead;
        long repricings, alerts, deadLetters;

        Drain(TopologyTestDriver d, String app, Topics t) {
            ByteArrayDeserializer b = new ByteArrayDeserializer();
            risk = d.createOutputTopic(t.accountRisk(), b, b);
            alertsTopic = d.createOutputTopic(t.marginAlerts(), b, b);
            dead = d.createOutputTopic(t.deadLetter(), b, b);
            for (String topic : List.of(t.marksByPartition(), t.tiersValidated(),
                    app + "-" + MarginTopology.ACCOUNTS_STORE + "-changelog", app + "-" + MarginTopology.EVENT_IDS_STORE + "-changelog",
                    app + "-" + MarginTopology.PARTITION_MARKS_STORE + "-changelog", app + "-" + MarginTopology.SYMBOL_MARKS_STORE + "-changelog",
                    app + "-" + MarginTopology.HELD_MARKS_STORE + "-changelog",
                    app + "-" + MarginTopology.PARTITION_INDEXES_STORE + "-changelog")) {
                other.add(d.createOutputTopic(topic, b, b));
            }
        }

        void all() {
            repricings += count(risk);
            alerts += count(alertsTopic);
            deadLetters += count(dead);
            for (var o : other) {
                count(o);
            }
        }

        private static long count(TestOutputTopic<byte[], byte[]> topic) {
            long n = 0;
            while (!topic.isEmpty()) {
                topic.readRecord();
                n++;
            }
            return n;
        }
    }
}
