package io.perpguard.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tier given by hand ({@code --mmr RATE --mm-amount A}) whose amount is more than the maintenance margin it is deducted
 * from, at a price the position is priced at, is refused: {@code calc --mmr 0.01 --mm-amount 1000} on 1 BTC at 60,000
 * printed a maintenance margin of -400 USDT, a margin ratio of -6.67 % and a liquidation price (53,535.4) below the
 * bankruptcy price (54,000); {@code size} with the same tier called a size OK whose liquidation sat 7.85 stop-distances
 * past the stop, and {@code --mm-amount 1e9} showed "no price liquidates it".
 */
class HandTierAmountTest {
    private static final String[] CALC = {"calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10"};
    private static final String[] CALC_SHORT = {"calc", "--symbol", "BTCUSDT", "--side", "short", "--entry", "60000", "--qty", "1", "--leverage", "10"};
    private static final String[] SIZE = {"size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000",
            "--stop", "58400", "--leverage", "10"};
    private static final String[] FUNDING = {"funding", "--symbol", "BTCUSDT", "--notional", "50000", "--leverage", "10", "--rate", "0.0001"};
    private static final String[] CHECK = {"check", "--plan", AcceptanceSweepTest.ROOT.resolve("docs/examples/trader-b.json").toString()};
    private static final String[] REPLAY = {"replay", "--candles", AcceptanceSweepTest.ROOT.resolve("samples/candles/BTCUSDT-1h-futures-2023.csv").toString(),
            "--plan", AcceptanceSweepTest.ROOT.resolve("docs/examples/replay-plan.json").toString()};
    private static final String[] TIERS = {"tiers", "--symbol", "BTCUSDT", "--entry", "60000", "--sizes", "1", "--leverage", "10"};

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(CALC, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}),
                Arguments.of(CALC, new String[]{"--mmr", "0.01", "--mm-amount", "1e9"}),
                // positive at the entry (600 − 590 = 10), negative at the liquidation price the tier would give
                Arguments.of(CALC, new String[]{"--mmr", "0.01", "--mm-amount", "590"}),
                Arguments.of(CALC_SHORT, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}),
                Arguments.of(SIZE, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}),
                Arguments.of(TIERS, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}),
                Arguments.of(FUNDING, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}),
                Arguments.of(CHECK, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}),
                Arguments.of(REPLAY, new String[]{"--mmr", "0.01", "--mm-amount", "1000"}));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void test_anAmountAboveTheMaintenanceMargin_isRefused_namingMmAmount(String[] command, String[] extra) {
        CliRun r = CliRun.of(Stream.concat(Stream.of(command), Stream.of(extra)).toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: mm-amount: ").contains("amount / rate").hasLineCount(1);
        assertThat(r.out()).isEmpty();
    }

    static Stream<Arguments> accepted() {
        // Binance BTCUSDT's tier 2 (0.5 %, 50) given by hand, for sizes it covers (Trader B's 0.116 BTC, 6,960 USDT, a smaller amount)
        return Stream.of(
                Arguments.of(CALC, new String[]{"--mmr", "0.005", "--mm-amount", "50"}),
                Arguments.of(SIZE, new String[]{"--mmr", "0.005", "--mm-amount", "10"}),
                Arguments.of(TIERS, new String[]{"--mmr", "0.005", "--mm-amount", "50"}),
                Arguments.of(FUNDING, new String[]{"--mmr", "0.005", "--mm-amount", "50"}),
                Arguments.of(CHECK, new String[]{"--mmr", "0.005", "--mm-amount", "10"}),
                Arguments.of(REPLAY, new String[]{"--mmr", "0.005", "--mm-amount", "10"}),
                Arguments.of(CALC, new String[]{"--mmr", "0.01"}));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void test_anAmountTheSizeCovers_isPriced(String[] command, String[] extra) {
        CliRun r = CliRun.of(Stream.concat(Stream.of(command), Stream.of(extra)).toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }
}
