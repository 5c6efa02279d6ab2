package io.perpguard.layering;

import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonArrayFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonMapFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonObjectFormatVisitor;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.perpguard.app.json.Json;
import io.perpguard.data.json.JsonInput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One concept, one name (docs/DESIGN.md, "Field names"): no JSON perpguard writes or documents uses a spelling in the
 * table's "not" column. Walks, through Jackson's own serializers (mix-ins, ignorals, unwrapping and {@code @JsonValue}
 * applied), every record of the front ends (cli included: {@code watch --json}) and the use-case layer and every type they carry; the desk's OpenAPI
 * description; and the figures of {@code check --json}'s rules (a map, invisible to the walk), from a real run.
 */
class JsonFieldNamesTest {
    static final Path DESIGN = Path.of("../docs/DESIGN.md");
    /** A table row of the section: | `name`[, `name`] | meaning | `not`, `not` | */
    static final Pattern ROW = Pattern.compile("^\\|\\s*(`[^|]+)\\|.*\\|([^|]*)\\|\\s*$");
    static final Pattern NAME = Pattern.compile("`([A-Za-z_]+)`");

    /**
     * Names outside the rule, each with its reason: a wire format others already produce or consume, or a record that is
     * never written as JSON. Class simple name + "." + field.
     */
    static final Map<String, String> KEPT = Map.of(
            "Book.entry", "cascade's LiquidationLadder.Book (per-level arrays inside a scenario; cascade is not renamed here)",
            "MarkUpdate.mark", "live's parsed venue tick (wire in, never written as JSON)",
            "MarkPath.mark", "sim's path record, never written",
            "MarketContext.mark", "core's market bars inside the check request, never written",
            "FundingHistory.rate", "data's funding series (arrays), read from the venue's files, never written",
            "TradePlan.entry", "core's plan record, read by PlanJson/PlanBody from entryPrice, never written");

    /** Times outside the suffix rule, with the reason. */
    static final Map<String, String> KEPT_TIMES = Map.of(
            "TradeRecord.entryTime", "a long in the record, written as ISO-8601 text by Json's mix-in",
            "TradeRecord.exitTime", "a long in the record, written as ISO-8601 text by Json's mix-in");

    /** rejected spelling → canonical name, from the section's table. */
    static Map<String, String> documentedSynonyms() throws IOException {
        List<String> lines = Files.readAllLines(DESIGN);
        int from = lines.indexOf("### Field names (JSON)");
        assertThat(from).as("docs/DESIGN.md has the section Field names (JSON)").isGreaterThan(0);
        Map<String, String> out = new TreeMap<>();
        for (int i = from + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (!row.matches()) {
                continue;
            }
            List<String> canonical = names(row.group(1));
            for (String bad : names(row.group(2))) {
                out.put(bad, canonical.get(0));
            }
        }
        assertThat(out).as("synonyms listed in docs/DESIGN.md").hasSizeGreaterThan(20);
        return out;
    }

    static List<String> names(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyJsonFieldName_isTheDocumentedOne() throws Exception {
        Map<String, String> not = documentedSynonyms();
        Map<String, Set<String>> where = new TreeMap<>();
        walkRecords(where);
        assertThat(where).as("field names found by the walk").hasSizeGreaterThan(300).containsKeys("entryPrice", "markPrice", "qty");
        openApi(where);
        checkValues(where);
        List<String> bad = new ArrayList<>();
        where.forEach((name, in) -> {
            if (not.containsKey(name)) {
                for (String w : in) {
                    if (!KEPT.containsKey(w.replaceAll(" .*", ""))) {
                        bad.add(w + ": '" + name + "' — the documented name is '" + not.get(name) + "'");
                    }
                }
            }
        });
        assertThat(bad).as("JSON field names outside docs/DESIGN.md's vocabulary").isEmpty();
        List<String> times = new ArrayList<>();
        for (String t : TIMES) {
            if (!KEPT_TIMES.containsKey(t.replaceAll(" .*", ""))) {
                times.add(t);
            }
        }
        assertThat(times).as("times: epoch milliseconds end in Ms, an ISO-8601 text does not (docs/DESIGN.md, Field names)").isEmpty();
        Set<String> timesSeen = new HashSet<>();
        TIMES.forEach(t -> timesSeen.add(t.replaceAll(" .*", "")));
        assertThat(timesSeen).as("every kept time exception still exists").containsAll(KEPT_TIMES.keySet());
        Set<String> seen = new HashSet<>();
        where.values().forEach(in -> in.forEach(w -> seen.add(w.replaceAll(" .*", ""))));
        assertThat(seen).as("every kept exception still exists (drop it when its record is renamed)").containsAll(KEPT.keySet());
    }

    /** Keys shown in the docs' JSON (README, docs/*.md, docs/examples) that are in the "not" column, with the reason. */
    static final Map<String, String> KEPT_IN_DOCS = Map.of(
            "docs/desk.md: entry", "the example of a body refused for saying entry",
            "docs/examples/replay-plan.json: entry", "replay's order plan: its entry order, \"market\" or a limit price (docs/stops.md)",
            "docs/examples/replay-plan-coinm.json: entry", "the same order plan on a coin-margined contract (docs/stops.md)");
    static final Pattern KEY = Pattern.compile("\"([A-Za-z_]+)\"\\s*:");

    /** The JSON the docs show uses the documented names too. */
    @Test
    void theDocsShowTheDocumentedNames() throws IOException {
        Map<String, String> not = documentedSynonyms();
        List<Path> files = new ArrayList<>(List.of(Path.of("../README.md")));
        try (var s = Files.list(Path.of("../docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (var s = Files.list(Path.of("../docs/examples"))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        List<String> bad = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (Path f : files) {
            String name = Path.of("..").relativize(f).toString();
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = KEY.matcher(lines.get(i));
                while (m.find()) {
                    if (not.containsKey(m.group(1))) {
                        if (KEPT_IN_DOCS.containsKey(name + ": " + m.group(1))) {
                            kept.add(name + ": " + m.group(1));
                        } else {
                            bad.add(name + ":" + (i + 1) + ": '" + m.group(1) + "' — the documented name is '" + not.get(m.group(1)) + "'");
                        }
                    }
                }
            }
        }
        assertThat(files).as("documents read").hasSizeGreaterThan(10);
        assertThat(bad).as("JSON in the docs with a name outside docs/DESIGN.md's vocabulary").isEmpty();
        assertThat(kept).as("every kept docs exception still exists").containsAll(KEPT_IN_DOCS.keySet());
    }

    /** The body readers' suggestions (JsonInput.RENAMED) are the documented ones. */
    @Test
    void bodyReaders_suggestTheDocumentedName() throws IOException {
        Map<String, String> not = documentedSynonyms();
        JsonInput.RENAMED.forEach((old, name) -> assertThat(not.get(old)).as("docs/DESIGN.md lists '" + old + "' as not '" + name + "'").isEqualTo(name));
    }

    /** Every record of app, server, live, stream and cli (main code), walked through Jackson's serializers. */
    static void walkRecords(Map<String, Set<String>> where) throws JsonMappingException {
        Set<JavaType> seen = new HashSet<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.perpguard")) {
            String p = c.getPackageName();
            if (c.isRecord() && List.of("io.perpguard.app", "io.perpguard.server", "io.perpguard.live", "io.perpguard.stream", "io.perpguard.cli").stream()
                    .anyMatch(r -> p.equals(r) || p.startsWith(r + "."))) {
                walk(Json.MAPPER.constructType(c.reflect()), where, seen);
            }
        }
    }

    static final Set<String> TIMES = new TreeSet<>();

    static void walk(JavaType t, Map<String, Set<String>> where, Set<JavaType> seen) throws JsonMappingException {
        if (!seen.add(t) || t.getRawClass().getName().startsWith("java.")) {
            if (t.isContainerType() && t.getContentType() != null) {
                walk(t.getContentType(), where, seen);
            }
            return;
        }
        Json.MAPPER.acceptJsonFormatVisitor(t, new JsonFormatVisitorWrapper.Base() {
            @Override
            public JsonObjectFormatVisitor expectObjectFormat(JavaType type) {
                return new JsonObjectFormatVisitor.Base(getProvider()) {
                    @Override
                    public void property(BeanProperty prop) throws JsonMappingException {
                        optionalProperty(prop);
                    }

                    @Override
                    public void optionalProperty(BeanProperty prop) throws JsonMappingException {
                        String at = type.getRawClass().getSimpleName() + "." + prop.getName() + " (" + type.getRawClass().getName() + ")";
                        where.computeIfAbsent(prop.getName(), k -> new TreeSet<>()).add(at);
                        JavaType pt = prop.getType().isArrayType() || prop.getType().isCollectionLikeType() ? prop.getType().getContentType() : prop.getType();
                        Class<?> raw = pt.getRawClass();
                        boolean number = raw.isPrimitive() && raw != boolean.class && raw != char.class || Number.class.isAssignableFrom(raw);
                        if (prop.getName().endsWith("Ms") != number && (prop.getName().endsWith("Ms") || prop.getName().endsWith("Time"))) {
                            TIMES.add(at + (number ? ": a number without the Ms suffix" : ": Ms but not a number"));
                        }
                        walk(prop.getType(), where, seen);
                    }
                };
            }

            @Override
            public JsonArrayFormatVisitor expectArrayFormat(JavaType type) {
                content(type);
                return null;
            }

            @Override
            public JsonMapFormatVisitor expectMapFormat(JavaType type) {
                content(type);
                return null;
            }

            private void content(JavaType type) {
                try {
                    if (type.getContentType() != null) {
                        walk(type.getContentType(), where, seen);
                    }
                } catch (JsonMappingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** The property names of the desk's OpenAPI description (bodies and answers). */
    static void openApi(Map<String, Set<String>> where) throws IOException {
        try (InputStream in = JsonFieldNamesTest.class.getResourceAsStream("/io/perpguard/server/openapi.json")) {
            assertThat(in).as("the desk's openapi.json on the class path").isNotNull();
            keys(Json.MAPPER.readTree(in), "openapi.json", where, true);
        }
    }

    /** {@code check --json} for the guide's traders: the rules' figures are a map keyed by name. */
    static void checkValues(Map<String, Set<String>> where) throws IOException {
        for (String plan : List.of("trader-a.json", "trader-b.json")) {
            StringWriter out = new StringWriter();
            var cl = io.perpguard.cli.PerpguardCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(new StringWriter()));
            cl.execute("check", "--plan", "../docs/examples/" + plan, "--candles", "../samples/candles/BTCUSDT-1h-futures-2023.csv", "--json");
            JsonNode r = Json.MAPPER.readTree(out.toString());
            assertThat(r.get("rules")).as("check --json of " + plan).isNotEmpty();
            keys(r, "check --json " + plan, where, false);
        }
    }

    static void keys(JsonNode n, String source, Map<String, Set<String>> where, boolean propertiesOnly) {
        if (n.isArray()) {
            n.forEach(e -> keys(e, source, where, propertiesOnly));
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (propertiesOnly && f.getKey().equals("properties") && f.getValue().isObject()) {
                    // a property marked deprecated is an old name the desk still reads (a plan's entry and mark), listed so
                    // clients see it is deprecated: not a name the vocabulary offers
                    f.getValue().fields().forEachRemaining(p -> {
                        if (!p.getValue().path("deprecated").asBoolean(false)) {
                            where.computeIfAbsent(p.getKey(), x -> new TreeSet<>()).add(source);
                        }
                    });
                } else if (!propertiesOnly) {
                    where.computeIfAbsent(f.getKey(), x -> new TreeSet<>()).add(source);
                }
                keys(f.getValue(), source, where, propertiesOnly);
            }
        }
    }
}
