package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --taker-fee-pct} on every command that pays or prices a taker fee — it was on calc and size only: check
 * (loss at the stop, the risk budget's size), funding and tiers (OKX's fee in the maintenance rate of the liquidation
 * price), replay (every fill), simulate (every simulated fill) and portfolio (OKX's liquidation prices). Each answer
 * moves with it, and a fee out of range is refused in one line naming the option, as calc refuses it.
 */
class TakerFeeOptionTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> commands() throws Exception {
        Path okx = Files.createTempDirectory("okx-account").resolve("okx.json");
        Files.writeString(okx, "{\"exchange\": \"okx\", \"walletBalance\": 10000, \"positions\": [{\"symbol\": \"BTC-USDT-SWAP\", \"side\": \"long\","
                + " \"contracts\": 100, \"entryPrice\": 60000, \"markPrice\": 60000, \"leverage\": 10, \"marginMode\": \"cross\"}]}");
        String candles = Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv");
        return Stream.of(
                Arguments.of("check", new String[]{"check", "--plan", Repo.path("docs/examples/trader-b.json")}, "/sized/qty"),
                Arguments.of("funding", new String[]{"funding", "--exchange", "okx", "--symbol", "BTC-USDT-SWAP", "--contracts", "100", "--leverage", "20",
                        "--rate", "0.0005", "--mark", "60000", "--mmr", "0.004"}, "/liquidationPriceStart"),
                Arguments.of("tiers", new String[]{"tiers", "--exchange", "okx", "--symbol", "BTC-USDT-SWAP", "--sizes", "1", "--leverage", "20",
                        "--entry", "60000", "--mmr", "0.004"}, "/ladder/0/liquidationPrice"),
                Arguments.of("replay", new String[]{"replay", "--candles", candles, "--plan", Repo.path("docs/examples/replay-plan.json")}, null),
                Arguments.of("simulate", new String[]{"simulate", "--candles", candles, "--policy", "b", "--paths", "20", "--horizon", "10d"},
                        "/takerFeePct"),
                Arguments.of("portfolio", new String[]{"portfolio", "--account", okx.toString(), "--mmr", "0.004"}, null));
    }

    static String[] with(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void theFeeMovesTheAnswer_andOneOutOfRangeIsRefused(String name, String[] args, String pointer) throws Exception {
        CliRun usual = CliRun.of(with(args, "--json"));
        CliRun free = CliRun.of(with(args, "--json", "--taker-fee-pct", "0"));
        CliRun dear = CliRun.of(with(args, "--json", "--taker-fee-pct", "0.2"));
        assertThat(usual.exit()).as(usual.err()).isIn(0, 1);
        assertThat(free.exit()).as(free.err()).isIn(0, 1);
        assertThat(dear.exit()).as(dear.err()).isIn(0, 1);
        assertThat(free.out()).as(name + ": a 0 fee changes nothing").isNotEqualTo(usual.out());
        assertThat(dear.out()).as(name + ": a 0.2 % fee changes nothing").isNotEqualTo(usual.out()).isNotEqualTo(free.out());
        if (pointer != null) {
            JsonNode u = usual.json().at(pointer), f = free.json().at(pointer);
            assertThat(u.isMissingNode()).as(pointer).isFalse();
            assertThat(f.asDouble()).as(name + " " + pointer).isNotEqualTo(u.asDouble());
        }
        CliRun bad = CliRun.of(with(args, "--taker-fee-pct", "6"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip()).isEqualTo("error: taker-fee-pct: 6 is outside the allowed range 0 to 5");
    }
}
