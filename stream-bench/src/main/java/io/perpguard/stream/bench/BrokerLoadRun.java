package io.perpguard.stream.bench;

import static io.perpguard.stream.bench.BrokerRuns.SYMBOLS;
import static io.perpguard.stream.bench.BrokerRuns.producer;
import static io.perpguard.stream.bench.BrokerRuns.threadMetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.stream.InProcessKafka;
import io.perpguard.stream.LoadGenerator;
import io.perpguard.stream.MarginTopology;
import io.perpguard.stream.StreamApp;
import io.perpguard.stream.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load run against a real broker: a single-node KRaft Kafka in this JVM (stream's {@code InProcessKafka}),
 * the margin application on it ({@link StreamApp}, exactly_once_v2, the command's defaults: conflation 100 ms,
 * publish step 0.5 points), {@code accounts} synthetic accounts, then ticks of {@code symbols} real symbols at
 * {@code rate} per second per symbol, sent open-loop on a fixed schedule.
 * <p>Measures <b>tick-to-alert latency</b>: from a tick's <i>scheduled</i> send time (not from when the sender got to
 * it) to the moment a read_committed consumer receives a {@code margin-alerts} record that tick raised (matched by
 * the alert's trigger symbol and event time). Also tick-to-{@code account-risk} latency, re-pricings (the
 * application's {@code account-repricings-total} metric) and the process's CPU time.
 * <p>Prices: each symbol swings ±1.5 % over 40 s with 0.02 % noise per tick, so leveraged accounts keep crossing
 * alert levels.
 * <p>Run: {@code java -cp stream-bench/target/benchmarks.jar io.perpguard.stream.bench.BrokerLoadRun [accounts=10000]
 * [tickSeconds=20] [ticksPerSecondPerSymbol=10] [partitions=2] [threads=1] [commitMs=100] [warmupSeconds=5]} — under 60 s in all on an
 * idle 2-core machine; the warm-up ticks (JIT) are sent the same way but not measured.
 */
public final class BrokerLoadRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrokerLoadRun() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int commitMs = args.length > 5 ? Integer.parseInt(args[5]) : StreamApp.DEFAULT_COMMIT_MS;
        int warmupSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        long wall0 = System.nanoTime();
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path dir = Files.createTempDirectory("perpguard-load");
        try (InProcessKafka kafka = InProcessKafka.start(dir.resolve("kafka"))) {
            String app = "perpguard-load";
            Topics t = Topics.defaults(app);
            StreamApp.ensureTopics(kafka.bootstrapServers, t, partitions, (short) 1);
            Properties config = StreamApp.config(kafka.bootstrapServers, app, threads, dir.resolve("state"), commitMs);
            MarginTopology.Options options = MarginTopology.Options.defaults(app);
            KafkaStreams ks = StreamApp.start(config, options);
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers)) {
                long until = System.currentTimeMillis() + 60_000;
                while (ks.state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
                // the book: one deposit and 1-3 openings per account, all at the start prices
                double[] price = {60_000, 3_000, 150};
                long t0 = System.currentTimeMillis() - 60_000;
                List<LoadGenerator.Event> book = LoadGenerator.accounts(accounts, SYMBOLS, price, 3, TierTables.bundled(), 11, t0);
                double runningSeconds = (System.nanoTime() - wall0) / 1e9;
                Reader reader = new Reader(kafka.bootstrapServers, t);
                reader.start();
                long[] loadCpu0 = threadCpu();
                Map<String, Double> thread0 = threadMetrics(ks);
                long l0 = System.nanoTime();
                for (LoadGenerator.Event e : book) {
                    producer.send(new ProducerRecord<>(t.positions(), e.key(), e.value()));
                }
                producer.flush();
                double sentSeconds = (System.nanoTime() - l0) / 1e9;
                double halfSeconds = Double.NaN;
                while (reader.eventRisks.get() < book.size() && System.nanoTime() - l0 < 30e9) {
                    if (Double.isNaN(halfSeconds) && reader.eventRisks.get() >= book.size() / 2) {
                        halfSeconds = (System.nanoTime() - l0) / 1e9;
                    }
                    Thread.sleep(20);
                }
                double loadSeconds = (System.nanoTime() - l0) / 1e9;
                Map<String, Double> thread1 = threadMetrics(ks);
                String loadThreads = topThreads(loadCpu0);
                double firstSeconds = (reader.firstEventRisk.get() - l0) / 1e9;
                long cpu0 = processCpu();
                long evals0 = metric(ks, MarginTopology.REPRICINGS_METRIC), applied0 = metric(ks, MarginTopology.TICKS_METRIC);

                // ticks, open loop: tick k is due at start + k / (rate × symbols); its event time is its due time
                SplittableRandom rnd = new SplittableRandom(5);
                double[] start = price.clone();
                long[] threadCpu0 = threadCpu();
                int warmup = (int) Math.round(warmupSeconds * rate * SYMBOLS.length);
                int total = warmup + (int) Math.round(seconds * rate * SYMBOLS.length);
                long periodNanos = Math.round(1e9 / (rate * SYMBOLS.length));
                long startNanos = System.nanoTime() + 200_000_000L;
                long startMs = System.currentTimeMillis() + 200;
                for (int k = 0; k < total; k++) {
                    int s = k % SYMBOLS.length;
                    // noise of 0.02 % a tick on a swing of ±1.5 % over 40 s, so leveraged accounts keep crossing alert levels
                    double phase = 2 * Math.PI * k / (rate * SYMBOLS.length * 40) + 2 * s;
                    price[s] = start[s] * (1 + 0.015 * Math.sin(phase)) * (1 + 0.0002 * (rnd.nextDouble() * 2 - 1));
                    long dueNanos = startNanos + k * periodNanos;
                    long eventTime = startMs + k * periodNanos / 1_000_000;
                    if (k == warmup) {
                        cpu0 = processCpu();
                        evals0 = metric(ks, MarginTopology.REPRICINGS_METRIC);
                        applied0 = metric(ks, MarginTopology.TICKS_METRIC);
                        threadCpu0 = threadCpu();
                    }
                    if (k >= warmup) {
                        reader.due.put(SYMBOLS[s] + "@" + eventTime, dueNanos); // measured: the warm-up ticks are not
                    }
                    long wait = dueNanos - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    producer.send(new ProducerRecord<>(t.marks(), SYMBOLS[s],
                            String.format(Locale.ROOT, "{\"markPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}", price[s], eventTime)));
                }
                producer.flush();
                Thread.sleep(3_000);
                reader.stop.set(true);
                reader.join(10_000);
                double tickCpu = (processCpu() - cpu0) / 1e9;
                long evals = metric(ks, MarginTopology.REPRICINGS_METRIC) - evals0;
                long applied = metric(ks, MarginTopology.TICKS_METRIC) - applied0;
                double[] alert = reader.alertLatency.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double[] risk = reader.riskLatency.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, """
                        broker load run (in-process KRaft broker + margin application + clients in one JVM; exactly_once_v2, commit %d ms,
                          %d partition(s), %d stream thread(s), conflation %d ms, publish step %.1f points; %d cores, load average %.1f at start, %.1f at end)
                          book: %,d accounts holding 1-3 of %s, %,d position events loaded in %.1f s (streams RUNNING %.1f s after launch;
                            book sent in %.2f s, first account-risk read at %.2f s, half at %.2f s; stream thread during the load: %,.0f records
                            processed, %,.0f commits taking %.2f s in all (max %.0f ms), %.2f s polling, %.2f s processing, %.2f s blocked on Kafka;
                            CPU by thread: %s)
                          ticks: %,d measured, sent open-loop at %.0f per second per symbol for %d s after %d s of warm-up (%,d applied by account-side tasks after conflation)
                          re-pricings: %,d (%,.0f accounts touched per applied tick); process CPU during ticks %.1f s (broker, application, clients)
                          tick -> margin-alerts record (from the tick's scheduled send time): %,d alerts, p50 %.0f ms, p99 %.0f ms, max %.0f ms   (goal p99 < 250 ms)
                          tick -> account-risk record: %,d records, p50 %.0f ms, p99 %.0f ms
                          whole run %.1f s
                          CPU during ticks by thread: %s; JIT compiling %.1f s, GC %.1f s (whole run)
                        """,
                        commitMs, partitions, threads, options.conflate().toMillis(), options.publishStep() * 100, Runtime.getRuntime().availableProcessors(),
                        load0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        accounts, String.join("/", SYMBOLS), book.size(), loadSeconds, runningSeconds, sentSeconds, firstSeconds, halfSeconds,
                        thread1.get("process-total") - thread0.get("process-total"), thread1.get("commit-total") - thread0.get("commit-total"),
                        (thread1.get("commit-time") - thread0.get("commit-time")) / 1e3, thread1.get("commit-latency-max"),
                        (thread1.get("poll-time") - thread0.get("poll-time")) / 1e3, (thread1.get("process-time") - thread0.get("process-time")) / 1e3,
                        (thread1.getOrDefault("blocked-time-ns-total", 0.0) - thread0.getOrDefault("blocked-time-ns-total", 0.0)) / 1e9, loadThreads, total - warmup, rate, seconds, warmupSeconds, applied,
                        evals, applied == 0 ? 0.0 : (double) evals / applied, tickCpu,
                        alert.length, pct(alert, 0.5), pct(alert, 0.99), pct(alert, 1), risk.length, pct(risk, 0.5), pct(risk, 0.99),
                        (System.nanoTime() - wall0) / 1e9, topThreads(threadCpu0),
                        ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3,
                        ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum() / 1e3);
            } finally {
                ks.close(Duration.ofSeconds(20));
            }
        }
    }

    /** Reads margin-alerts and account-risk (read_committed) and matches each record to its tick's due time. */
    private static final class Reader extends Thread {
        final Map<String, Long> due = new ConcurrentHashMap<>();
        final List<Double> alertLatency = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final List<Double> riskLatency = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final AtomicLong eventRisks = new AtomicLong();
        /** System.nanoTime() when the first account-risk record of a position event was read. */
        final AtomicLong firstEventRisk = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        private final KafkaConsumer<String, String> consumer;
        private final Topics t;

        Reader(String bootstrap, Topics t) {
            super("load-reader");
            this.t = t;
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "load-reader");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(t.marginAlerts(), t.accountRisk()));
            setDaemon(true);
        }

        @Override
        public void run() {
            try (consumer) {
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, String> r : records) {
                        JsonNode v = JSON.readTree(r.value());
                        boolean isAlert = r.topic().equals(t.marginAlerts());
                        String symbol = v.path("triggerSymbol").asText();
                        Long d = due.get(symbol + "@" + v.path("eventTimeMs").asLong());
                        if (!isAlert && !"mark".equals(v.path("trigger").asText())) {
                            firstEventRisk.compareAndSet(0, now);
                            eventRisks.incrementAndGet();
                        } else if (d != null) {
                            (isAlert ? alertLatency : riskLatency).add((now - d) / 1e6);
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long metric(KafkaStreams ks, String name) {
        double sum = 0;
        for (var m : ks.metrics().entrySet()) {
            if (m.getKey().group().equals(MarginTopology.METRICS_GROUP) && m.getKey().name().equals(name)) {
                sum += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return Math.round(sum);
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long[] threadCpu() {
        long[] ids = THREADS.getAllThreadIds();
        long[] out = new long[ids.length * 2];
        for (int i = 0; i < ids.length; i++) {
            out[2 * i] = ids[i];
            out[2 * i + 1] = THREADS.getThreadCpuTime(ids[i]);
        }
        return out;
    }

    /** The threads that used the most CPU since {@code before}, with their seconds. */
    private static String topThreads(long[] before) {
        Map<Long, Long> was = new java.util.HashMap<>();
        for (int i = 0; i < before.length; i += 2) {
            was.put(before[i], before[i + 1]);
        }
        Map<String, Double> byName = new java.util.TreeMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            var info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            String name = info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "").replaceAll("-?\\d+$", "");
            byName.merge(name, (cpu - was.getOrDefault(id, 0L)) / 1e9, Double::sum);
        }
        return byName.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue(), x.getValue())).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
