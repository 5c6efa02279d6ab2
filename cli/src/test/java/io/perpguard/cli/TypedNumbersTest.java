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
 * A number is written as a trader writes it — an optional sign, ASCII digits with a decimal point, an optional exponent
 * ({@code 60000}, {@code -0.5}, {@code +20}, {@code .5}, {@code 6e4}) — in every option, file and body, by one reader
 * ({@code Checks.parse}). Java's readers took more: {@code 60000d}, {@code 60000f} and hexadecimal ({@code 0x1p4} = 16)
 * for decimals, digits of other scripts ({@code ١٢٣} = 123) for whole numbers, ids, hours, days and epoch times. Each was
 * priced or run as that number; now exit 2, one line naming the option and how a number is written.
 */
class TypedNumbersTest {
    @TempDir
    Path dir;

    static final String[] CALC = {"calc", "--symbol", "BTCUSDT", "--side", "long", "--qty", "0.01", "--leverage", "10", "--entry"};

    static CliRun calc(String entry, String... more) {
        List<String> a = new ArrayList<>(List.of(CALC));
        a.add(entry);
        a.addAll(List.of(more));
        return CliRun.of(a.toArray(String[]::new));
    }

    @Test
    void test_javaNumberForms_areRefused_namingTheOptionAndHowANumberIsWritten() {
        for (String typed : List.of("60000d", "60000f", "60000D", "0x1p4", "0x10", "١٢٣", "1_000", "60,000", "6e", "--5", "")) {
            CliRun r = calc(typed);
            assertThat(r.exit()).as(typed).isEqualTo(2);
            assertThat(r.err()).as(typed).isEqualTo("error: Invalid value for option '--entry': '" + typed + "' is not a number (write it as "
                    + "digits with an optional sign, decimal point and exponent, e.g. 60000, -0.5, 1e-4) (see 'perpguard calc --help')\n");
        }
    }

    @Test
    void test_plainForms_readAsTheSameNumber_byteForByte() {
        CliRun plain = calc("60000");
        assertThat(plain.exit()).as(plain.err()).isZero();
        for (String same : List.of("+60000", "60000.", "60000.000", "6e4", "6E4", "6e+4", ".6e5", " 60000 ")) {
            CliRun r = calc(same);
            assertThat(r.err()).as(same).isEmpty();
            assertThat(r.out()).as(same).isEqualTo(plain.out());
        }
    }

    /** Every decimal option of every command: 60000d was read as 60000 by each (a price, a size, a rate, a percent). */
    @Test
    void test_everyDecimalOption_refusesAJavaSuffix() {
        List<String> checked = new ArrayList<>();
        walk(PerpguardCommand.commandLine(), new ArrayList<>(), checked);
        assertThat(checked).as("decimal options checked").hasSizeGreaterThan(60).contains("calc --entry", "size --risk-pct", "liqmap --bucket-pct");
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
            args.add("1.5d");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            String shown = String.join(" ", args);
            assertThat(r.exit()).as(shown).isEqualTo(2);
            assertThat(r.err()).as(shown).startsWith("error: ").contains("'1.5d' is not a number").contains(o.longestName()).hasLineCount(1);
            checked.add(String.join(" ", path) + " " + o.longestName());
        }
        for (var sub : cl.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().name().equals("help") || !sub.getKey().equals(sub.getValue().getCommandName())) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            walk(sub.getValue(), p, checked);
        }
    }

    /** {@code new BigDecimal}, {@code Long.parseLong} and {@code Integer.parseInt} read ١٢٣ as 123: a seed, a count, hours, days. */
    @Test
    void test_digitsOfOtherScripts_areNoWholeNumber() {
        assertThat(CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--seed", "١٢٣").err())
                .isEqualTo("error: Invalid value for option '--seed': '١٢٣' is not a whole number (see 'perpguard kelly --help')\n");
        CliRun pivot = CliRun.of("stops", "--candles", AcceptanceSweepTest.ROOT.resolve("samples/candles/BTCUSDT-1h-futures-2023.csv").toString(),
                "--entry", "17000", "--side", "long", "--pivot", "٣");
        assertThat(pivot.exit()).isEqualTo(2);
        assertThat(pivot.err()).contains("'--pivot': '٣' is not a whole number").hasLineCount(1);
        CliRun interval = CliRun.of("funding", "--notional", "1000", "--rate", "0.0001", "--leverage", "10", "--symbol", "BTCUSDT",
                "--interval", "٨h");
        assertThat(interval.exit()).isEqualTo(2);
        assertThat(interval.err()).isEqualTo("error: interval: '٨h' is not an interval; use e.g. 8h, 4h or 1h\n");
        CliRun plus = CliRun.of("funding", "--notional", "1000", "--rate", "0.0001", "--leverage", "10", "--symbol", "BTCUSDT", "--interval", "+8h");
        assertThat(plus.exit()).isEqualTo(2);
    }

    @Test
    void test_aShockInHexadecimal_isNoPercentage() throws Exception {
        CliRun r = CliRun.of("portfolio", "--account", AcceptanceSweepTest.ROOT.resolve("docs/examples/account.json").toString(), "--shock", "0x1p4");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: shock: '0x1p4' is not a percentage (write it as digits with an optional sign and decimal point, "
                + "e.g. -20 or 12.5)\n");
        assertThat(CliRun.of("portfolio", "--account", AcceptanceSweepTest.ROOT.resolve("docs/examples/account.json").toString(), "--shock", "+20%")
                .exit()).isZero();
    }

    /** A candle cell of 17000d or an open time in other digits was read (17000; an epoch): named by line and column now. */
    @Test
    void test_aCandleCellOrTimeInJavaOrOtherDigits_isRefused_namingLineAndColumn() throws Exception {
        String[][] cases = {{"1700000000000", "100d", "open '100d' is not a number"}, {"1700000000000", "0x1p4", "open '0x1p4' is not a number"},
                {"١٧٠٠٠٠٠٠٠٠٠٠٠", "100", "is not a time"}};
        for (String[] c : cases) {
            Path candles = dir.resolve("BTCUSDT-1h.csv");
            StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
            for (int i = 0; i < 40; i++) {
                boolean bad = i == 20;
                csv.append(bad && !c[0].startsWith("1") ? c[0] : Long.toString(1_700_000_000_000L + i * 3_600_000L)).append(',')
                        .append(bad ? c[1] : "100").append(",101,99,100,10\n");
            }
            Files.writeString(candles, csv);
            CliRun r = CliRun.of("stops", "--candles", candles.toString(), "--side", "long", "--entry", "100");
            assertThat(r.exit()).as(c[1]).isEqualTo(2);
            assertThat(r.err()).as(c[1]).contains(candles.toString()).contains("line 22").contains(c[2]).hasLineCount(1);
        }
    }
}
