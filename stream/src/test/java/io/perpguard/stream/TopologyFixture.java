package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** A {@link TopologyTestDriver} around the margin topology with input helpers and output readers. */
final class TopologyFixture implements AutoCloseable {
    static final String APP = "perpguard-test";
    static final long T0 = 1_700_000_000_000L;
    static final ObjectMapper READ = new ObjectMapper();

    final TopologyTestDriver driver;
    final Topics topics = Topics.defaults(APP);
    final TestInputTopic<String, String> marks;
    final TestInputTopic<String, String> positions;
    final TestInputTopic<String, String> tiers;
    final TestOutputTopic<String, String> risk;
    final TestOutputTopic<String, String> alerts;
    final TestOutputTopic<String, String> deadLetters;
    private int ids;

    TopologyFixture(Path stateDir, boolean persistent) {
        this(stateDir, MarginTopology.Options.defaults(APP).everyTick().withPersistent(persistent));
    }

    TopologyFixture(Path stateDir, MarginTopology.Options o) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // task-level punctuate-total is a debug metric: tests count the stream's wake-ups with it
        p.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
        driver = new TopologyTestDriver(MarginTopology.build(o), p, Instant.ofEpochMilli(T0));
        var s = Serdes.String();
        marks = driver.createInputTopic(topics.marks(), s.serializer(), s.serializer(), Instant.ofEpochMilli(T0), java.time.Duration.ZERO);
        positions = driver.createInputTopic(topics.positions(), s.serializer(), s.serializer(), Instant.ofEpochMilli(T0), java.time.Duration.ZERO);
        tiers = driver.createInputTopic(topics.tiers(), s.serializer(), s.serializer(), Instant.ofEpochMilli(T0), java.time.Duration.ZERO);
        risk = driver.createOutputTopic(topics.accountRisk(), s.deserializer(), s.deserializer());
        alerts = driver.createOutputTopic(topics.marginAlerts(), s.deserializer(), s.deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter(), s.deserializer(), s.deserializer());
    }

    //-------------------------------------------------------------------------
    void mark(String symbol, double price, long time) {
        marks.pipeInput(symbol, String.format(Locale.ROOT, "{\"markPrice\":%s,\"indexPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}",
                price, price, time));
    }

    String nextId() {
        return "e-" + (++ids);
    }

    void deposit(String account, double amount) {
        event(account, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"wallet-transfer\",\"amount\":%s}", nextId(), amount));
    }

    void open(String account, String symbol, String side, double qty, double price, double leverage, String mode) {
        event(account, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"symbol\":\"%s\",\"side\":\"%s\",\"qty\":%s,"
                + "\"price\":%s,\"leverage\":%s,\"marginMode\":\"%s\"}", nextId(), symbol, side, qty, price, leverage, mode));
    }

    void event(String account, String json) {
        positions.pipeInput(account, json);
    }

    //-------------------------------------------------------------------------
    /** All account-risk records since the last read, parsed. */
    List<JsonNode> readRisk() {
        return parse(risk.readValuesToList());
    }

    /** The latest account-risk record of each account since the last read. */
    Map<String, JsonNode> latestRisk() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (var kv : risk.readKeyValuesToList()) {
            m.put(kv.key, parse(kv.value));
        }
        return m;
    }

    List<JsonNode> readAlerts() {
        return parse(alerts.readValuesToList());
    }

    List<JsonNode> readDeadLetters() {
        return parse(deadLetters.readValuesToList());
    }

    KeyValueStore<String, AccountState> accounts() {
        return driver.getKeyValueStore(MarginTopology.ACCOUNTS_STORE);
    }

    /** Every account state in the store, by account. */
    Map<String, AccountState> accountStates() {
        Map<String, AccountState> m = new java.util.TreeMap<>();
        try (var it = accounts().all()) {
            it.forEachRemaining(kv -> m.put(kv.key, kv.value));
        }
        return m;
    }

    /** Every record written to the changelog topic of {@code store}, folded to the latest value per key (null: deleted). */
    <V> Map<String, V> changelog(String store, org.apache.kafka.common.serialization.Deserializer<V> values) {
        var out = driver.createOutputTopic(APP + "-" + store + "-changelog", Serdes.String().deserializer(), values);
        Map<String, V> m = new java.util.TreeMap<>();
        for (var kv : out.readKeyValuesToList()) {
            if (kv.value == null) {
                m.remove(kv.key);
            } else {
                m.put(kv.key, kv.value);
            }
        }
        return m;
    }

    /** The changelogs of every store of the topology, as a new instance would restore them. */
    Map<String, Map<String, ?>> changelogs() {
        Map<String, Map<String, ?>> m = new LinkedHashMap<>();
        m.put(MarginTopology.ACCOUNTS_STORE, changelog(MarginTopology.ACCOUNTS_STORE, new AccountStateSerde().deserializer()));
        m.put(MarginTopology.EVENT_IDS_STORE, changelog(MarginTopology.EVENT_IDS_STORE, Serdes.Long().deserializer()));
        m.put(MarginTopology.SYMBOL_MARKS_STORE, changelog(MarginTopology.SYMBOL_MARKS_STORE, new MarkTickSerde().deserializer()));
        m.put(MarginTopology.PARTITION_MARKS_STORE, changelog(MarginTopology.PARTITION_MARKS_STORE, new MarkTickSerde().deserializer()));
        m.put(MarginTopology.HELD_MARKS_STORE, changelog(MarginTopology.HELD_MARKS_STORE, new MarkTickSerde().deserializer()));
        m.put(MarginTopology.PARTITION_INDEXES_STORE, changelog(MarginTopology.PARTITION_INDEXES_STORE, new MarkTickSerde().deserializer()));
        return m;
    }

    /** Restores stores from changelog contents (what Kafka Streams does for a task that moves to a new instance). */
    @SuppressWarnings("unchecked")
    void restore(Map<String, Map<String, ?>> changelogs) {
        for (var e : changelogs.entrySet()) {
            KeyValueStore<String, Object> store = driver.getKeyValueStore(e.getKey());
            for (var kv : e.getValue().entrySet()) {
                store.put(kv.getKey(), kv.getValue());
            }
        }
    }

    static JsonNode parse(String json) {
        try {
            return READ.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static List<JsonNode> parse(List<String> values) {
        List<JsonNode> out = new ArrayList<>();
        for (String v : values) {
            out.add(parse(v));
        }
        return out;
    }

    @Override
    public void close() {
        driver.close();
    }
}
