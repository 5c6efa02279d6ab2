package io.perpguard.stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A single-node KRaft Kafka (broker and controller in one process) started from Kafka's own server classes
 * ({@code kafka_2.13}): storage formatted with {@link Formatter}, then {@link KafkaRaftServer}. No Docker, no download.
 */
public final class InProcessKafka implements AutoCloseable {
    private final KafkaRaftServer server;
    public final String bootstrapServers;

    private InProcessKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the node. KRaft's voter list needs the controller's port before it binds, so ports are picked free and may
     * be taken by another process before Kafka binds them: a bind failure starts again on new ports in a fresh directory.
     */
    public static InProcessKafka start(Path logDir) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnFreePorts(attempt == 1 ? logDir : logDir.resolveSibling(logDir.getFileName() + "-" + attempt));
            } catch (Exception e) {
                if (attempt >= 5 || !boundFailed(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean boundFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static InProcessKafka startOnFreePorts(Path logDir) throws Exception {
        int broker = freePort();
        int controller = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controller);
        p.put("listeners", "PLAINTEXT://localhost:" + broker + ",CONTROLLER://localhost:" + controller);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + broker);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "2");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "2");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
        return new InProcessKafka(server, "localhost:" + broker);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
