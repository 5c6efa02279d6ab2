package io.perpguard.stream;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.MarginAlertRules;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The margin-monitoring topology (design and cost per tick in stream/README.md).
 * <pre>
 *  marks ──► mark-check ──(each accepted tick once to every partition)──► marks-by-partition ──┐
 *             symbol-marks (drops stale ticks)                                                 ▼
 *  positions ─────────────────────────────────────────────────────────────────────────────► accounts ──► account-risk
 *         stores: accounts, position-event-ids, partition-marks, held-marks, partition-indexes       ├──► margin-alerts
 *                                    in memory: the partition's accounts as kernel books             │
 *  tiers ──► tiers-check ──► tiers-validated ──► global store tiers-global (read by every processor)
 *  every refused record ──► dead letter (with the reason)
 * </pre>
 * Symbol side: tasks partitioned by symbol ({@code marks}). Account side: tasks partitioned by account
 * ({@code positions}, {@code marks-by-partition}); each account's state is in one task, which receives every tick,
 * so an account holding several symbols is re-priced with one consistent set of marks.
 */
public final class MarginTopology {
    public static final String ACCOUNTS_STORE = "accounts";
    public static final String EVENT_IDS_STORE = "position-event-ids";
    public static final String SYMBOL_MARKS_STORE = "symbol-marks";
    /** Account side: the latest tick of each symbol applied in this task. */
    public static final String PARTITION_MARKS_STORE = "partition-marks";
    /**
     * Account side: the tick of each symbol held back by conflation, not yet applied. Its input offset is committed
     * with it, so a restart inside the window applies it afterwards instead of losing it.
     */
    public static final String HELD_MARKS_STORE = "held-marks";
    /**
     * Account side: the latest applied tick carrying a collateral coin's index, per source contract
     * ({@link StreamVenue#collateralIndexKey}): a later tick without an index does not erase it.
     */
    public static final String PARTITION_INDEXES_STORE = "partition-indexes";
    public static final String TIERS_STORE = "tiers-global";
    /** Metric group of the counters below (in {@code KafkaStreams#metrics()}, per task). */
    public static final String METRICS_GROUP = "perpguard-stream";
    /** Accounts re-priced on ticks (cumulative). */
    public static final String REPRICINGS_METRIC = "account-repricings-total";
    /**
     * Re-pricings on ticks done by the reference path (cumulative): every figure of the account, each cross symbol's
     * liquidation price solved — an account the kernel does not price (pooled, or refused) when a record or an alert
     * leaves; a pooled account's other re-pricings compute its ratio alone.
     */
    public static final String REFERENCE_PRICINGS_METRIC = "reference-pricings-total";
    /** Ticks applied on the account side, after conflation (cumulative). */
    public static final String TICKS_METRIC = "ticks-applied-total";
    /**
     * Conflation checks run on the account side (cumulative): the timer that applies held ticks. It runs only while a
     * tick is held (and once when a task starts, for the ticks its previous owner held), so an idle stream runs none.
     */
    public static final String CONFLATION_CHECKS_METRIC = "conflation-checks-total";

    static final String DEAD_LETTER = "dead-letter-sink";
    static final String RISK = "account-risk-sink";
    static final String ALERTS = "margin-alerts-sink";
    static final String BROADCAST = "marks-by-partition-sink";
    static final String TIERS_OK = "tiers-validated-sink";

    /** Separator of the event-id key {@code account|eventId}. */
    static final char SEP = '|';

    /** Default conflation window of marks per symbol ({@code perpguard stream --conflate-ms}). */
    public static final Duration DEFAULT_CONFLATE = Duration.ofMillis(100);
    /** Default publish step of {@code account-risk}: half a percentage point of margin ratio ({@code --publish-step}). */
    public static final double DEFAULT_PUBLISH_STEP = 0.005;

    /**
     * Settings of the topology.
     *
     * @param topics       topic names
     * @param persistent   RocksDB stores (true) or in-memory stores (false); both are backed by changelog topics
     * @param alerts       the alert rule's thresholds
     * @param conflate     per symbol and task, a tick is applied at once when the symbol's last one was applied at
     *                     least this long ago, else it waits (replaced by any newer one) until the window closes:
     *                     holders are re-priced at most once per window per symbol; zero applies every tick
     * @param publishStep  an {@code account-risk} record is published on every position event and alert, and on a
     *                     tick when the alert margin ratio moved at least this much (fraction) since the account's
     *                     last published record; 0 publishes every re-pricing
     * @param tickIndex    with a publish step above 0, re-price only the accounts whose band a tick leaves (the tick
     *                     index, {@link PartitionBook}); false re-prices every holder at every applied tick
     */
    public record Options(Topics topics, boolean persistent, AlertPolicy alerts, Duration conflate,
                          double publishStep, boolean tickIndex) {
        public Options {
            if (conflate.isNegative() || conflate.toMillis() > 60_000) {
                throw new io.perpguard.InvalidInputException("conflate-ms", conflate.toMillis() + " is outside 0 to 60,000 ms");
            }
            io.perpguard.Checks.inRange("publish-step", publishStep, 0, 1);
        }

        /** The command's defaults: RocksDB, conflation {@link #DEFAULT_CONFLATE}, publish step {@link #DEFAULT_PUBLISH_STEP}. */
        public static Options defaults(String applicationId) {
            return new Options(Topics.defaults(applicationId), true, AlertPolicy.DEFAULT, DEFAULT_CONFLATE,
                    DEFAULT_PUBLISH_STEP, true);
        }

        public Options withPersistent(boolean p) {
            return new Options(topics, p, alerts, conflate, publishStep, tickIndex);
        }

        public Options withConflate(Duration window) {
            return new Options(topics, persistent, alerts, window, publishStep, tickIndex);
        }

        public Options withPublishStep(double step) {
            return new Options(topics, persistent, alerts, conflate, step, tickIndex);
        }

        public Options withTickIndex(boolean on) {
            return new Options(topics, persistent, alerts, conflate, publishStep, on);
        }

        /** Every tick applied, every re-pricing published (tests that follow single ticks). */
        public Options everyTick() {
            return withConflate(Duration.ZERO).withPublishStep(0);
        }
    }

    private MarginTopology() {
    }

    /** Builds the topology. */
    public static Topology build(Options o) {
        Topics t = o.topics();
        Serde<String> str = Serdes.String();
        Topology top = new Topology();
        // bumped by the global store's updater after each change: a processor re-reads the store when it differs from
        // the version it last read, at its next record, instead of on a timer
        TierVersion version = new TierVersion();

        // tiers: validate, then feed the global store every task reads
        top.addSource("tiers-source", str.deserializer(), str.deserializer(), t.tiers());
        top.addProcessor("tiers-check", () -> new TiersCheck(t), "tiers-source");
        top.addSink(TIERS_OK, t.tiersValidated(), str.serializer(), str.serializer(), "tiers-check");
        top.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TIERS_STORE), str, str).withLoggingDisabled(),
                "tiers-validated-source", str.deserializer(), str.deserializer(), t.tiersValidated(), "tiers-global-update",
                () -> new TiersGlobalUpdate(version));

        // symbol side: validate, drop stale ticks, send each accepted tick once to every account-side partition
        top.addSource("marks-source", str.deserializer(), str.deserializer(), t.marks());
        top.addProcessor("mark-check", () -> new MarkCheck(o, version), "marks-source");
        top.addStateStore(store(o, SYMBOL_MARKS_STORE, new MarkTickSerde()), "mark-check");
        top.addSink(BROADCAST, t.marksByPartition(), str.serializer(), writer(Json.STATE), new AllPartitions(), "mark-check");

        // account side: one processor per task owns the partition's accounts (positions and broadcast ticks are
        // co-partitioned; internal topics are read as text and parsed in the processor: a poison record is
        // dead-lettered, the thread lives)
        top.addSource("positions-source", str.deserializer(), str.deserializer(), t.positions());
        top.addSource("partition-marks-source", str.deserializer(), str.deserializer(), t.marksByPartition());
        top.addProcessor("accounts", () -> new AccountSide(o, version), "positions-source", "partition-marks-source");
        top.addStateStore(store(o, ACCOUNTS_STORE, new AccountStateSerde()), "accounts");
        top.addStateStore(store(o, EVENT_IDS_STORE, Serdes.Long()), "accounts");
        top.addStateStore(store(o, PARTITION_MARKS_STORE, new MarkTickSerde()), "accounts");
        top.addStateStore(store(o, HELD_MARKS_STORE, new MarkTickSerde()), "accounts");
        top.addStateStore(store(o, PARTITION_INDEXES_STORE, new MarkTickSerde()), "accounts");
        top.addSink(RISK, t.accountRisk(), str.serializer(), writer(Json.OUTPUT), "accounts");
        top.addSink(ALERTS, t.marginAlerts(), str.serializer(), writer(Json.OUTPUT), "accounts");

        top.addSink(DEAD_LETTER, t.deadLetter(), str.serializer(), writer(Json.OUTPUT),
                "tiers-check", "mark-check", "accounts");
        return top;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(Options o, String name, Serde<V> values) {
        KeyValueBytesStoreSupplier s = o.persistent() ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
        return Stores.keyValueStoreBuilder(s, Serdes.String(), values).withCachingEnabled().withLoggingEnabled(java.util.Map.of());
    }

    private static Serializer<Object> writer(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(value);
            } catch (java.io.IOException e) {
                throw new org.apache.kafka.common.errors.SerializationException("cannot write JSON to " + topic, e);
            }
        };
    }

    //-------------------------------------------------------------------------
    /**
     * The global tiers store's version: its updater bumps it after each change (on the global thread), the processors
     * read it (on the stream threads). One per built topology.
     */
    static final class TierVersion {
        private final java.util.concurrent.atomic.AtomicLong v = new java.util.concurrent.atomic.AtomicLong();

        long get() {
            return v.get();
        }

        void bump() {
            v.incrementAndGet();
        }
    }

    /**
     * Base of the processors: dead-lettering and the tiers snapshot. The snapshot follows the global tiers store at
     * each record (and each conflation check): read again when the store's version moved since it was last read. A
     * tier record is thus in force for every record processed after the global store has it. This used to be a 1 s
     * wall-clock re-read on every task, which woke an idle stream (and made Kafka Streams commit) twice a second.
     */
    abstract static class Base<V> implements Processor<String, V, String, Object> {
        ProcessorContext<String, Object> ctx;
        private final TierCatalog catalog = TierCatalog.bundled();
        private final TierVersion version;
        private long read = -1;
        private KeyValueStore<String, String> tiers;

        Base(TierVersion version) {
            this.version = version;
        }

        void initBase(ProcessorContext<String, Object> context) {
            ctx = context;
            tiers = context.getStateStore(TIERS_STORE);
            instruments();
        }

        /** The instruments with the global store's tiers as of now (re-read only when it changed). */
        io.perpguard.instrument.Instruments instruments() {
            long now = version.get();   // before the store: a change after this read is read again next time
            if (now != read) {
                catalog.refresh(tiers);
                read = now;
            }
            return catalog.instruments();
        }

        /** Re-reads the store whatever its version (a symbol not yet known: its tiers may be in the store already). */
        void refreshTiers() {
            catalog.refresh(tiers);
        }

        /**
         * Refuses a key ({@link StreamVenue#key}) without an instrument under exactly that spelling on its venue, after
         * re-reading the tiers store (its tiers may be there before this task saw the version move). Core's lookup also
         * takes other spellings of a market ({@code BTC-USDT-SWAP}, {@code BTC_USDT} → BTCUSDT): those are OKX's and
         * XT's contracts, which the stream would price by another venue's rules, so they are refused naming the venue.
         */
        void requireKnown(String key) {
            refreshTiers();
            io.perpguard.instrument.Instruments in = instruments();
            if (in.bySymbol().containsKey(key)) {
                return;
            }
            StreamVenue.requireListed("symbol", key);
            String noTable = in.withoutTables().get(key);
            if (noTable != null) {
                throw new InvalidInputException("symbol", noTable);
            }
            io.perpguard.venue.Exchange ex = StreamVenue.exchangeOf(key);
            java.util.TreeSet<String> known = new java.util.TreeSet<>();
            for (String k : in.bySymbol().keySet()) {
                if (StreamVenue.exchangeOf(k) == ex) {
                    known.add(StreamVenue.symbolOf(k));
                }
            }
            String shown = known.size() > 12 ? String.join(", ", new java.util.ArrayList<>(known).subList(0, 12)) + ", … ("
                    + known.size() + ")" : String.join(", ", known);
            throw new InvalidInputException("symbol", "unknown symbol " + StreamVenue.symbolOf(key) + " on " + ex.displayName()
                    + " (known under that spelling: " + shown + "); its venue's tier response on the tiers topic, keyed "
                    + (ex == StreamVenue.DEFAULT ? "" : ex.id() + ":") + StreamVenue.symbolOf(key) + ", adds it");
        }

        void deadLetter(Record<String, ?> in, String topic, String field, String reason) {
            Object v = in.value();
            String text = v == null ? null : v instanceof String s ? s : String.valueOf(v);
            ctx.forward(new Record<String, Object>(in.key(), new DeadLetter(topic, in.key(), text, field, StreamVenue.shown(reason),
                    in.timestamp()), in.timestamp()), DEAD_LETTER);
        }

        void deadLetter(Record<String, ?> in, String topic, RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                deadLetter(in, topic, iie.field(), iie.getMessage());
            } else if (e instanceof IllegalArgumentException) {
                deadLetter(in, topic, "value", e.getMessage());
            } else {
                deadLetter(in, topic, "value", "internal error: " + e);
            }
        }
    }

    /** Validates a {@code tiers} record before it reaches the global store. */
    static final class TiersCheck implements Processor<String, String, String, Object> {
        private final Topics topics;
        private ProcessorContext<String, Object> ctx;

        TiersCheck(Topics topics) {
            this.topics = topics;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            ctx = context;
        }

        @Override
        public void process(Record<String, String> r) {
            try {
                if (r.key() == null || r.key().isBlank()) {
                    throw new InvalidInputException("key", "is missing; tiers are keyed by symbol");
                }
                com.fasterxml.jackson.databind.JsonNode value = r.value() == null ? null
                        : io.perpguard.data.json.JsonInput.parse("value", r.value());
                String key = StreamVenue.recordKey(r.key(), value);
                io.perpguard.venue.Exchange ex = StreamVenue.exchangeOf(key);
                String symbol = StreamVenue.symbolOf(key);
                if (ex != StreamVenue.DEFAULT && r.key().indexOf(StreamVenue.SEP) < 0) {
                    // compacted: keyed BTCUSDT, Bybit's record would replace Binance's BTCUSDT (and a tombstone could not say whose)
                    throw new InvalidInputException("key", r.key().trim() + " must be keyed " + ex.id() + ":" + symbol + " for " + ex.displayName()
                            + " tiers: the tiers topic is compacted, one record per key, and " + symbol + " alone is Binance USDⓈ-M's");
                }
                if (r.value() != null) {
                    // a symbol known only from this topic gets its venue's default contract: only its venue's spelling
                    StreamVenue.requireListed("symbol", key);
                    var parsed = TierCatalog.parse(ex, r.value());
                    if (parsed.size() != 1 || !parsed.containsKey(symbol)) {
                        throw new InvalidInputException("symbol", "the record holds tiers of " + parsed.keySet() + ", its key is " + symbol);
                    }
                    io.perpguard.instrument.Instruments check = TierCatalog.venues(Map.of(ex, parsed));
                    if (!check.bySymbol().containsKey(key)) {
                        // OKX, XT and the coin-margined venues size by contract: a symbol without bundled rules has no contract size
                        throw new InvalidInputException("symbol", symbol + " has no bundled " + ex.displayName() + " contract rules (its contract "
                                + "size is unknown), so its tiers cannot price it; the stream prices " + ex.displayName() + "'s bundled contracts");
                    }
                }
                ctx.forward(new Record<String, Object>(key, r.value(), r.timestamp()), TIERS_OK);
            } catch (RuntimeException e) {
                DeadLetter d = e instanceof InvalidInputException iie
                        ? new DeadLetter(topics.tiers(), r.key(), r.value(), iie.field(), StreamVenue.shown(iie.getMessage()), r.timestamp())
                        : new DeadLetter(topics.tiers(), r.key(), r.value(), "value", String.valueOf(e.getMessage()), r.timestamp());
                ctx.forward(new Record<String, Object>(r.key(), d, r.timestamp()), DEAD_LETTER);
            }
        }
    }

    /** Keeps the global tiers store: symbol → validated leverageBracket JSON (null deletes). */
    static final class TiersGlobalUpdate implements Processor<String, String, Void, Void> {
        private final TierVersion version;
        private KeyValueStore<String, String> store;

        TiersGlobalUpdate(TierVersion version) {
            this.version = version;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(TIERS_STORE);
        }

        @Override
        public void process(Record<String, String> r) {
            if (r.value() == null) {
                store.delete(r.key());
            } else {
                store.put(r.key(), r.value());
            }
            version.bump();   // after the store holds it: a processor that sees the new version reads the new tiers
        }
    }

    /**
     * Symbol side, on a tick: drop it when malformed (dead letter) or not newer than the symbol's last tick, else
     * write it once to every partition of the routing topic, so each account-side task gets it once: the work on
     * this side is O(partitions) per tick, whatever the number of holders.
     */
    static final class MarkCheck extends Base<String> {
        private final Options o;
        private KeyValueStore<String, MarkTick> latest;

        MarkCheck(Options o, TierVersion version) {
            super(version);
            this.o = o;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            initBase(context);
            latest = context.getStateStore(SYMBOL_MARKS_STORE);
        }

        @Override
        public void process(Record<String, String> r) {
            MarkTick tick;
            try {
                tick = MarkTick.parse(r.key(), r.value(), r.timestamp());
                if (!instruments().bySymbol().containsKey(tick.symbol())) {
                    requireKnown(tick.symbol());
                }
            } catch (RuntimeException e) {
                deadLetter(r, o.topics().marks(), e);
                return;
            }
            MarkTick last = latest.get(tick.symbol());
            if (last != null && tick.eventTimeMs() <= last.eventTimeMs()) {
                return; // out of order or repeated: the symbol already has a newer (or this) mark
            }
            latest.put(tick.symbol(), tick);
            ctx.forward(new Record<String, Object>(tick.symbol(), tick, r.timestamp()), BROADCAST);
        }
    }

    /** Sends a record to every partition of its topic (KIP-837 multicast). */
    static final class AllPartitions implements StreamPartitioner<String, Object> {
        private volatile Optional<Set<Integer>> all = Optional.empty();

        @Override
        @Deprecated
        public Integer partition(String topic, String key, Object value, int numPartitions) {
            return null;
        }

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
            Optional<Set<Integer>> a = all;
            if (a.isEmpty() || a.get().size() != numPartitions) {
                Set<Integer> s = new java.util.HashSet<>();
                for (int i = 0; i < numPartitions; i++) {
                    s.add(i);
                }
                all = a = Optional.of(java.util.Collections.unmodifiableSet(s));
            }
            return a;
        }
    }

    /**
     * Account side: position events (dedupe by id, apply with the reference engine, store, publish) and ticks
     * (conflated per symbol, then every holder in this task re-priced in memory by {@link PartitionBook}).
     */
    static final class AccountSide extends Base<String> implements PartitionBook.Out {
        private final Options o;
        private KeyValueStore<String, AccountState> accounts;
        private KeyValueStore<String, Long> seen;
        private KeyValueStore<String, MarkTick> applied;
        private KeyValueStore<String, MarkTick> held;
        private KeyValueStore<String, MarkTick> indexes;
        private boolean heldLoaded;
        /** The conflation check, scheduled while a tick is held (null: not scheduled). */
        private org.apache.kafka.streams.processor.Cancellable checking;
        private PartitionBook book;
        /** Conflation: the newest pending tick per symbol, and when each symbol was last applied (wall clock). */
        private final java.util.Map<String, MarkTick> pending = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, Long> appliedAt = new java.util.HashMap<>();
        private Record<String, ?> current;
        private Sensor repricings;
        private Sensor ticksApplied;
        private Sensor checks;
        private Sensor referencePricings;

        AccountSide(Options o, TierVersion version) {
            super(version);
            this.o = o;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            initBase(context);
            accounts = context.getStateStore(ACCOUNTS_STORE);
            seen = context.getStateStore(EVENT_IDS_STORE);
            applied = context.getStateStore(PARTITION_MARKS_STORE);
            held = context.getStateStore(HELD_MARKS_STORE);
            indexes = context.getStateStore(PARTITION_INDEXES_STORE);
            String task = context.taskId().toString();
            repricings = context.metrics().addSensor("perpguard-account-repricings-" + task, Sensor.RecordingLevel.INFO);
            if (!repricings.hasMetrics()) {
                repricings.add(new MetricName(REPRICINGS_METRIC, METRICS_GROUP,
                        "accounts re-priced on a tick: margin ratio re-evaluated at a new mark", Map.of("task-id", task)), new CumulativeSum());
                ticksApplied = context.metrics().addSensor("perpguard-ticks-applied-" + task, Sensor.RecordingLevel.INFO);
                ticksApplied.add(new MetricName(TICKS_METRIC, METRICS_GROUP,
                        "ticks applied to this task after conflation", Map.of("task-id", task)), new CumulativeSum());
                checks = context.metrics().addSensor("perpguard-conflation-checks-" + task, Sensor.RecordingLevel.INFO);
                checks.add(new MetricName(CONFLATION_CHECKS_METRIC, METRICS_GROUP,
                        "conflation checks run (only while a tick is held)", Map.of("task-id", task)), new CumulativeSum());
                referencePricings = context.metrics().addSensor("perpguard-reference-pricings-" + task, Sensor.RecordingLevel.INFO);
                referencePricings.add(new MetricName(REFERENCE_PRICINGS_METRIC, METRICS_GROUP,
                        "re-pricings on ticks by the reference path (every figure, liquidation prices solved)", Map.of("task-id", task)),
                        new CumulativeSum());
            } else {
                ticksApplied = context.metrics().addSensor("perpguard-ticks-applied-" + task, Sensor.RecordingLevel.INFO);
                checks = context.metrics().addSensor("perpguard-conflation-checks-" + task, Sensor.RecordingLevel.INFO);
                referencePricings = context.metrics().addSensor("perpguard-reference-pricings-" + task, Sensor.RecordingLevel.INFO);
            }
            // once at start: the ticks held when this task's previous owner stopped (restored into held-marks) are
            // applied at the first check; it then stops if nothing is held
            startChecking();
        }

        /**
         * Schedules the conflation check — at a quarter of the window, so a held tick is applied at most a quarter
         * window after its symbol's window has passed — unless it is scheduled or conflation is off. On demand, not a
         * fixed timer: a fixed one woke every account task every 25 ms all day, with or without a held tick (an idle
         * stream ran 40 checks per task per second for nothing).
         */
        private void startChecking() {
            if (checking == null && !o.conflate().isZero()) {
                checking = ctx.schedule(Duration.ofMillis(Math.max(1, o.conflate().toMillis() / 4)), PunctuationType.WALL_CLOCK_TIME, this::flush);
            }
        }

        /** Cancels the check (from within it: Kafka Streams does not schedule a cancelled punctuation again). */
        private void stopChecking() {
            if (checking != null) {
                checking.cancel();
                checking = null;
            }
        }

        /** The working set, built from the stores at the first record (after any restore). */
        private PartitionBook book() {
            if (book == null) {
                book = new PartitionBook(instruments(), o.alerts(), o.publishStep(), o.tickIndex());
                try (KeyValueIterator<String, MarkTick> it = applied.all()) {
                    it.forEachRemaining(kv -> book.restoreMark(kv.value));
                }
                try (KeyValueIterator<String, MarkTick> it = indexes.all()) {
                    it.forEachRemaining(kv -> book.restoreIndex(kv.value));
                }
                try (KeyValueIterator<String, AccountState> it = accounts.all()) {
                    it.forEachRemaining(kv -> book.restoreAccount(kv.key, kv.value));
                }
            }
            book.instruments(instruments());
            return book;
        }

        @Override
        public void process(Record<String, String> r) {
            String topic = ctx.recordMetadata().map(m -> m.topic()).orElse("");
            if (topic.equals(o.topics().positions())) {
                position(r);
            } else {
                tick(r);
            }
        }

        private void position(Record<String, String> r) {
            PositionEvent e;
            AccountEngine.Outcome out;
            String idKey;
            PartitionBook b = book();
            try {
                e = PositionEvent.parse(r.key(), r.value(), r.timestamp());
                idKey = r.key() + SEP + e.eventId();
                if (seen.get(idKey) != null) {
                    return; // redelivered: already applied, changes nothing
                }
                AccountEngine.requireVenue(r.key(), b.exchange(r.key()), e);   // before the symbol: the venue is the first fault
                if (e.symbol() != null && !instruments().bySymbol().containsKey(e.symbol())) {
                    requireKnown(e.symbol());
                    b = book();
                }
                out = AccountEngine.applyPosition(r.key(), b.forEvent(r.key(), e.symbol(), e.exchange()), e, instruments(), o.alerts());
            } catch (RuntimeException ex) {
                deadLetter(r, o.topics().positions(), ex);
                return;
            }
            seen.put(idKey, e.eventTimeMs());
            accounts.put(r.key(), out.state());
            b.applied(r.key(), out);
            emit(ctx, r, out);
        }

        private void tick(Record<String, String> r) {
            MarkTick tick;
            try {
                tick = internal(r.value(), MarkTick.class);
            } catch (RuntimeException ex) {
                deadLetter(r, o.topics().marksByPartition(), ex);
                return;
            }
            long now = ctx.currentSystemTimeMs();
            long window = o.conflate().toMillis();
            loadHeld();
            MarkTick prev = pending.get(tick.symbol());
            if (prev != null && tick.eventTimeMs() > prev.eventTimeMs() && book().carriesIndex(prev) && !book.carriesIndex(tick)) {
                // the held tick carries its coin's index and the newer one does not: replacing it would lose that index (the
                // pools would keep the older one), so it is applied first; the newer one follows as any tick (held for a new window)
                pending.remove(tick.symbol());
                held.delete(tick.symbol());
                apply(prev, new Record<>(prev.symbol(), null, now), now);
            }
            Long last = appliedAt.get(tick.symbol());
            if (window == 0 || last == null || now - last >= window) {
                if (pending.remove(tick.symbol()) != null) {
                    held.delete(tick.symbol());
                }
                apply(tick, r, now);
            } else {
                MarkTick newest = pending.merge(tick.symbol(), tick, (a, b) -> b.eventTimeMs() > a.eventTimeMs() ? b : a);
                if (newest == tick) {
                    held.put(tick.symbol(), tick);
                }
                startChecking();   // a tick is held: checked until it is applied
            }
        }

        /** After a restart: the ticks held when the previous owner of this task stopped, applied at the next flush. */
        private void loadHeld() {
            if (!heldLoaded) {
                heldLoaded = true;
                try (KeyValueIterator<String, MarkTick> it = held.all()) {
                    it.forEachRemaining(kv -> pending.merge(kv.key, kv.value, (a, b) -> b.eventTimeMs() > a.eventTimeMs() ? b : a));
                }
            }
        }

        /** Applies the newest held tick of each symbol whose window since its last applied tick has passed. */
        private void flush(long now) {
            checks.record(1);
            loadHeld();
            if (pending.isEmpty()) {
                stopChecking();
                return;
            }
            long window = o.conflate().toMillis();
            java.util.List<MarkTick> due = new java.util.ArrayList<>();
            for (var it = pending.values().iterator(); it.hasNext(); ) {
                MarkTick t = it.next();
                Long last = appliedAt.get(t.symbol());
                if (last == null || now - last >= window) {
                    due.add(t);
                    it.remove();
                }
            }
            for (MarkTick t : due) {
                held.delete(t.symbol());
                apply(t, new Record<>(t.symbol(), null, now), now);
            }
            if (pending.isEmpty()) {
                stopChecking();   // nothing held: no check until a tick is held again
            }
        }

        private void apply(MarkTick tick, Record<String, ?> in, long now) {
            current = in;
            try {
                long reference = book().referencePricings;
                int n = book.tick(tick, this);
                if (n >= 0) {
                    repricings.record(n);
                    referencePricings.record(book.referencePricings - reference);
                    ticksApplied.record(1);
                    applied.put(tick.symbol(), tick);
                    if (book.carriesIndex(tick)) {
                        indexes.put(tick.symbol(), tick);
                    }
                    appliedAt.put(tick.symbol(), now);
                }
            } catch (RuntimeException ex) {
                deadLetter(in, o.topics().marksByPartition(), ex);
            }
        }

        @Override
        public void risk(String account, AccountRisk risk) {
            ctx.forward(new Record<String, Object>(account, risk, current.timestamp()), RISK);
        }

        @Override
        public void alert(String account, MarginAlert alert) {
            ctx.forward(new Record<String, Object>(account, alert, current.timestamp()), ALERTS);
        }

        @Override
        public void persist(String account, AccountState state) {
            accounts.put(account, state);
        }

        @Override
        public void refused(String account, MarkTick tick, RuntimeException e) {
            String text;
            try {
                text = Json.STATE.writeValueAsString(tick);
            } catch (java.io.IOException io) {
                text = String.valueOf(tick);
            }
            deadLetter(new Record<>(account, text, current.timestamp()), o.topics().marksByPartition(), e);
        }
    }

    /** Reads a record of an internal topic (written by this topology with {@link Json#STATE}). */
    static <T> T internal(String json, Class<T> type) {
        if (json == null) {
            throw new InvalidInputException("value", "is missing");
        }
        try {
            T v = Json.STATE.readValue(json, type);
            if (v == null) {
                throw new InvalidInputException("value", "is null");
            }
            return v;
        } catch (java.io.IOException e) {
            throw new InvalidInputException("value", "not a " + type.getSimpleName() + ": "
                    + io.perpguard.data.json.JsonInput.libraryMessage(e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    static void emit(ProcessorContext<String, Object> ctx, Record<String, ?> in, AccountEngine.Outcome out) {
        ctx.forward(new Record<String, Object>(in.key(), out.risk(), in.timestamp()), RISK);
        for (MarginAlert a : out.alerts()) {
            ctx.forward(new Record<String, Object>(in.key(), a, in.timestamp()), ALERTS);
        }
    }

}
