package io.perpguard.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An input the margin mode does not use is refused, never priced without it: {@code calc --wallet 100} on an isolated
 * position printed the same liquidation price as without it, and a cross position's {@code --margin-added 500}
 * (or {@code marginAdded} in an account file) left its liquidation price where it was.
 */
class IgnoredOptionsTest {
    private static final String[] POSITION = {"calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10"};

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("wallet on an isolated position", new String[]{"--wallet", "100"}, "error: wallet: ", "cross"),
                Arguments.of("wallet on an explicitly isolated position", new String[]{"--margin-mode", "isolated", "--wallet", "100"},
                        "error: wallet: ", "cross"),
                Arguments.of("margin added to a cross position", new String[]{"--margin-mode", "cross", "--wallet", "10000", "--margin-added", "500"},
                        "error: margin-added: ", "isolated"),
                Arguments.of("margin removed from a cross position", new String[]{"--margin-mode", "cross", "--wallet", "10000", "--margin-added", "-500"},
                        "error: margin-added: ", "isolated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void test_anOptionTheMarginModeIgnores_isRefused_inOneLine(String what, String[] extra, String start, String names) {
        String[] args = Stream.concat(Stream.of(POSITION), Stream.of(extra)).toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(what + ": " + r.out()).isEqualTo(2);
        assertThat(r.err()).startsWith(start).contains(names).hasLineCount(1).doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("isolated, margin added", new String[]{"--margin-added", "500"}),
                Arguments.of("cross with its wallet", new String[]{"--margin-mode", "cross", "--wallet", "10000"}),
                Arguments.of("cross, margin added 0", new String[]{"--margin-mode", "cross", "--wallet", "10000", "--margin-added", "0"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void test_theOptionsEachModeUses_stillPrice(String what, String[] extra) {
        String[] args = Stream.concat(Stream.of(POSITION), Stream.of(extra)).toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(what + ": " + r.err()).isZero();
        assertThat(r.out()).contains("liquidation price");
    }

    @ParameterizedTest(name = "marginAdded {0} on a cross position of an account file")
    @MethodSource("addedToCross")
    void test_marginAddedOnACrossPositionOfAnAccount_isRefused_namingThePosition(double added) throws IOException {
        Path file = Files.createTempFile("cross-added", ".json");
        try {
            Files.writeString(file, "{\"walletBalance\":10000,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.5,"
                    + "\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\",\"markPrice\":61000,\"marginAdded\":" + added + "}]}");
            CliRun r = CliRun.of("calc", "--account", file.toString());
            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: positions[0].marginAdded: ").contains("isolated").hasLineCount(1);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Stream<Double> addedToCross() {
        return Stream.of(5000.0, -100.0);
    }
}
