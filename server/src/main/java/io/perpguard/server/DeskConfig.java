package io.perpguard.server;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.instrument.Instruments;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to run the desk.
 *
 * @param bind         interface to listen on (127.0.0.1 by default: the desk is for the trader's own machine)
 * @param port         TCP port (0: any free port)
 * @param jdbcUrl      database URL
 * @param replaySpeed  replayed hours per real second (0: paused)
 * @param warmup       replay steps kept as history before the first live mark
 * @param alertPolicy  margin-ratio thresholds and fast-rise rule
 * @param instruments  contracts and tiers
 * @param maxBodyBytes largest request body accepted (HTTP 413 above)
 * @param returnsDir   directory of daily candle CSVs (SYMBOL-*.csv) for {@code POST /api/portfolio}'s betas, VaR and
 *                     crash-day scenarios, or null
 * @param simCandles   candle CSV the Monte Carlo survival chart bootstraps ({@code POST /api/survival}); null: the
 *                     replay's own hourly bars
 * @param access       token and extra Host names ({@link DeskAccess}); a non-loopback bind needs a token
 */
public record DeskConfig(String bind, int port, String jdbcUrl, double replaySpeed, int warmup, AlertPolicy alertPolicy,
                         Instruments instruments, long maxBodyBytes, Path returnsDir, Path simCandles, DeskAccess access) {
    /** Default replay: two hours of marks per second, after three days of history. */
    public static final double DEFAULT_SPEED = 2;
    public static final int DEFAULT_WARMUP = 72;
    public static final long DEFAULT_MAX_BODY = 64 * 1024;

    public DeskConfig {
        Checks.notBlank("bind", bind);
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("port", port + " is outside 0 to 65535");
        }
        Checks.notBlank("db", jdbcUrl);
        Checks.inRange("replaySpeed", replaySpeed, 0, MarkFeed.MAX_SPEED);
        Checks.notNull("alertPolicy", alertPolicy);
        Checks.notNull("instruments", instruments);
        if (returnsDir != null && !Files.isDirectory(returnsDir)) {
            throw new InvalidInputException("returns", returnsDir + " is not a directory of daily candle CSVs");
        }
        if (simCandles != null && !Files.isRegularFile(simCandles)) {
            throw new InvalidInputException("sim-candles", simCandles + " is not a candle file");
        }
        access = access == null ? DeskAccess.LOOPBACK : access;
    }

    /** A loopback desk (no token). */
    public DeskConfig(String bind, int port, String jdbcUrl, double replaySpeed, int warmup, AlertPolicy alertPolicy,
                      Instruments instruments, long maxBodyBytes, Path returnsDir, Path simCandles) {
        this(bind, port, jdbcUrl, replaySpeed, warmup, alertPolicy, instruments, maxBodyBytes, returnsDir, simCandles, null);
    }

    /** A desk without a returns directory (portfolio without betas, VaR or crash-day replays). */
    public DeskConfig(String bind, int port, String jdbcUrl, double replaySpeed, int warmup, AlertPolicy alertPolicy,
                      Instruments instruments, long maxBodyBytes) {
        this(bind, port, jdbcUrl, replaySpeed, warmup, alertPolicy, instruments, maxBodyBytes, null, null, null);
    }

    /** The same desk with daily candles for the portfolio endpoint. */
    public DeskConfig withReturns(Path dir) {
        return new DeskConfig(bind, port, jdbcUrl, replaySpeed, warmup, alertPolicy, instruments, maxBodyBytes, dir, simCandles, access);
    }

    /** The same desk with a token and extra Host names. */
    public DeskConfig withAccess(DeskAccess a) {
        return new DeskConfig(bind, port, jdbcUrl, replaySpeed, warmup, alertPolicy, instruments, maxBodyBytes, returnsDir, simCandles, a);
    }

    /** The same desk with a candle file for the Monte Carlo survival chart. */
    public DeskConfig withSimCandles(Path file) {
        return new DeskConfig(bind, port, jdbcUrl, replaySpeed, warmup, alertPolicy, instruments, maxBodyBytes, returnsDir, file, access);
    }
}
