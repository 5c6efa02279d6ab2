package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * End to end against a real single-node KRaft broker in this JVM: topics created by {@link StreamApp}, the
 * application run by {@link KafkaStreams} with exactly_once_v2, load from {@link LoadGenerator}, outputs read
 * committed. Also records a load run: the time the book of position events takes to be published, then (ticks sent
 * once it is) events in, re-pricings, alerts, p50/p99 latency tick-send → risk-read.
 * Tagged {@code broker}: {@code mvn -B -pl stream -am verify -Pbroker-e2e}.
 */
@Tag("broker")
class BrokerEndToEndTest {
    private static final int ACCOUNTS = Integer.getInteger("perpguard.e2e.accounts", 300);
    private static final int TICKS = Integer.getInteger("perpguard.e2e.ticks", 90);
    private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("perpguard.e2e.rate", "2"));

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void test_endToEnd_realBroker_goldenAccountDeadLetterAndLoadRun() throws Exception {
        try (InProcessKafka kafka = InProcessKafka.start(dir.resolve("kafka"))) {
            String app = "perpguard-e2e";
            Topics t = Topics.defaults(app);
            StreamApp.ensureTopics(kafka.bootstrapServers, t, 2, (short) 1);
            Properties config = StreamApp.config(kafka.bootstrapServers, app, 1, dir.resolve("state"));
            // every re-pricing published: the test follows single ticks (conflation as the command's default)
            KafkaStreams ks = StreamApp.start(config, MarginTopology.Options.defaults(app).withPublishStep(0));
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers);
                 KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers, t)) {
                waitRunning(ks);
                long t0 = System.currentTimeMillis();
                // golden account (DESIGN.md account file) + one malformed event
                send(producer, t.positions(), "golden", "{\"eventId\":\"g1\",\"type\":\"wallet-transfer\",\"amount\":10000}");
                send(producer, t.positions(), "golden", "{\"eventId\":\"g2\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\","
                        + "\"qty\":0.5,\"price\":60000,\"leverage\":20,\"marginMode\":\"cross\"}");
                send(producer, t.positions(), "golden", "{\"eventId\":\"g3\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":-1}");
                // the book
                String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
                double[] price = {60000, 3000, 150};
                long events = 3;
                for (LoadGenerator.Event e : LoadGenerator.accounts(ACCOUNTS, symbols, price, 3, TierTables.bundled(), 3, t0)) {
                    send(producer, t.positions(), e.key(), e.value());
                    events++;
                }
                producer.flush();
                // the book published (one account-risk record per valid position event; g3 goes to the dead letters)
                // before the first tick: a tick sent earlier waits behind the book and measures the start-up backlog
                // (the stream's first seconds: its first transactions, cold code), not tick -> account-risk
                Map<Long, Long> sentAt = new HashMap<>();
                Collector out = new Collector(t, sentAt);
                long bookUntil = System.currentTimeMillis() + 120_000;
                while (out.bookRecords < events - 1) {
                    assertThat(System.currentTimeMillis()).as("book published: %d of %d records", out.bookRecords, events - 1).isLessThan(bookUntil);
                    out.take(consumer.poll(Duration.ofMillis(100)));
                }
                long bookMs = System.currentTimeMillis() - t0;
                // ticks, paced; first BTC tick at 61000 prices the golden account; outputs are read while sending
                SplittableRandom rnd = new SplittableRandom(5);
                long start = System.nanoTime();
                for (int k = 0; k < TICKS; k++) {
                    int s = k % symbols.length;
                    price[s] = k == 0 ? 61000 : price[s] * (1 + 0.004 * (rnd.nextDouble() * 2 - 1.05));
                    long eventTime = t0 + 1000L + k;
                    sentAt.put(eventTime, System.currentTimeMillis());
                    send(producer, t.marks(), symbols[s], String.format(Locale.ROOT,
                            "{\"markPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}", price[s], eventTime));
                    long due = start + (long) ((k + 1) / TICKS_PER_SECOND * 1e9);
                    producer.flush();
                    long wait;
                    while ((wait = due - System.nanoTime()) > 1_000_000) {
                        out.take(consumer.poll(Duration.ofNanos(wait)));
                    }
                }
                producer.flush();
                events += TICKS;

                // read until the outputs go quiet
                long quietSince = System.currentTimeMillis();
                while (System.currentTimeMillis() - quietSince < 8_000) {
                    if (out.take(consumer.poll(Duration.ofMillis(500))) > 0) {
                        quietSince = System.currentTimeMillis();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                List<Double> latencies = out.latencies;
                long repricings = out.repricings, alerts = out.alerts;
                List<JsonNode> deadLetters = out.deadLetters;
                JsonNode golden = out.golden;

                assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d.get("field").asText()).isEqualTo("qty"));
                assertThat(golden).as("golden account re-priced at the first BTC tick").isNotNull();
                AccountReport calc = MarginCalculator.evaluate(AccountFile.parse(JsonInput.parse("account", """
                        {"walletBalance": 10000, "positions": [{"symbol": "BTCUSDT", "side": "long", "qty": 0.5, "entryPrice": 60000,
                          "leverage": 20, "marginMode": "cross", "positionSide": "both", "markPrice": 61000}]}""")), TierTables.bundled());
                assertThat(golden.get("positions").get(0).get("liquidationPrice").asDouble())
                        .isEqualTo(calc.positions().get(0).liquidationPrice());
                assertThat(golden.get("marginRatio").asDouble()).isCloseTo(calc.marginRatio(), offset(1e-12));
                assertThat(repricings).isGreaterThan(TICKS);

                double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "e2e load run (in-process KRaft broker, 1 stream thread, exactly_once_v2, commit " + StreamApp.DEFAULT_COMMIT_MS + " ms, "
                                + "2 partitions): %,d accounts, %,d events in (%,d position events, %,d ticks at %.1f/s), %,d re-pricings, "
                                + "%,d alerts, %d dead letter(s); book of %,d position events sent -> published: %,d ms; "
                                + "latency tick sent -> account-risk read: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d samples, %.0f s)%n",
                        ACCOUNTS, events, events - TICKS, TICKS, TICKS_PER_SECOND, repricings, alerts, deadLetters.size(), events - TICKS,
                        bookMs, pct(lat, 0.5), pct(lat, 0.99), pct(lat, 1), lat.length, seconds);
            } finally {
                ks.close(Duration.ofSeconds(30));
            }
        }
    }

    /** Counts what the application publishes; latency = read time − send time of the tick that triggered it. */
    private static final class Collector {
        final Topics t;
        final Map<Long, Long> sentAt;
        final List<Double> latencies = new ArrayList<>();
        final List<JsonNode> deadLetters = new ArrayList<>();
        long repricings, alerts;
        /** account-risk records of position events (trigger other than a tick). */
        long bookRecords;
        JsonNode golden;

        Collector(Topics t, Map<Long, Long> sentAt) {
            this.t = t;
            this.sentAt = sentAt;
        }

        int take(Iterable<ConsumerRecord<String, String>> records) {
            long now = System.currentTimeMillis();
            int n = 0;
            for (ConsumerRecord<String, String> r : records) {
                n++;
                JsonNode v = TopologyFixture.parse(r.value());
                if (r.topic().equals(t.accountRisk())) {
                    repricings++;
                    if (!v.get("trigger").asText().equals("mark")) {
                        bookRecords++;
                    } else {
                        Long sent = sentAt.get(v.get("eventTimeMs").asLong());
                        if (sent != null) {
                            latencies.add((double) (now - sent));
                        }
                    }
                    if (r.key().equals("golden") && v.get("trigger").asText().equals("mark")
                            && v.get("positions").get(0).get("markPrice").asDouble() == 61000) {
                        golden = v;
                    }
                } else if (r.topic().equals(t.marginAlerts())) {
                    alerts++;
                } else {
                    deadLetters.add(v);
                }
            }
            return n;
        }
    }

    private static double pct(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static void waitRunning(KafkaStreams ks) throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (ks.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.currentTimeMillis()).as("streams running, state " + ks.state()).isLessThan(until);
            Thread.sleep(100);
        }
    }

    private static void send(KafkaProducer<String, String> p, String topic, String key, String value) {
        p.send(new ProducerRecord<>(topic, key, value));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, Topics t) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        c.subscribe(Arrays.asList(t.accountRisk(), t.marginAlerts(), t.deadLetter()));
        return c;
    }
}
