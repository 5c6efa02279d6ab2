package io.perpguard.stream.bench;

import static io.perpguard.stream.bench.BrokerRuns.SYMBOLS;
import static io.perpguard.stream.bench.BrokerRuns.producer;
import static io.perpguard.stream.bench.BrokerRuns.threadMetrics;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.stream.InProcessKafka;
import io.perpguard.stream.LoadGenerator;
import io.perpguard.stream.MarginTopology;
import io.perpguard.stream.StreamApp;
import io.perpguard.stream.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the margin application does while nothing arrives — a risk team's stream between bursts, all night: a
 * single-node KRaft Kafka in this JVM, the application with the command's defaults (exactly_once_v2, commit 50 ms,
 * conflation 100 ms), a small book and a few ticks so every task is running, then {@code idleSeconds} with no record
 * sent. Prints, for the idle window only, Kafka Streams' own stream-thread counters — punctuations (timer callbacks),
 * commits (each an exactly-once transaction with the broker), polls — and the CPU time of the stream threads and of
 * the whole process (broker included).
 * <p>Run: {@code java -cp stream-bench/target/benchmarks.jar io.perpguard.stream.bench.StreamIdleRun [idleSeconds=20]
 * [partitions=2] [accounts=100]}.
 */
public final class StreamIdleRun {

    private StreamIdleRun() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Path dir = Files.createTempDirectory("perpguard-idle");
        try (InProcessKafka kafka = InProcessKafka.start(dir.resolve("kafka"))) {
            String app = "perpguard-idle";
            Topics t = Topics.defaults(app);
            StreamApp.ensureTopics(kafka.bootstrapServers, t, partitions, (short) 1);
            Properties config = StreamApp.config(kafka.bootstrapServers, app, 1, dir.resolve("state"), StreamApp.DEFAULT_COMMIT_MS);
            KafkaStreams ks = StreamApp.start(config, MarginTopology.Options.defaults(app));
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers)) {
                long until = System.currentTimeMillis() + 120_000;
                while (ks.state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
                double[] price = {60_000, 3_000, 150};
                long t0 = System.currentTimeMillis() - 60_000;
                for (LoadGenerator.Event e : LoadGenerator.accounts(accounts, SYMBOLS, price, 3, TierTables.bundled(), 11, t0)) {
                    producer.send(new ProducerRecord<>(t.positions(), e.key(), e.value()));
                }
                // a burst of ticks inside one conflation window: some are held, then applied
                for (int k = 0; k < 30; k++) {
                    String s = SYMBOLS[k % SYMBOLS.length];
                    double p = price[k % SYMBOLS.length] * (1 + 0.001 * k);
                    producer.send(new ProducerRecord<>(t.marks(), s, String.format(Locale.ROOT,
                            "{\"markPrice\":%s,\"indexPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}", p, p, System.currentTimeMillis() + k)));
                }
                producer.flush();
                // settled: no record processed for 5 s in a row
                double processed = -1;
                long quietSince = System.nanoTime();
                while (System.nanoTime() - quietSince < 5e9 && System.currentTimeMillis() < until + 120_000) {
                    double now = threadMetrics(ks).getOrDefault("process-total", 0.0);
                    if (now != processed) {
                        processed = now;
                        quietSince = System.nanoTime();
                    }
                    Thread.sleep(200);
                }
                Map<String, Double> m0 = threadMetrics(ks);
                double streamCpu0 = streamThreadCpu(), cpu0 = processCpu();
                long w0 = System.nanoTime();
                Thread.sleep(idleSeconds * 1000L);
                double wall = (System.nanoTime() - w0) / 1e9;
                Map<String, Double> m1 = threadMetrics(ks);
                double streamCpu = streamThreadCpu() - streamCpu0, cpu = processCpu() - cpu0;
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                System.out.printf(Locale.ROOT, "idle %.1f s, %d partitions, %d records processed before (load average %.1f):%n", wall, partitions,
                        Math.round(m0.getOrDefault("process-total", 0.0)), load);
                for (String k : List.of("punctuate-total", "commit-total", "poll-total", "process-total")) {
                    double d = m1.getOrDefault(k, 0.0) - m0.getOrDefault(k, 0.0);
                    System.out.printf(Locale.ROOT, "  %-16s %8.0f  (%.1f per second)%n", k, d, d / wall);
                }
                System.out.printf(Locale.ROOT, "  stream-thread CPU %.3f s (%.1f ms per second); process CPU %.3f s (%.1f ms per second)%n",
                        streamCpu, streamCpu * 1000 / wall, cpu, cpu * 1000 / wall);
            } finally {
                ks.close(java.time.Duration.ofSeconds(30));
            }
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU seconds of the Kafka Streams stream threads so far. */
    private static double streamThreadCpu() {
        double s = 0;
        for (long id : THREADS.getAllThreadIds()) {
            var info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu > 0 && info.getThreadName().contains("StreamThread")) {
                s += cpu / 1e9;
            }
        }
        return s;
    }

    private static double processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
