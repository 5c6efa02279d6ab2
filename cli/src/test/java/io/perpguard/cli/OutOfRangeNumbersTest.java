package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number too large for a double ({@code 1e999}) is out of range, named as typed — never "Infinity", the value it was
 * read as. Every decimal option of every command, a shock, a query-like list and a candle cell.
 */
class OutOfRangeNumbersTest {
    @TempDir
    Path dir;

    @Test
    void test_everyDecimalOption_of1e999_isOutOfRange_asTyped() {
        CommandLine root = PerpguardCommand.commandLine();
        List<String> checked = new ArrayList<>();
        walk(root, new ArrayList<>(), checked);
        assertThat(checked).as("decimal options checked").hasSizeGreaterThan(60).contains("calc --entry", "stops --entry", "size --risk-pct");
    }

    private void walk(CommandLine cl, List<String> path, List<String> checked) {
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            Class<?> t = o.type();
            Class<?> element = o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : t;
            if (!(t == double.class || t == Double.class || (o.isMultiValue() && (element == Double.class || element == double.class)))) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add(o.longestName());
            args.add("1e999");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            String shown = String.join(" ", args);
            assertThat(r.exit()).as(shown).isEqualTo(2);
            assertThat(r.err()).as(shown).startsWith("error: ").contains("'1e999' is out of range").contains(o.longestName())
                    .doesNotContain("Infinity").hasLineCount(1);
            checked.add(String.join(" ", path) + " " + o.longestName());
        }
        for (var sub : cl.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().name().equals("help") || !sub.getKey().equals(sub.getValue().getCommandName())) {
                continue;   // aliases are the same command
            }
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            walk(sub.getValue(), p, checked);
        }
    }

    @Test
    void test_infinityWrittenOut_isStillNotAFiniteNumber() {
        CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "Infinity", "--qty", "1", "--leverage", "10");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'--entry': 'Infinity' is not a finite number");
    }

    @Test
    void test_aShockOf1e999_isOutOfRange_asTyped() throws Exception {
        Path acct = dir.resolve("a.json");
        Files.writeString(acct, """
                {"walletBalance": 10000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 0.1, "entryPrice": 60000, "leverage": 10, "marginMode": "cross"}]}
                """);
        CliRun r = CliRun.of("portfolio", "--account", acct.toString(), "--shock", "BTCUSDT=1e999");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: shock.BTCUSDT: '1e999' is out of range: beyond ±1.79769e308, more than any field takes\n");
    }

    @Test
    void test_aCandleCellOf1e999_isOutOfRange_asWritten() throws Exception {
        Path candles = dir.resolve("BTCUSDT-1h.csv");
        StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
        for (int i = 0; i < 40; i++) {
            csv.append(1_700_000_000_000L + i * 3_600_000L).append(",100,101,99,").append(i == 39 ? "1e999" : "100").append(",10\n");
        }
        Files.writeString(candles, csv);
        CliRun r = CliRun.of("stops", "--candles", candles.toString(), "--side", "long", "--entry", "100");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'1e999' is out of range").doesNotContain("Infinity").hasLineCount(1);
    }
}
