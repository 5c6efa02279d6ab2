package io.perpguard.data.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.cascade.BehaviourFit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures docs/cascade.md quotes from the bundled fits are the ones the validation procedure computes from them: the
 * per-event observed/assumed/fitted table's in-sample and out-of-sample counts, the stated out-of-sample count, the
 * bundled row of "Modelling rounds" and the behaviour table's {@code fits/all.json} column. A change that moves a score
 * or a fitted value without updating the docs fails here.
 */
class CascadeDocsTest {
    private static final Path DOC = Path.of("..", "docs", "cascade.md");
    private static final Path ROUNDS = Path.of("..", "docs", "cascade-rounds.md");
    private static final Pattern COUNT = Pattern.compile("(\\d+)/(\\d+)");

    /** The cells of every table row (lines starting with '|') of the first table after {@code heading}. */
    static List<List<String>> table(String doc, String heading) {
        int at = doc.indexOf("\n" + heading + "\n");
        assertThat(at).as("docs/cascade.md has the heading '%s'", heading).isGreaterThanOrEqualTo(0);
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : doc.substring(at + heading.length() + 2).split("\n", -1)) {
            if (line.startsWith("|")) {
                in = true;
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1)) {
                    cells.add(c.trim());
                }
                if (!cells.get(0).startsWith("---")) {
                    rows.add(cells);
                }
            } else if (in) {
                break;
            } else if (line.startsWith("#")) {
                break;
            }
        }
        assertThat(rows).as("a table under '%s'", heading).hasSizeGreaterThan(1);
        return rows.subList(1, rows.size());   // the header row is not data
    }

    static String count(BehaviourFit.Score s) {
        return s.inside() + "/" + s.total();
    }

    static String cellCount(String cell, String where) {
        Matcher m = COUNT.matcher(cell.replace("*", ""));
        assertThat(m.matches()).as("%s: '%s' is a count N/M", where, cell).isTrue();
        return m.group(1) + "/" + m.group(2);
    }

    @Test
    void perEventTable_countsAreWhatTheValidationComputesFromTheBundledFits() throws IOException {
        String doc = Files.readString(DOC);
        List<BehaviourFit.Row> rows = CascadeValidationTest.bundledRows();
        List<List<String>> table = table(doc, "### What is observed, assumed and fitted, per event");

        List<String> documented = new ArrayList<>();
        List<String> total = null;
        for (List<String> r : table) {
            if (r.get(0).equals("all")) {
                total = r;
            } else {
                documented.add(r.get(0).replace("`", ""));
            }
        }
        assertThat(documented).as("events of the per-event table, in the order --validate prints them")
                .containsExactlyElementsOf(rows.stream().map(BehaviourFit.Row::event).toList());
        for (BehaviourFit.Row row : rows) {
            List<String> r = table.stream().filter(c -> c.get(0).equals("`" + row.event() + "`")).findFirst().orElseThrow();
            assertThat(r.get(1)).as("%s kind", row.event()).isEqualTo(row.kind());
            assertThat(cellCount(r.get(2), row.event() + " in sample")).as("%s in sample", row.event()).isEqualTo(count(row.inSample()));
            assertThat(cellCount(r.get(3), row.event() + " out of sample")).as("%s out of sample", row.event()).isEqualTo(count(row.outSample()));
        }
        Totals t = Totals.of(rows);
        assertThat(total).as("the per-event table's 'all' row").isNotNull();
        assertThat(cellCount(total.get(2), "all in sample")).as("all, in sample").isEqualTo(t.in);
        assertThat(cellCount(total.get(3), "all out of sample")).as("all, out of sample").isEqualTo(t.out);
    }

    @Test
    void statedScore_andTheBundledRoundRow_areWhatTheBundledFitsScore() throws IOException {
        String doc = Files.readString(DOC);
        Totals t = Totals.of(CascadeValidationTest.bundledRows());
        int[] stated = CascadeValidationTest.documented();
        assertThat(stated[0] + "/" + stated[1]).as("'Out-of-sample: **N/M bands inside**' is the bundled fits' count").isEqualTo(t.out);

        List<List<String>> rounds = table(doc, "### Modelling rounds");
        List<List<String>> bundled = rounds.stream().filter(r -> r.get(5).contains("the bundled fits")).toList();
        assertThat(bundled).as("one row of 'Modelling rounds' is marked 'the bundled fits'").hasSize(1);
        List<String> r = bundled.get(0);
        assertThat(cellCount(r.get(2), "bundled round, in sample")).as("bundled round, in sample").isEqualTo(t.in);
        assertThat(cellCount(r.get(3), "bundled round, out of sample")).as("bundled round, out of sample").isEqualTo(t.out);
        assertThat(r.get(4)).as("bundled round, loss in / out").isEqualTo(t.lossIn + " / " + t.lossOut);
    }

    @Test
    void behaviourTable_allEventsColumn_isFitsAllJsonRoundedToTheDigitsShown() throws IOException {
        JsonNode stored = new ObjectMapper().readTree(Path.of("src", "main", "resources", "io", "perpguard", "data", "cascade",
                "events", "fits", "all.json").toFile()).get("behaviour");
        List<List<String>> table = table(Files.readString(DOC), "### The behaviour set and its fit (`Behaviour`, `BehaviourFit`)");
        Set<String> checked = new LinkedHashSet<>();
        for (List<String> r : table) {
            String name = r.get(0).replace("`", "");
            JsonNode v = stored.get(name);
            if (v == null) {
                continue;   // the variants' fixed parameters are not in the fit file
            }
            BigDecimal shown = new BigDecimal(r.get(4).replace(",", ""));
            BigDecimal halfUlp = BigDecimal.ONE.movePointLeft(Math.max(shown.scale(), 0)).divide(BigDecimal.valueOf(2));
            assertThat(new BigDecimal(v.asText()).subtract(shown).abs())
                    .as("%s: docs show %s, fits/all.json has %s", name, r.get(4), v.asText())
                    .isLessThanOrEqualTo(halfUlp);
            checked.add(name);
        }
        List<String> fitted = new ArrayList<>();
        stored.fieldNames().forEachRemaining(fitted::add);
        assertThat(checked).as("every value of fits/all.json has its row").containsExactlyInAnyOrderElementsOf(fitted);
    }

    @Test
    void everyLinkIntoTheRoundsNotebook_namesAnAnchorThere() throws IOException {
        String rounds = Files.readString(ROUNDS);
        Set<String> anchors = new LinkedHashSet<>();
        Matcher a = Pattern.compile("<a id=\"([a-z0-9-]+)\"></a>").matcher(rounds);
        while (a.find()) {
            anchors.add(a.group(1));
        }
        List<Path> docs = new ArrayList<>(List.of(Path.of("..", "README.md")));
        try (var s = Files.list(Path.of("..", "docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        int links = 0;
        for (Path d : docs) {
            Matcher m = Pattern.compile("cascade-rounds\\.md#([A-Za-z0-9_-]+)").matcher(Files.readString(d));
            while (m.find()) {
                links++;
                assertThat(anchors).as("%s links cascade-rounds.md#%s", d.getFileName(), m.group(1)).contains(m.group(1));
            }
        }
        assertThat(links).as("links into the notebook").isGreaterThan(10);
    }

    /** Totals as {@code cascade --validate} prints them. */
    record Totals(String in, String out, String lossIn, String lossOut) {
        static Totals of(List<BehaviourFit.Row> rows) {
            int ii = 0, it = 0, oi = 0, ot = 0;
            double li = 0, lo = 0;
            for (BehaviourFit.Row r : rows) {
                ii += r.inSample().inside();
                it += r.inSample().total();
                oi += r.outSample().inside();
                ot += r.outSample().total();
                li += r.inSample().loss();
                lo += r.outSample().loss();
            }
            return new Totals(ii + "/" + it, oi + "/" + ot, String.format(Locale.ROOT, "%.2f", li), String.format(Locale.ROOT, "%.2f", lo));
        }
    }
}
