package io.perpguard.stream;

/** Keeps Kafka's client logging (slf4j-simple) to errors on stderr (PERPGUARD_LOG=warn|info for more), so command output stays readable. */
final class Logging {
    private Logging() {
    }

    static void quiet() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getenv().getOrDefault("PERPGUARD_LOG", "error"));
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
