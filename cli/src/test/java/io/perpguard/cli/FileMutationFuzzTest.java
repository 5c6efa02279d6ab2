package io.perpguard.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of file a command reads (candles, funding and journal CSV; account, portfolio, plan, cascade scenario and
 * cascade event JSON), each a valid
 * file mutated one way at a random row and column. Two outcomes only:
 * <ul>
 * <li>what a trader's tools write is read as the original — a UTF-8 byte order mark, CRLF or CR line ends, a blank line,
 * a quoted or space-padded CSV number: the same output, byte for byte;</li>
 * <li>anything else is exit 2 and one line naming the file, the line (CSV: the mutated row's) and the field or column:
 * wrong column counts, a cut row, a byte that is not UTF-8, huge, too-small, negative or empty numbers, rows out of
 * order, a header again mid-file; in JSON a cut file, a quoted number, a second value, a comment.</li>
 * </ul>
 * CliFuzzTest covers whole bad files (empty, binary, missing) per option; this one covers damage inside a good file.
 */
class FileMutationFuzzTest {
    static final Path ROOT = AcceptanceSweepTest.ROOT;

    /** A file kind: its name, its valid text, the command reading it ({@code @} = the file), the cells a mutation may hit. */
    record Kind(String name, String text, String command, int[] numberColumns) {
        boolean csv() {
            return name.endsWith(".csv");
        }
    }

    static final List<Kind> KINDS = loadKinds();

    static List<Kind> loadKinds() {
        try {
            String candles = String.join("\n", Files.readAllLines(ROOT.resolve("samples/candles/BTCUSDT-1h-futures-2023.csv")).subList(0, 201)) + "\n";
            String funding = String.join("\n", Files.readAllLines(ROOT.resolve("samples/funding/BTCUSDT-funding.csv")).subList(0, 121)) + "\n";
            Path ex = ROOT.resolve("docs/examples");
            Path cascade = ROOT.resolve("data/src/main/resources/io/perpguard/data/cascade");
            return List.of(
                    new Kind("BTCUSDT-1h.csv", candles, "stops --candles @ --entry 17000 --side long", new int[]{1, 2, 3, 4, 5}),
                    new Kind("BTCUSDT-funding.csv", funding, "funding --notional 1000 --rate 0.0001 --leverage 10 --symbol BTCUSDT --history @",
                            new int[]{1}),
                    new Kind("journal.csv", Files.readString(ex.resolve("week1.csv")), "kelly --journal @", new int[]{3, 4}),
                    new Kind("account.json", Files.readString(ex.resolve("account.json")), "portfolio --account @", new int[0]),
                    new Kind("subaccounts.json", Files.readString(ex.resolve("portfolio-subaccounts.json")), "portfolio --account @", new int[0]),
                    new Kind("plan.json", Files.readString(ex.resolve("trader-b.json")), "check --plan @", new int[0]),
                    new Kind("scenario.json", Files.readString(cascade.resolve("mar-2020.json")), "cascade --scenario @", new int[0]),
                    new Kind("event.json", Files.readString(cascade.resolve("events/mar-2020.json")), "cascade --event @", new int[0]));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<Kind> kinds() {
        return Arbitraries.of(KINDS);
    }

    @Provide
    Arbitrary<String> harmless() {
        return Arbitraries.of("bom", "crlf", "cr", "blank", "quoted", "padded");
    }

    @Provide
    Arbitrary<String> damaging() {
        return Arbitraries.of("extraColumn", "missingColumn", "cutRow", "notUtf8", "huge", "overflow", "underflow", "negative", "empty",
                "outOfOrder", "headerAgain");
    }

    @Provide
    Arbitrary<String> damagingJson() {
        return Arbitraries.of("cut", "notUtf8", "quotedNumber", "secondValue", "comment", "hugeNumber", "tinyNumber");
    }

    /** What a spreadsheet, Notepad or another OS writes: read as the original, the same output byte for byte. */
    @Property(tries = 60)
    void test_harmlessDifferences_areReadAsTheOriginal(@ForAll("kinds") Kind kind, @ForAll("harmless") String how,
                                                       @ForAll @IntRange(min = 1, max = 1000) int at) throws IOException {
        net.jqwik.api.Assume.that(kind.csv() || how.equals("bom") || how.equals("crlf") || how.equals("cr"));
        harmless(kind, how, at);
    }

    /**
     * The cascade's scenario and event files, every way at once (the properties draw among every kind): harmless
     * differences read as the original, each damage one line naming the file and the field or place — a price of 1e300
     * was run, a field's error named no file, nesting 5,000 deep quoted the parser's settings.
     */
    @net.jqwik.api.Example
    void test_cascadeScenarioAndEventFiles_everyHarmlessDifferenceAndEveryDamage() throws IOException {
        for (Kind kind : KINDS.stream().filter(k -> k.command().startsWith("cascade")).toList()) {
            for (String how : List.of("bom", "crlf", "cr")) {
                harmless(kind, how, 7);
            }
            for (String how : List.of("cut", "notUtf8", "quotedNumber", "secondValue", "comment", "hugeNumber", "tinyNumber", "e300", "deep",
                    "misspelled", "duplicateKey", "array")) {
                damagedJson(kind, how);
            }
        }
    }

    private void harmless(Kind kind, String how, int at) throws IOException {
        Path dir = Files.createTempDirectory("pg-mut");
        try {
            Path f = dir.resolve(kind.name());
            Files.writeString(f, kind.text());
            CliRun original = run(kind, f);
            assertThat(original.exit()).as(original.err()).isIn(0, 1);
            List<String> lines = lines(kind.text());
            int row = 1 + at % (lines.size() - 1);
            byte[] mutated = switch (how) {
                case "bom" -> concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, kind.text().getBytes(StandardCharsets.UTF_8));
                case "crlf" -> (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
                case "cr" -> (String.join("\r", lines) + "\r").getBytes(StandardCharsets.UTF_8);
                case "blank" -> join(insert(lines, row, ""));
                case "quoted" -> join(withCell(lines, row, column(kind, at), c -> "\"" + c + "\""));
                default -> join(withCell(lines, row, column(kind, at), c -> " " + c + " "));
            };
            Files.write(f, mutated);
            CliRun r = run(kind, f);
            assertThat(r.err()).as("%s %s row %d", kind.name(), how, row).isEqualTo(original.err());
            assertThat(r.exit()).isEqualTo(original.exit());
            assertThat(r.out()).as("%s %s row %d", kind.name(), how, row).isEqualTo(original.out());
        } finally {
            delete(dir);
        }
    }

    /** Damage inside a CSV row: exit 2, one line naming the file, that row's line number and the column. */
    @Property(tries = 80)
    void test_damagedCsvRow_isRefused_namingFileLineAndColumn(@ForAll("kinds") Kind kind, @ForAll("damaging") String how,
                                                              @ForAll @IntRange(min = 1, max = 1000) int at) throws IOException {
        net.jqwik.api.Assume.that(kind.csv());
        Path dir = Files.createTempDirectory("pg-mut");
        try {
            Path f = dir.resolve(kind.name());
            List<String> lines = lines(kind.text());
            int row = 2 + at % (lines.size() - 3);   // a data row with one before and one after it
            int col = column(kind, at);
            String header = lines.get(0);
            String[] names = header.split(",");
            String expectField = names[col].trim();
            String expectLine = "line " + (row + 1);
            byte[] mutated;
            switch (how) {
                case "extraColumn" -> {
                    mutated = join(set(lines, row, lines.get(row) + ",7"));
                    expectField = null;   // the row is at fault, not a column
                }
                case "missingColumn", "cutRow" -> {
                    String[] cells = lines.get(row).split(",", -1);
                    // the journal's last column (fee) and the funding file's mark price are optional: cut a required one
                    int keep = how.equals("cutRow") ? Math.max(1, col) : col;
                    mutated = join(set(lines, row, String.join(",", Arrays.copyOf(cells, keep))));
                    expectField = null;
                }
                case "notUtf8" -> {
                    byte[] before = join(lines.subList(0, row));
                    byte[] bad = (lines.get(row) + "\n").getBytes(StandardCharsets.UTF_8);
                    byte[] withFf = concat(Arrays.copyOf(bad, 2), concat(new byte[]{(byte) 0xFF}, Arrays.copyOfRange(bad, 2, bad.length)));
                    mutated = concat(before, concat(withFf, join(lines.subList(row + 1, lines.size()))));
                    expectField = null;
                }
                case "huge" -> mutated = join(withCell(lines, row, col, c -> "1e300"));   // a volume too: a traded value beyond 10¹⁵
                case "overflow" -> mutated = join(withCell(lines, row, col, c -> "1e999"));
                case "underflow" -> mutated = join(withCell(lines, row, col, c -> "4.9e-325"));
                case "negative" -> mutated = join(withCell(lines, row, col, c -> c.startsWith("-") ? "-1e300" : "-" + c));
                case "empty" -> mutated = join(withCell(lines, row, col, c -> ""));
                case "outOfOrder" -> {
                    List<String> l = new ArrayList<>(lines);
                    String moved = l.remove(row);
                    l.add(row - 1 > 0 ? row - 1 : row + 1, moved);
                    // the journal pairs fills by time whatever their order (exports list the newest first): not damage there
                    net.jqwik.api.Assume.that(!kind.name().equals("journal.csv"));
                    mutated = join(l);
                    expectField = null;
                }
                default -> {
                    mutated = join(insert(lines, row, header));
                    expectField = null;
                }
            }
            // a funding rate may be negative; a huge negative one is still refused
            net.jqwik.api.Assume.that(!(how.equals("negative") && kind.name().contains("funding") && !lines.get(row).split(",")[col].startsWith("-")));
            Files.write(f, mutated);
            CliRun r = run(kind, f);
            String what = kind.name() + " " + how + " row " + row + " col " + col;
            assertThat(r.exit()).as("%s\n%s%s", what, r.out(), r.err()).isEqualTo(2);
            assertThat(r.err()).as(what).startsWith("error: ").contains(f.toString()).doesNotContain("\tat ").hasLineCount(1);
            if (!how.equals("outOfOrder")) {
                assertThat(r.err()).as(what).contains(expectLine + ":");
            } else {
                assertThat(lineNumber(r.err())).as(what).isBetween(row, row + 2);
            }
            if (expectField != null) {
                assertThat(r.err().toLowerCase(java.util.Locale.ROOT).replace(' ', '_')).as(what)
                        .containsAnyOf(expectField.toLowerCase(java.util.Locale.ROOT), "rate", "'" + expectField + "'");
            }
            assertThat(r.err()).as(what).doesNotContain("Infinity").doesNotContain("E300").doesNotContain("must be greater than 0 \n");
        } finally {
            delete(dir);
        }
    }

    /** Damage inside a JSON file: exit 2, one line naming the file and the field, or the line and column of the damage. */
    @Property(tries = 40)
    void test_damagedJson_isRefused_namingFileAndFieldOrPlace(@ForAll("kinds") Kind kind, @ForAll("damagingJson") String how)
            throws IOException {
        net.jqwik.api.Assume.that(!kind.csv());
        damagedJson(kind, how);
    }

    private void damagedJson(Kind kind, String how) throws IOException {
        Path dir = Files.createTempDirectory("pg-mut");
        try {
            Path f = dir.resolve(kind.name());
            String t = kind.text();
            Matcher number = Pattern.compile("\"(qty|entryPrice|walletBalance|equity|price)\"\\s*:\\s*([0-9.]+)").matcher(t);
            assertThat(number.find()).isTrue();
            String field = number.group(1);
            String expect;
            byte[] mutated;
            switch (how) {
                case "cut" -> {
                    mutated = t.substring(0, t.length() / 2).getBytes(StandardCharsets.UTF_8);
                    expect = "malformed JSON at line ";
                }
                case "notUtf8" -> {
                    int i = t.indexOf('"', t.indexOf(':'));
                    int lineNo = (int) t.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
                    mutated = concat(t.substring(0, i + 1).getBytes(StandardCharsets.UTF_8),
                            concat(new byte[]{(byte) 0xC3}, t.substring(i + 1).getBytes(StandardCharsets.UTF_8)));
                    expect = "line " + lineNo + ": not UTF-8 text";
                }
                case "quotedNumber" -> {
                    mutated = replaceAt(t, number, "\"" + number.group(2) + "\"");
                    expect = field + ": \"" + number.group(2) + "\" is a string";
                }
                case "secondValue" -> {
                    mutated = (t + "\n{}\n").getBytes(StandardCharsets.UTF_8);
                    expect = "holds one JSON value";
                }
                case "comment" -> {
                    mutated = ("// my " + kind.name() + "\n" + t).getBytes(StandardCharsets.UTF_8);
                    expect = "(JSON has no comments)";
                }
                case "hugeNumber" -> {
                    mutated = replaceAt(t, number, "1" + "0".repeat(400));
                    expect = field + ": 1000000000";
                }
                case "e300" -> {   // finite, far past any price or size
                    mutated = replaceAt(t, number, "1e300");
                    expect = field + ": 1e300 ";
                }
                case "deep" -> {
                    mutated = replaceAt(t, number, "[".repeat(5000) + "]".repeat(5000));
                    expect = "arrays and objects nested more than 1000 deep";
                }
                case "misspelled" -> {
                    mutated = (t.substring(0, number.start(1)) + field + "x" + t.substring(number.end(1))).getBytes(StandardCharsets.UTF_8);
                    expect = field + "x: unknown field (did you mean '" + field + "'?)";
                }
                case "duplicateKey" -> {
                    mutated = (t.substring(0, number.start(1) - 1) + "\"" + field + "\": 1, " + t.substring(number.start(1) - 1))
                            .getBytes(StandardCharsets.UTF_8);
                    expect = "Duplicate field '" + field + "'";
                }
                case "array" -> {
                    mutated = replaceAt(t, number, "[1]");
                    expect = field + ": [1] is not a number";
                }
                default -> {
                    mutated = replaceAt(t, number, "1e-999");
                    expect = field + ": 1e-999 is out of range: closer to 0";
                }
            }
            Files.write(f, mutated);
            CliRun r = run(kind, f);
            String what = kind.name() + " " + how;
            assertThat(r.exit()).as("%s\n%s%s", what, r.out(), r.err()).isEqualTo(2);
            assertThat(r.err()).as(what).startsWith("error: ").contains(f.toString()).contains(expect).hasLineCount(1)
                    .doesNotContain("Feature").doesNotContain("com.fasterxml").doesNotContain("StreamReadConstraints").doesNotContain("\tat ");
        } finally {
            delete(dir);
        }
    }

    private static CliRun run(Kind kind, Path f) {
        return CliRun.of(Arrays.stream(kind.command().split(" ")).map(a -> a.replace("@", f.toString())).toArray(String[]::new));
    }

    private static int column(Kind kind, int at) {
        return kind.numberColumns().length == 0 ? 0 : kind.numberColumns()[at % kind.numberColumns().length];
    }

    private static int lineNumber(String err) {
        Matcher m = Pattern.compile("line (\\d+)").matcher(err);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static List<String> insert(List<String> lines, int at, String line) {
        List<String> l = new ArrayList<>(lines);
        l.add(at, line);
        return l;
    }

    private static List<String> set(List<String> lines, int at, String line) {
        List<String> l = new ArrayList<>(lines);
        l.set(at, line);
        return l;
    }

    private static List<String> withCell(List<String> lines, int row, int col, java.util.function.UnaryOperator<String> f) {
        String[] cells = lines.get(row).split(",", -1);
        cells[col] = f.apply(cells[col]);
        return set(lines, row, String.join(",", cells));
    }

    private static byte[] join(List<String> lines) {
        return lines.isEmpty() ? new byte[0] : (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceAt(String t, Matcher m, String value) {
        return (t.substring(0, m.start(2)) + value + t.substring(m.end(2))).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void delete(Path dir) throws IOException {
        try (var w = Files.walk(dir)) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
