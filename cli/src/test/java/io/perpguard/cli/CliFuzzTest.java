package io.perpguard.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of the CLI: each calculator command with random subsets of its real options and hostile
 * values, account files with random content, and account files with one field misspelled. Exit 0 or 2 only (never
 * an internal error), never a stack trace; a misspelled field is refused and named.
 */
class CliFuzzTest {
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "calc", List.of("--symbol", "--side", "--entry", "--qty", "--notional", "--leverage", "--margin-mode", "--wallet", "--mark", "--margin-added"),
            "tiers", List.of("--symbol", "--sizes", "--leverage", "--entry", "--side"),
            "size", List.of("--equity", "--risk-pct", "--risk-amount", "--entry", "--stop", "--leverage", "--symbol", "--side", "--slippage-pct", "--buffer"),
            "funding", List.of("--notional", "--leverage", "--rate", "--interval", "--symbol", "--side", "--mark", "--drift-rows"),
            "recovery", List.of("--drawdowns", "--win-rate", "--payoff", "--risk-pct", "--ruin-pct", "--trades", "--paths", "--seed"),
            "kelly", List.of("--win-rate", "--payoff", "--fraction", "--cap", "--resamples", "--seed"));

    private static final String POSITION = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1,\"entryPrice\":60000,\"leverage\":10,"
            + "\"marginMode\":\"isolated\",\"positionSide\":\"both\",\"markPrice\":59000,\"marginAdded\":0}";

    @Property(tries = 400)
    void test_randomOptionsAndValues_exit0or2_neverAStackTrace(@ForAll("commandLines") List<String> args) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertWellBehaved(args, r);
    }

    @Property(tries = 60)
    void test_randomAccountFiles_exit0or2(@ForAll("accountTexts") String text, @ForAll boolean portfolio) throws IOException {
        Path f = Files.createTempFile("pg-fuzz", ".json");
        try {
            Files.writeString(f, text);
            List<String> args = portfolio ? List.of("portfolio", "--account", f.toString()) : List.of("calc", "--account", f.toString());
            assertWellBehaved(args, CliRun.of(args.toArray(String[]::new)));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 60)
    void test_misspelledAccountField_isRefusedAndNamed(@ForAll("misspelledPositions") String[] bodyAndWrong) throws IOException {
        Path f = Files.createTempFile("pg-fuzz", ".json");
        try {
            Files.writeString(f, bodyAndWrong[0]);
            CliRun r = CliRun.of("calc", "--account", f.toString());
            assertWellBehaved(List.of("calc", "--account", bodyAndWrong[0]), r);
            assertThat(r.exit()).as(bodyAndWrong[0]).isEqualTo(2);
            assertThat(r.err()).as(bodyAndWrong[0]).contains(bodyAndWrong[1]).contains("unknown field");
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 30)
    void test_nonFiniteNumbers_areRefused_neverReadAsNotGiven(@ForAll("nonFinite") String value, @ForAll("numericOptions") String option) {
        CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10",
                option, value);
        assertThat(r.exit()).as("%s %s: %s", option, value, r.out()).isEqualTo(2);
        // NaN and Infinity written out are not finite numbers; 1e400 is out of range (never echoed as "Infinity")
        assertThat(r.err()).containsAnyOf("finite", "not a number", "out of range");
        if (!value.contains("Infinity")) {
            assertThat(r.err()).doesNotContain("Infinity");
        }
    }

    /**
     * Every command that reads a file, given a bad one in each of its file options (empty, binary, truncated, NaN,
     * misspelled field, out-of-window time, a directory, missing): exit 2 and one short line, never a stack trace.
     * Every pair is tried (exhaustive: 25 × 16 runs, in-process).
     */
    @Property(generation = net.jqwik.api.GenerationMode.EXHAUSTIVE)
    void test_badInputFiles_inEveryFileOption_exit2_oneLine(@ForAll("fileCommands") String template, @ForAll("badFiles") String bad)
            throws IOException {
        // an empty object is a valid policy: every field at its default
        net.jqwik.api.Assume.that(!(template.contains("--policy") && bad.equals("JSON:{}")));
        Path dir = Files.createTempDirectory("pg-fuzz");
        try {
            Path f = dir.resolve(bad.startsWith("DIR") ? "sub" : "bad" + (bad.startsWith("CSV:") ? ".csv" : ".json"));
            if (bad.startsWith("DIR")) {
                Files.createDirectories(f);
            } else if (bad.startsWith("BIN")) {
                byte[] b = new byte[4096];
                new java.util.Random(bad.hashCode()).nextBytes(b);
                Files.write(f, b);
            } else if (!bad.equals("MISSING")) {
                Files.writeString(f, bad.substring(bad.indexOf(':') + 1));
            }
            String sample = Path.of("..").resolve("samples").toString();
            List<String> args = new ArrayList<>();
            for (String a : template.split(" ")) {
                args.add(a.replace("@", f.toString()).replace("SAMPLES", sample).replace("DOCS", Path.of("..", "docs", "examples").toString())
                        .replace("DB", "jdbc:h2:" + dir.resolve("db").toAbsolutePath()));
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertWellBehaved(args, r);
            assertThat(r.exit()).as("%s (%s)\n%s", args, bad.length() > 60 ? bad.substring(0, 60) : bad, r.out()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as("%s: %s", args, r.err()).isEqualTo(1);
        } finally {
            try (var w = Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<String> fileCommands() {
        String c = "SAMPLES/candles/BTCUSDT-1h-futures-2023.csv", oi = "SAMPLES/oi/BTCUSDT-oi-4h.csv";
        return Arbitraries.of("calc --account @", "portfolio --account @", "simulate --candles @", "simulate --candles " + c + " --funding @",
                "simulate --candles " + c + " --policy @", "stops --candles @ --entry 60000", "replay --candles @ --plan DOCS/replay-plan.json",
                "replay --candles " + c + " --plan @", "check --plan @", "check --plan DOCS/trader-b.json --policy @",
                "check --plan DOCS/trader-b.json --account @", "check --plan DOCS/trader-b.json --candles @", "cascade --scenario @",
                "cascade --event @", "liqmap --candles @ --oi " + oi, "liqmap --candles " + c + " --oi @",
                "funding --notional 1000 --rate 0.0001 --history @", "kelly --journal @", "journal import @ --db DB",
                "tiers --symbol BTCUSDT --tiers @", "tiers --exchange bybit --symbol BTCUSDT --tiers @",
                "tiers --exchange okx --symbol BTC-USDT-SWAP --tiers @", "tiers --exchange xt --symbol BTC_USDT --tiers @",
                "calc --symbol BTCUSDT --side long --entry 60000 --qty 1 --leverage 10 --tiers @", "portfolio --account DOCS/account.json --returns @");
    }

    @Provide
    Arbitrary<String> badFiles() {
        return Arbitraries.of("EMPTY:", "BIN1", "BIN2", "JSON:{\"walletBalance\":NaN}", "JSON:{\"symbol\":\"BTCUSDT\",\"sidee\":\"long\"}",
                "JSON:[1,2", "JSON:null", "JSON:{}", "JSON:[{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"notionalCapp\":1}]}]",
                "CSV:x,y\n1,2\n", "CSV:open_time,open,high,low,close,volume\n1672531200000,NaN,1,1,1,1\n",
                "CSV:open_time,open,high,low,close,volume\n5,1,1,1,1,1\n", "CSV:timestamp,sum_open_interest,sum_open_interest_value\n1e400,1,1\n",
                "CSV:\uFEFF", "DIR", "MISSING");
    }

    /** Values the sweep of every command found accepted or misreported before: each is now a one-line refusal. */
    @Property(tries = 10)
    void test_foundBySweep_hugeOrOutOfWindowValues_exit2(@ForAll("sweepFindings") List<String> args) throws IOException {
        Path empty = Files.createTempDirectory("pg-returns");
        try {
            List<String> a = args.stream().map(x -> x.replace("EMPTYDIR", empty.toString())
                    .replace("DOCS", Path.of("..", "docs", "examples").toString())).toList();
            CliRun r = CliRun.of(a.toArray(String[]::new));
            assertWellBehaved(a, r);
            assertThat(r.exit()).as("%s\n%s", a, r.out()).isEqualTo(2);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    @Provide
    Arbitrary<List<String>> sweepFindings() {
        return Arbitraries.of(List.of("kelly", "--win-rate", "0.5", "--payoff", "1e308"),
                List.of("data", "download", "--symbol", "BTCUSDT", "--from", "0", "--to", "2024-01-02", "--base-url", "http://127.0.0.1:9"),
                List.of("data", "download", "--symbol", "BTCUSDT", "--from", "2024-01-01", "--to", "99999999999", "--base-url", "http://127.0.0.1:9"),
                List.of("stops", "--candles", Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"), "--entry", "20000", "--at", "1"),
                List.of("portfolio", "--account", "DOCS/account.json", "--returns", "EMPTYDIR"),
                List.of("check", "--plan", "DOCS/trader-b.json", "--returns", "EMPTYDIR"));
    }

    @Provide
    Arbitrary<String> nonFinite() {
        return Arbitraries.of("NaN", "nan", "Infinity", "-Infinity", "1e400", "-1e999");
    }

    @Provide
    Arbitrary<String> numericOptions() {
        return Arbitraries.of("--mark", "--margin-added", "--wallet", "--entry", "--leverage");
    }

    private static void assertWellBehaved(List<String> rawArgs, CliRun r) {
        List<String> args = rawArgs.stream().map(a -> a.length() > 80 ? a.substring(0, 40) + "…(" + a.length() + ")" : a).toList();
        assertThat(r.exit()).as("%s\n%s", args, r.err()).isIn(0, 2);
        assertThat(r.err()).as("%s", args).doesNotContain("\tat ").doesNotContain("internal error").doesNotContain("Exception:");
        if (r.exit() == 2) {
            assertThat(r.err().strip().lines().count()).as("%s: %s", args, r.err()).isLessThanOrEqualTo(3);
            assertThat(r.err().length()).as("%s", args).isLessThan(3000);
        }
    }

    //-------------------------------------------------------------------------
    @Provide
    Arbitrary<List<String>> commandLines() {
        return Arbitraries.of(new ArrayList<>(OPTIONS.keySet())).flatMap(cmd -> {
            List<String> opts = OPTIONS.get(cmd);
            Arbitrary<List<String>> pairs = Combinators.combine(Arbitraries.of(opts), values()).as(List::of).list().ofMaxSize(8)
                    .map(l -> l.stream().flatMap(List::stream).toList());
            return Combinators.combine(pairs, Arbitraries.of(true, false)).as((p, json) -> {
                List<String> a = new ArrayList<>();
                a.add(cmd);
                a.addAll(p);
                if (json) {
                    a.add("--json");
                }
                return a;
            });
        });
    }

    static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("BTCUSDT", "ETHUSDT", "btcusdt", "NOPE", "long", "short", "cross", "isolated", "8h", "0h", "-1h",
                        "NaN", "Infinity", "-Infinity", "1e308", "-1e308", "4.9e-324", "0", "-0", "-1", "1", "2", "10", "50", "125", "1000",
                        "60000", "59000", "0.0000001", "0.5", "1,2,3", ",,", "", " ", "\u0000", "--json", "x".repeat(10_000),
                        "9999999999999999999999", "0x10", "1_000"),
                Arbitraries.doubles().between(-1e6, 1e6).map(d -> Double.toString(d)),
                Arbitraries.integers().between(-5, 200).map(String::valueOf));
    }

    @Provide
    Arbitrary<String> accountTexts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.of("", "{}", "[]", "null", "{\"walletBalance\":1e308,\"positions\":[]}", "{\"walletBalance\":-1,\"positions\":[" + POSITION + "]}",
                        "{\"walletBalance\":10000,\"positions\":[" + POSITION + "," + POSITION + "]}",
                        "{\"walletBalance\":10000,\"positions\":[" + POSITION.replace("60000", "0.0000001") + "]}",
                        "{\"walletBalance\":10000,\"positions\":[" + POSITION.replace("\"qty\":1", "\"qty\":1e-19") + "]}",
                        "{\"walletBalance\":10000,\"positions\":[" + POSITION.replace("10,", "1e9,") + "]}",
                        "{\"subAccounts\":[{\"name\":\"a\",\"walletBalance\":5,\"positions\":[" + POSITION + "]}]}"),
                CliFuzzTestValues.jsonValues().map(v -> "{\"walletBalance\":" + v + ",\"positions\":[]}"),
                CliFuzzTestValues.jsonValues().map(v -> "{\"walletBalance\":10000,\"positions\":[" + POSITION.replace("59000", v) + "]}"));
    }

    @Provide
    Arbitrary<String[]> misspelledPositions() {
        List<String> fields = List.of("symbol", "side", "qty", "entryPrice", "leverage", "marginMode", "positionSide", "markPrice", "marginAdded");
        return Combinators.combine(Arbitraries.of(fields), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 100))
                .as((f, how, pos) -> {
                    String wrong = switch (how) {
                        case 0 -> f.toLowerCase(java.util.Locale.ROOT).equals(f) ? f + "s" : f.toLowerCase(java.util.Locale.ROOT);
                        case 1 -> f.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT) + (f.matches("[a-z]+") ? "_" : "");
                        case 2 -> f.substring(0, pos % f.length()) + f.substring(pos % f.length() + 1) + "_";
                        default -> f + "z";
                    };
                    return new String[]{"{\"walletBalance\":10000,\"positions\":[" + POSITION.replace("\"" + f + "\":", "\"" + wrong + "\":") + "]}", wrong};
                });
    }

    /** JSON values of every kind, for file fuzzing. */
    static final class CliFuzzTestValues {
        static Arbitrary<String> jsonValues() {
            return Arbitraries.of("null", "true", "\"NaN\"", "NaN", "1e308", "-1", "0", "\"\"", "[]", "{}", "\"lots\"", "1e-320", "123456789012345678901234567890");
        }
    }

    static void write(Path f, String text) {
        try {
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
