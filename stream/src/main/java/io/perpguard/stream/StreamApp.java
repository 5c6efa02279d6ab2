package io.perpguard.stream;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Runs the margin-monitoring topology against a Kafka cluster: builds the configuration (exactly-once v2),
 * creates missing topics with the partition counts co-partitioning needs, and starts {@link KafkaStreams}.
 */
public final class StreamApp {
    private StreamApp() {
    }

    /**
     * The Streams configuration.
     *
     * @param stateDir where RocksDB stores live (null: Kafka's default)
     */
    public static Properties config(String bootstrapServers, String applicationId, int threads, Path stateDir) {
        return config(bootstrapServers, applicationId, threads, stateDir, DEFAULT_COMMIT_MS);
    }

    /** Default commit interval, half Kafka Streams' 100 ms for exactly-once: a tick crosses two commits, and 100 ms put the load run's p99 tick-to-alert over 250 ms (docs/performance.md). */
    public static final int DEFAULT_COMMIT_MS = 50;

    /**
     * The Streams configuration with a commit interval: each commit ends a transaction, so a tick's alert is visible
     * to read_committed consumers after at most two commits (symbol side, then account side).
     */
    public static Properties config(String bootstrapServers, String applicationId, int threads, Path stateDir, int commitMs) {
        if (commitMs < 10 || commitMs > 60_000) {
            throw new InvalidInputException("commit-ms", commitMs + " is outside 10 to 60,000");
        }
        requireBootstrapServers(bootstrapServers);
        Checks.notBlank("applicationId", applicationId);
        if (threads < 1 || threads > 64) {
            throw new InvalidInputException("threads", threads + " is outside 1 to 64");
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        // a record no deserializer can read is logged and skipped instead of stopping the thread (the processors
        // read every topic as text and dead-letter what they cannot parse; this is the backstop for keys)
        p.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        // wall-clock punctuations (the conflation window) run between polls: an idle poll must not hold them back 100 ms
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
        // a standby copy of each store makes fail-over a catch-up, not a full changelog replay
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        if (stateDir != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        return p;
    }

    /**
     * Creates the topics that do not exist yet. Inputs get {@code partitions}; the routing topic
     * {@code marks-by-partition} copies the partition count of {@code positions}, with which it is co-partitioned:
     * each account-side task reads its accounts' events and every tick.
     *
     * @return one line per topic: created or found, with its partitions
     */
    /**
     * Refuses a cluster address that is not HOST:PORT[,HOST:PORT…] before Kafka sees it ({@code nohost} ended in
     * "internal error: KafkaException: Failed to create new KafkaAdminClient").
     */
    static String requireBootstrapServers(String servers) {
        Checks.notBlank("bootstrap-servers", servers);
        for (String s : servers.split(",", -1)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(?:[A-Za-z_]+://)?(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):([0-9]{1,5})\\s*$").matcher(s);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
                throw new InvalidInputException("bootstrap-servers", "'" + Checks.clip(s.strip()) + "' is not HOST:PORT (port 1 to 65,535); "
                        + "e.g. localhost:9092, or several separated by commas");
            }
        }
        return servers;
    }

    public static List<String> ensureTopics(String bootstrapServers, Topics t, int partitions, short replication) {
        requireBootstrapServers(bootstrapServers);
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        List<String> report = new ArrayList<>();
        try (Admin admin = Admin.create(conf)) {
            ensure(admin, t.marks(), partitions, replication, Map.of(), report);
            int positions = ensure(admin, t.positions(), partitions, replication, Map.of(), report);
            Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            ensure(admin, t.tiers(), 1, replication, compact, report);
            ensure(admin, t.tiersValidated(), 1, replication, compact, report);
            ensure(admin, t.accountRisk(), partitions, replication, Map.of(), report);
            ensure(admin, t.marginAlerts(), partitions, replication, Map.of(), report);
            ensure(admin, t.deadLetter(), 1, replication, Map.of(), report);
            int m = ensure(admin, t.marksByPartition(), positions, replication, Map.of(), report);
            if (m != positions) {
                throw new InvalidInputException("partitions", "routing topics are not co-partitioned: " + t.marksByPartition() + " has " + m
                        + " partitions, " + t.positions() + " " + positions + " — recreate the routing topic with the same count");
            }
        }
        return report;
    }

    private static int ensure(Admin admin, String topic, int partitions, short replication, Map<String, String> configs,
                              List<String> report) {
        try {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(new HashMap<>(configs)))).all().get();
                report.add("created " + topic + " (" + partitions + " partitions)");
                return partitions;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw new InvalidInputException("bootstrap-servers", "no Kafka cluster answered within 30 s (" + e.getCause().getMessage() + ")");
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
                }
            }
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            report.add("found " + topic + " (" + d.partitions().size() + " partitions)");
            return d.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Starts the application; the caller closes it. */
    public static KafkaStreams start(Properties config, MarginTopology.Options options) {
        KafkaStreams ks = new KafkaStreams(MarginTopology.build(options), config);
        ks.start();
        return ks;
    }

    /** Closes {@code ks}, waiting at most {@code timeout}. */
    public static void stop(KafkaStreams ks, Duration timeout) {
        ks.close(timeout);
    }
}
