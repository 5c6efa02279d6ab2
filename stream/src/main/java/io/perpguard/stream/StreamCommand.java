package io.perpguard.stream;

import io.perpguard.app.spi.FrontEndCommand;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code perpguard stream}: runs the margin-monitoring Kafka Streams application against a cluster (see
 * stream/README.md); {@code perpguard stream replay} produces load for it.
 */
@Command(name = "stream", header = "Runs margin monitoring for many accounts on Kafka Streams.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Margin monitoring for many accounts on Kafka Streams: marks x positions -> account-risk, margin-alerts,",
                "dead letters. Creates missing topics, then runs until Ctrl-C (or --duration)."},
        subcommands = {StreamReplayCommand.class})
public final class StreamCommand implements Callable<Integer> {
    /** Adds {@code stream} to {@code ./perpguard} when this module is on the class path. */
    public static final class Plugin implements FrontEndCommand {
        @Override
        public Object command() {
            return new StreamCommand();
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka cluster (required)")
    String bootstrapServers;
    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "perpguard-margin",
            description = "Kafka Streams application id (consumer group, state and routing-topic prefix); default ${DEFAULT-VALUE}")
    String applicationId;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "stream threads; default ${DEFAULT-VALUE}")
    int threads;
    @Option(names = "--partitions", paramLabel = "P", defaultValue = "6",
            description = "partitions of topics this command creates (existing topics are kept); default ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--replication", paramLabel = "R", defaultValue = "1", description = "replication factor of created topics (default ${DEFAULT-VALUE})")
    short replication;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "where the RocksDB stores live (default: Kafka's)")
    Path stateDir;
    @Option(names = "--conflate-ms", paramLabel = "MS", defaultValue = "100",
            description = "per symbol, re-price its holders at most once per MS milliseconds with the newest tick (0: every tick); default ${DEFAULT-VALUE}")
    long conflateMs;
    @Option(names = "--publish-step", paramLabel = "PCT", defaultValue = "0.5",
            description = "publish an account's account-risk record on a tick when its margin ratio moved at least PCT percentage points "
                    + "since its last one (always on position events and alerts; 0: every re-pricing); default ${DEFAULT-VALUE}")
    double publishStepPct;
    @Option(names = "--commit-ms", paramLabel = "MS", defaultValue = "50",
            description = "commit interval: outputs reach read_committed readers at each commit (exactly-once); default ${DEFAULT-VALUE}")
    int commitMs;
    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds (default: run until Ctrl-C)")
    Long duration;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        PrintWriter out = spec.commandLine().getOut();
        io.perpguard.Checks.notBlank("--bootstrap-servers", bootstrapServers);
        Topics topics = Topics.defaults(applicationId);
        if (partitions < 1 || partitions > 10_000) {
            throw new io.perpguard.InvalidInputException("partitions", partitions + " is outside 1 to 10,000");
        }
        // every option is checked before the cluster is contacted: a bad value is a one-line error, not a 30 s timeout
        var config = StreamApp.config(bootstrapServers, applicationId, threads, stateDir, commitMs);
        if (replication < 1 || replication > 32) {
            throw new io.perpguard.InvalidInputException("replication", replication + " is outside 1 to 32");
        }
        if (duration != null && (duration < 1 || duration > 31_536_000L)) {
            throw new io.perpguard.InvalidInputException("duration", duration + " is outside 1 to 31,536,000 seconds");
        }
        if (conflateMs < 0 || conflateMs > 60_000) {
            throw new io.perpguard.InvalidInputException("conflate-ms", conflateMs + " is outside 0 to 60,000");
        }
        if (!(publishStepPct >= 0 && publishStepPct <= 100)) {
            throw new io.perpguard.InvalidInputException("publish-step", publishStepPct + " is outside 0 to 100 (percentage points)");
        }
        MarginTopology.Options options = MarginTopology.Options.defaults(applicationId)
                .withConflate(Duration.ofMillis(conflateMs)).withPublishStep(publishStepPct / 100);
        for (String line : StreamApp.ensureTopics(bootstrapServers, topics, partitions, replication)) {
            out.println("topic: " + line);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        KafkaStreams ks = new KafkaStreams(MarginTopology.build(options), config);
        ks.setStateListener((now, before) -> {
            out.println("state: " + before + " -> " + now);
            out.flush();
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            ks.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "perpguard-stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ks.start();
        out.printf("perpguard stream: application %s on %s, %d thread(s), exactly_once_v2, commit %d ms, conflation %d ms, "
                        + "publish step %s points; reading %s, %s, %s%n",
                applicationId, bootstrapServers, threads, commitMs, conflateMs, io.perpguard.Checks.fmt(publishStepPct), topics.marks(), topics.positions(), topics.tiers());
        out.flush();
        boolean ended = duration == null ? waitForever(stopped) : stopped.await(duration, TimeUnit.SECONDS);
        KafkaStreams.State last = ks.state();
        if (!ended || last.isRunningOrRebalancing()) {
            ks.close(Duration.ofSeconds(30));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting through the hook
        }
        return last == KafkaStreams.State.ERROR ? 3 : 0;
    }

    private static boolean waitForever(CountDownLatch latch) throws InterruptedException {
        latch.await();
        return true;
    }
}
