package io.perpguard.stream.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What the broker runs ({@link BrokerLoadRun}, {@link StreamIdleRun}) share: the symbols, the producer, the thread metrics. */
final class BrokerRuns {
    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};

    private BrokerRuns() {
    }

    /**
     * The stream threads' totals from Kafka Streams' thread metrics: records processed, commits, and the milliseconds
     * spent committing, polling and processing (each phase's count × its average latency, so approximate).
     */
    static Map<String, Double> threadMetrics(KafkaStreams ks) {
        Map<String, Double> m = new java.util.HashMap<>();
        for (var e : ks.metrics().entrySet()) {
            if (e.getKey().group().equals("stream-thread-metrics") && e.getValue().metricValue() instanceof Number n) {
                double v = n.doubleValue();
                m.merge(e.getKey().name(), Double.isNaN(v) ? 0 : v, e.getKey().name().endsWith("-max") ? Math::max : Double::sum);
            }
        }
        for (String phase : List.of("commit", "poll", "process")) {
            m.put(phase + "-time", m.getOrDefault(phase + "-total", 0.0) * m.getOrDefault(phase + "-latency-avg", 0.0));
        }
        m.putIfAbsent("commit-latency-max", 0.0);
        return m;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
