package io.perpguard.stream;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.MarginAlertRules;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * The margin-monitoring topology (design and cost per tick in stream/README.md).
 * <pre>
 *  marks ──► mark-fanout ──(one record per holder, key account)──► marks-by-account ──► account-mark ─┐
 *             ▲ symbol-holders, symbol-marks                                             accounts,    ├─► account-risk
 *  holdings-by-symbol ──► holding-index ──(latest mark to a new holder)──► marks-by-account  event-ids ├─► margin-alerts
 *             ▲                                                                                        │
 *             └────────(holding changes, key symbol)──── position-events ◄── positions ───────────────┘
 *  tiers ──► tiers-check ──► tiers-validated ──► global store tiers-global (read by every processor)
 *  every refused record ──► dead letter (with the reason)
 * </pre>
 * Symbol side: tasks partitioned by symbol ({@code marks}, {@code holdings-by-symbol}). Account side: tasks
 * partitioned by account ({@code positions}, {@code marks-by-account}); each account's state is in one task, so
 * an account holding several symbols is re-priced with one consistent set of marks.
 */
public final class MarginTopology {
    public static final String ACCOUNTS_STORE = "accounts";
    public static final String EVENT_IDS_STORE = "position-event-ids";
    public static final String HOLDERS_STORE = "symbol-holders";
    public static final String SYMBOL_MARKS_STORE = "symbol-marks";
    public static final String TIERS_STORE = "tiers-global";

    static final String DEAD_LETTER = "dead-letter-sink";
    static final String RISK = "account-risk-sink";
    static final String ALERTS = "margin-alerts-sink";
    static final String HOLDINGS = "holdings-by-symbol-sink";
    static final String FANOUT = "marks-by-account-sink";
    static final String TIERS_OK = "tiers-validated-sink";

    /** Separator of the holders index key {@code SYMBOL|account}; symbols never contain it. */
    static final char SEP = '|';

    /**
     * Settings of the topology.
     *
     * @param topics       topic names
     * @param persistent   RocksDB stores (true) or in-memory stores (false); both are backed by changelog topics
     * @param alerts       the alert rule's thresholds
     * @param tierRefresh  how often account and symbol processors re-read the global tiers store
     */
    public record Options(Topics topics, boolean persistent, AlertPolicy alerts, Duration tierRefresh) {
        public static Options defaults(String applicationId) {
            return new Options(Topics.defaults(applicationId), true, AlertPolicy.DEFAULT, Duration.ofSeconds(1));
        }

        public Options withPersistent(boolean p) {
            return new Options(topics, p, alerts, tierRefresh);
        }
    }

    private MarginTopology() {
    }

    /** Builds the topology. */
    public static Topology build(Options o) {
        Topics t = o.topics();
        Serde<String> str = Serdes.String();
        Topology top = new Topology();

        // tiers: validate, then feed the global store every task reads
        top.addSource("tiers-source", str.deserializer(), str.deserializer(), t.tiers());
        top.addProcessor("tiers-check", () -> new TiersCheck(t), "tiers-source");
        top.addSink(TIERS_OK, t.tiersValidated(), str.serializer(), str.serializer(), "tiers-check");
        top.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TIERS_STORE), str, str).withLoggingDisabled(),
                "tiers-validated-source", str.deserializer(), str.deserializer(), t.tiersValidated(), "tiers-global-update",
                TiersGlobalUpdate::new);

        // symbol side
        top.addSource("marks-source", str.deserializer(), str.deserializer(), t.marks());
        // internal topics are read as text and parsed in the processor: a poison record is dead-lettered, the thread lives
        top.addSource("holdings-source", str.deserializer(), str.deserializer(), t.holdingsBySymbol());
        top.addProcessor("mark-fanout", () -> new MarkFanout(o), "marks-source");
        top.addProcessor("holding-index", () -> new HoldingIndex(t.holdingsBySymbol()), "holdings-source");
        top.addStateStore(store(o, HOLDERS_STORE, str), "mark-fanout", "holding-index");
        top.addStateStore(store(o, SYMBOL_MARKS_STORE, Json.state(MarkTick.class)), "mark-fanout", "holding-index");
        top.addSink(FANOUT, t.marksByAccount(), str.serializer(), writer(Json.STATE), "mark-fanout", "holding-index");

        // account side
        top.addSource("positions-source", str.deserializer(), str.deserializer(), t.positions());
        top.addSource("account-marks-source", str.deserializer(), str.deserializer(), t.marksByAccount());
        top.addProcessor("position-events", () -> new PositionEvents(o), "positions-source");
        top.addProcessor("account-mark", () -> new AccountMark(o), "account-marks-source");
        top.addStateStore(store(o, ACCOUNTS_STORE, new AccountStateSerde()), "position-events", "account-mark");
        top.addStateStore(store(o, EVENT_IDS_STORE, Serdes.Long()), "position-events");
        top.addSink(HOLDINGS, t.holdingsBySymbol(), str.serializer(), writer(Json.STATE), "position-events");
        top.addSink(RISK, t.accountRisk(), str.serializer(), writer(Json.OUTPUT), "position-events", "account-mark");
        top.addSink(ALERTS, t.marginAlerts(), str.serializer(), writer(Json.OUTPUT), "position-events", "account-mark");

        top.addSink(DEAD_LETTER, t.deadLetter(), str.serializer(), writer(Json.OUTPUT),
                "tiers-check", "mark-fanout", "holding-index", "position-events", "account-mark");
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
    /** Base of the processors: dead-lettering and the tiers snapshot. */
    abstract static class Base<V> implements Processor<String, V, String, Object> {
        ProcessorContext<String, Object> ctx;
        final TierCatalog catalog = TierCatalog.bundled();
        private KeyValueStore<String, String> tiers;

        void initBase(ProcessorContext<String, Object> context, Duration refresh) {
            ctx = context;
            tiers = context.getStateStore(TIERS_STORE);
            catalog.refresh(tiers);
            context.schedule(refresh, PunctuationType.WALL_CLOCK_TIME, now -> catalog.refresh(tiers));
        }

        void refreshTiers() {
            catalog.refresh(tiers);
        }

        void deadLetter(Record<String, ?> in, String topic, String field, String reason) {
            Object v = in.value();
            String text = v == null ? null : v instanceof String s ? s : String.valueOf(v);
            ctx.forward(new Record<String, Object>(in.key(), new DeadLetter(topic, in.key(), text, field, reason, in.timestamp()),
                    in.timestamp()), DEAD_LETTER);
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
                String symbol = r.key().trim().toUpperCase(java.util.Locale.ROOT);
                if (r.value() != null) {
                    var parsed = TierCatalog.parse(r.value());
                    if (parsed.size() != 1 || !parsed.containsKey(symbol)) {
                        throw new InvalidInputException("symbol", "the record holds tiers of " + parsed.keySet() + ", its key is " + symbol);
                    }
                }
                ctx.forward(new Record<String, Object>(symbol, r.value(), r.timestamp()), TIERS_OK);
            } catch (RuntimeException e) {
                DeadLetter d = e instanceof InvalidInputException iie
                        ? new DeadLetter(topics.tiers(), r.key(), r.value(), iie.field(), iie.getMessage(), r.timestamp())
                        : new DeadLetter(topics.tiers(), r.key(), r.value(), "value", String.valueOf(e.getMessage()), r.timestamp());
                ctx.forward(new Record<String, Object>(r.key(), d, r.timestamp()), DEAD_LETTER);
            }
        }
    }

    /** Keeps the global tiers store: symbol → validated leverageBracket JSON (null deletes). */
    static final class TiersGlobalUpdate implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

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
        }
    }

    /**
     * Symbol side, on a tick: drop it when malformed (dead letter) or not newer than the symbol's last tick, else
     * send it to each holder of the symbol — a prefix scan of the holders index, so the work is proportional to
     * the number of holders.
     */
    static final class MarkFanout extends Base<String> {
        private final Options o;
        private KeyValueStore<String, String> holders;
        private KeyValueStore<String, MarkTick> latest;

        MarkFanout(Options o) {
            this.o = o;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            initBase(context, o.tierRefresh());
            holders = context.getStateStore(HOLDERS_STORE);
            latest = context.getStateStore(SYMBOL_MARKS_STORE);
        }

        @Override
        public void process(Record<String, String> r) {
            MarkTick tick;
            try {
                tick = MarkTick.parse(r.key(), r.value(), r.timestamp());
                if (!catalog.instruments().contains(tick.symbol())) {
                    catalog.instruments().get(tick.symbol());
                }
            } catch (RuntimeException e) {
                deadLetter(r, o.topics().marks(), e);
                return;
            }
            MarkTick last = latest.get(tick.symbol());
            if (last != null && tick.eventTime() <= last.eventTime()) {
                return; // out of order or repeated: the symbol already has a newer (or this) mark
            }
            latest.put(tick.symbol(), tick);
            try (KeyValueIterator<String, String> it = holders.prefixScan(tick.symbol() + SEP, Serdes.String().serializer())) {
                while (it.hasNext()) {
                    ctx.forward(new Record<String, Object>(it.next().value, tick, r.timestamp()), FANOUT);
                }
            }
        }
    }

    /** Symbol side, on a holding change: maintain the holders index; a new holder gets the symbol's latest tick. */
    static final class HoldingIndex implements Processor<String, String, String, Object> {
        private final String topic;
        private ProcessorContext<String, Object> ctx;
        private KeyValueStore<String, String> holders;
        private KeyValueStore<String, MarkTick> latest;

        HoldingIndex(String topic) {
            this.topic = topic;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            ctx = context;
            holders = context.getStateStore(HOLDERS_STORE);
            latest = context.getStateStore(SYMBOL_MARKS_STORE);
        }

        @Override
        public void process(Record<String, String> r) {
            Holding h;
            try {
                h = internal(r.value(), Holding.class);
            } catch (RuntimeException e) {
                ctx.forward(new Record<String, Object>(r.key(), new DeadLetter(topic, r.key(), r.value(), "value",
                        "unreadable internal record: " + e.getMessage(), r.timestamp()), r.timestamp()), DEAD_LETTER);
                return;
            }
            String key = h.symbol() + SEP + h.account();
            if (!h.holds()) {
                holders.delete(key);
                return;
            }
            holders.put(key, h.account());
            MarkTick last = latest.get(h.symbol());
            if (last != null) {
                ctx.forward(new Record<String, Object>(h.account(), last, r.timestamp()), FANOUT);
            }
        }
    }

    /** Account side, on a position event: dedupe by id, apply, re-price, alert, publish holding changes. */
    static final class PositionEvents extends Base<String> {
        private final Options o;
        private KeyValueStore<String, AccountState> accounts;
        private KeyValueStore<String, Long> seen;

        PositionEvents(Options o) {
            this.o = o;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            initBase(context, o.tierRefresh());
            accounts = context.getStateStore(ACCOUNTS_STORE);
            seen = context.getStateStore(EVENT_IDS_STORE);
        }

        @Override
        public void process(Record<String, String> r) {
            PositionEvent e;
            AccountEngine.Outcome out;
            String idKey;
            try {
                e = PositionEvent.parse(r.key(), r.value(), r.timestamp());
                idKey = r.key() + SEP + e.eventId();
                if (seen.get(idKey) != null) {
                    return; // redelivered: already applied, changes nothing
                }
                if (e.symbol() != null && !catalog.instruments().contains(e.symbol())) {
                    refreshTiers(); // a symbol whose tiers arrived since the last periodic refresh
                }
                out = AccountEngine.applyPosition(r.key(), accounts.get(r.key()), e, catalog.instruments(), o.alerts());
            } catch (RuntimeException ex) {
                deadLetter(r, o.topics().positions(), ex);
                return;
            }
            seen.put(idKey, e.eventTime());
            accounts.put(r.key(), out.state());
            emit(ctx, r, out);
            for (Holding h : out.holdings()) {
                ctx.forward(new Record<String, Object>(h.symbol(), h, r.timestamp()), HOLDINGS);
            }
        }
    }

    /** Account side, on a tick fanned out to this account: re-price with the latest marks of all its symbols. */
    static final class AccountMark extends Base<String> {
        private final Options o;
        private KeyValueStore<String, AccountState> accounts;

        AccountMark(Options o) {
            this.o = o;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            initBase(context, o.tierRefresh());
            accounts = context.getStateStore(ACCOUNTS_STORE);
        }

        @Override
        public void process(Record<String, String> r) {
            AccountEngine.Outcome out;
            try {
                MarkTick tick = internal(r.value(), MarkTick.class);
                out = AccountEngine.applyMark(r.key(), accounts.get(r.key()), tick, catalog.instruments(), o.alerts());
            } catch (RuntimeException ex) {
                deadLetter(r, o.topics().marksByAccount(), ex);
                return;
            }
            if (out == null) {
                return;
            }
            accounts.put(r.key(), out.state());
            emit(ctx, r, out);
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
                    + io.perpguard.data.io.Excerpt.of(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    static void emit(ProcessorContext<String, Object> ctx, Record<String, ?> in, AccountEngine.Outcome out) {
        ctx.forward(new Record<String, Object>(in.key(), out.risk(), in.timestamp()), RISK);
        for (MarginAlert a : out.alerts()) {
            ctx.forward(new Record<String, Object>(in.key(), a, in.timestamp()), ALERTS);
        }
    }

}
