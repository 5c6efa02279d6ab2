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
 * read as. So is one too small for a double to hold its digits ({@code 1e-999}, {@code 4.9e-325} read as 0; the
 * subnormal {@code 1e-310}) — never "0 must be greater than 0". Every decimal option of every command, a shock, a
 * query-like list and a candle cell.
 */
class OutOfRangeNumbersTest {
    @TempDir
    Path dir;

    @Test
    void test_everyDecimalOption_of1e999_isOutOfRange_asTyped() {
        CommandLine root = PerpguardCommand.commandLine();
        List<String> checked = new ArrayList<>();
        walk(root, new ArrayList<>(), checked, "1e999", "beyond ±1.79769e308");
        assertThat(checked).as("decimal options checked").hasSizeGreaterThan(60).contains("calc --entry", "stops --entry", "size --risk-pct");
    }

    @Test
    void test_everyDecimalOption_ofANumberTooSmallForADouble_isOutOfRange_asTyped_notZero() {
        List<String> checked = new ArrayList<>();
        walk(PerpguardCommand.commandLine(), new ArrayList<>(), checked, "1e-999", "closer to 0 than ±2.22507e-308");
        assertThat(checked).as("decimal options checked").hasSizeGreaterThan(60).contains("calc --entry", "size --equity");
        for (String tiny : List.of("1e-999", "4.9e-325", "-1e-310")) {   // read as 0; a subnormal (hexadecimal is no number: TypedNumbersTest)
            CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", tiny, "--qty", "1", "--leverage", "10");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("error: Invalid value for option '--entry': '" + tiny + "' is out of range: closer to 0 than "
                    + "±2.22507e-308, less than any field takes (write 0 for zero) (see 'perpguard calc --help')\n");
        }
        // zero written any way is still 0, and the smallest normal double is a number like any other
        CliRun zero = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "0e-999", "--qty", "1", "--leverage", "10");
        assertThat(zero.err()).contains("0 must be greater than 0");
        CliRun normal = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10",
                "--margin-mode", "cross", "--wallet", "2.3e-308");
        assertThat(normal.err()).doesNotContain("out of range");
    }

    private void walk(CommandLine cl, List<String> path, List<String> checked, String value, String range) {
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            Class<?> t = o.type();
            Class<?> element = o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : t;
            if (!(t == double.class || t == Double.class || (o.isMultiValue() && (element == Double.class || element == double.class)))) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add(o.longestName());
            args.add(value);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            String shown = String.join(" ", args);
            assertThat(r.exit()).as(shown).isEqualTo(2);
            assertThat(r.err()).as(shown).startsWith("error: ").contains("'" + value + "' is out of range: " + range).contains(o.longestName())
                    .doesNotContain("Infinity").doesNotContain("must be greater than 0").hasLineCount(1);
            checked.add(String.join(" ", path) + " " + o.longestName());
        }
        for (var sub : cl.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().name().equals("help") || !sub.getKey().equals(sub.getValue().getCommandName())) {
                continue;   // aliases are the same command
            }
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            walk(sub.getValue(), p, checked, value, range);
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
    void test_aShockOf1e_999_isOutOfRange_asTyped() throws Exception {
        Path acct = dir.resolve("a.json");
        Files.writeString(acct, """
                {"walletBalance": 10000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 0.1, "entryPrice": 60000, "leverage": 10, "marginMode": "cross"}]}
                """);
        CliRun r = CliRun.of("portfolio", "--account", acct.toString(), "--shock", "BTCUSDT=1e-999");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: shock.BTCUSDT: '1e-999' is out of range: closer to 0 than ±2.22507e-308, less than any field "
                + "takes (write 0 for zero)\n");
    }

    @Test
    void test_aCandleCellOf1e999_isOutOfRange_asWritten() throws Exception {
        for (String cell : List.of("1e999", "1e-999")) {
            Path candles = dir.resolve("BTCUSDT-1h.csv");
            StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
            for (int i = 0; i < 40; i++) {
                csv.append(1_700_000_000_000L + i * 3_600_000L).append(",100,101,99,").append(i == 39 ? cell : "100").append(",10\n");
            }
            Files.writeString(candles, csv);
            CliRun r = CliRun.of("stops", "--candles", candles.toString(), "--side", "long", "--entry", "100");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("line 41").contains("'" + cell + "' is out of range").doesNotContain("Infinity").hasLineCount(1);
        }
    }

    @Test
    void test_anAccountFileFigureOf1e_999_isOutOfRange_namingTheField() throws Exception {
        Path acct = dir.resolve("a.json");
        Files.writeString(acct, """
                {"walletBalance": 10000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 1e-999, "entryPrice": 60000, "leverage": 10, "marginMode": "cross"}]}
                """);
        CliRun r = CliRun.of("portfolio", "--account", acct.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("positions[0].qty: 1e-999 is out of range: closer to 0 than ±2.22507e-308").hasLineCount(1);
    }
}
