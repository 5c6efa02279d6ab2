package io.perpguard.cli;

import io.perpguard.cli.DocExamples.Example;
import io.perpguard.data.store.Database;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code $ ./perpguard ...} example in README.md and docs/*.md, run in-process from the repository root on the
 * shipped files only (docs/examples, samples/, test fixtures) and compared with the output shown, line for line
 * ({@link DocExamples} has the convention). Each document's examples share one fresh data directory (the journal
 * session's later commands see the earlier ones' database); the one normaliser: that directory is printed as the
 * document's {@code example: env PERPGUARD_HOME=V} value V. Runs in the cli module's {@code doc-examples} surefire
 * execution, whose working directory is the repository root (the examples' relative paths).
 */
@EnabledIfSystemProperty(named = "perpguard.docExamples", matches = "true",
        disabledReason = "runs in the cli module's doc-examples execution, from the repository root")
class DocExamplesTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern HEAD = Pattern.compile("^(.*?)\\s*\\|\\s*head -(?:n )?(\\d+)$");

    static List<Path> documents() throws IOException {
        assertThat(ROOT.resolve("README.md")).as("working directory is the repository root").exists();
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @TestFactory
    Stream<DynamicNode> everyDocumentedExample_printsWhatTheDocsShow() throws IOException {
        List<DynamicNode> nodes = new ArrayList<>();
        int run = 0, desk = 0;
        for (Path doc : documents()) {
            DocExamples ex = DocExamples.read(doc);
            if (ex.examples().isEmpty()) {
                continue;
            }
            Session session = new Session(ex);
            List<DynamicTest> tests = new ArrayList<>();
            for (Example e : ex.examples()) {
                run += (e.isPerpguard() || e.isDeskRequest()) && e.skip() == null ? 1 : 0;
                desk += e.isDeskRequest() && e.skip() == null ? 1 : 0;
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(doc) + ":" + e.line() + " " + e.command(), () -> session.check(e)));
            }
            tests.add(DynamicTest.dynamicTest(ROOT.relativize(doc) + ": stop its desk", session::close));
            nodes.add(DynamicContainer.dynamicContainer(ROOT.relativize(doc).toString(), tests));
        }
        System.out.println("DocExamplesTest: " + run + " documented examples run (" + desk + " of them curl requests to a desk)");
        assertThat(run).as("documented examples found").isGreaterThan(30);
        return nodes.stream();
    }

    /** The examples of one file, run in order: a journal session's later commands see the earlier ones' database. */
    static final class Session implements AutoCloseable {
        private final DocExamples doc;
        private Path home;
        private Integer lastExit;
        private DocDesk desk;

        Session(DocExamples doc) {
            this.doc = doc;
        }

        @Override
        public void close() throws InterruptedException {
            if (desk != null) {
                desk.close();
                desk = null;
            }
        }

        void check(Example e) throws IOException, InterruptedException {
            String where = ROOT.relativize(doc.file()) + ":" + e.line();
            if (e.skip() != null) {
                System.out.println("DocExamplesTest: skipped " + where + " `" + e.command() + "`: " + e.skip());
                Assumptions.abort(e.skip());
            }
            if (e.isExitCode()) {
                assertThat(lastExit).as(where + ": `echo $?` after a perpguard example").isNotNull();
                assertThat(List.of(String.valueOf(lastExit))).as(where + ": exit code").isEqualTo(e.shown());
                return;
            }
            if (e.isDeskRequest()) {
                lastExit = null;
                if (desk == null || !desk.args.equals(e.desk())) {
                    close();
                    desk = DocDesk.start(e.desk(), ROOT.resolve("cli/target/doc-examples").resolve(doc.file().getFileName().toString().replace(".md", "") + "-desk"));
                }
                compare(e, where, DocExamples.trimmed(List.of(desk.send(e.command()).split("\n", -1))));
                return;
            }
            if (!e.isPerpguard()) {
                lastExit = null;
                System.out.println("DocExamplesTest: not run " + where + " `" + e.command() + "`: not a perpguard command");
                Assumptions.abort("not a perpguard command");
            }
            compare(e, where, run(e.command()));
        }

        private void compare(Example e, String where, List<String> actual) throws IOException {
            if (!DocExamples.matches(e.shown(), actual)) {
                Path printed = ROOT.resolve("cli/target/doc-examples/printed").resolve(doc.file().getFileName() + "-" + e.line() + ".txt");
                Files.createDirectories(printed.getParent());
                Files.write(printed, actual);
                fail(where + ": `" + e.command() + "` prints something else than the docs show\n--- shown\n"
                        + String.join("\n", e.shown()) + "\n--- printed\n" + String.join("\n", actual));
            }
        }

        List<String> run(String command) throws IOException {
            Integer head = null;
            Matcher h = HEAD.matcher(command);
            if (h.matches()) {
                command = h.group(1);
                head = Integer.parseInt(h.group(2));
            }
            if (command.contains("|") || command.contains(">") || command.contains("$")) {
                fail("`" + command + "`: the docs-examples test runs one ./perpguard command, optionally `| head -N`");
            }
            List<String> words = DocExamples.words(command);
            if (List.of("serve", "watch", "stream").contains(words.get(1))) {
                fail("`" + command + "` runs until stopped: mark its block <!-- example: skip REASON -->");
            }
            List<String> args = words.subList(1, words.size());
            String homeShown = doc.env().get(Database.HOME_ENV);
            if (home == null) {
                home = ROOT.resolve("cli/target/doc-examples").resolve(doc.file().getFileName().toString().replace(".md", ""));
                deleteTree(home);
                Files.createDirectories(home);
            }
            PrintStream sysOut = System.out, sysErr = System.err;
            ByteArrayOutputStream rawOut = new ByteArrayOutputStream(), rawErr = new ByteArrayOutputStream();
            CliRun r;
            try {
                System.setProperty(Database.HOME_PROPERTY, home.toString());
                System.setOut(new PrintStream(rawOut, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(rawErr, true, StandardCharsets.UTF_8));
                r = CliRun.of(args.toArray(String[]::new));
            } finally {
                System.setOut(sysOut);
                System.setErr(sysErr);
                System.clearProperty(Database.HOME_PROPERTY);
            }
            lastExit = r.exit();
            String all = r.out() + rawOut.toString(StandardCharsets.UTF_8) + r.err() + rawErr.toString(StandardCharsets.UTF_8);
            if (homeShown != null) {
                all = all.replace(home.toAbsolutePath().toString(), homeShown);
            }
            List<String> lines = DocExamples.trimmed(List.of(all.split("\n", -1)));
            return head == null || lines.size() <= head ? lines : lines.subList(0, head);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    @Test
    void matcher_failsOnADriftedLine_andHonoursTheEllipsis() {
        List<String> actual = List.of("a", "b 1.00", "c", "d");
        assertThat(DocExamples.matches(List.of("a", "b 1.00", "c", "d"), actual)).isTrue();
        assertThat(DocExamples.matches(List.of("a", "b 1.01", "c", "d"), actual)).isFalse();
        assertThat(DocExamples.matches(List.of("a", "b 1.00", "c"), actual)).as("a line left out without ...").isFalse();
        assertThat(DocExamples.matches(List.of("a", "...", "d"), actual)).isTrue();
        assertThat(DocExamples.matches(List.of("...", "c", "..."), actual)).isTrue();
        assertThat(DocExamples.matches(List.of("...", "x", "..."), actual)).isFalse();
    }

    @Test
    void parser_readsCommandsOutputsContinuationsAndDirectives() {
        DocExamples d = DocExamples.parse(Path.of("x.md"), List.of(
                "<!-- example: env PERPGUARD_HOME=docs-home -->",
                "```",
                "$ ./perpguard calc \\",
                "    --json",
                "{}",
                "$ echo $?",
                "0",
                "```",
                "<!-- example: skip needs a server -->",
                "```",
                "$ ./perpguard serve",
                "listening",
                "```",
                "<!-- example: desk --db jdbc:h2:file:/tmp/x/desk -->",
                "```",
                "$ curl -s -X POST localhost:7070/api/calc -d '{}'",
                "{\"error\":\"x\"}",
                "```"));
        assertThat(d.env()).containsEntry("PERPGUARD_HOME", "docs-home");
        assertThat(d.examples()).extracting(Example::command).containsExactly("./perpguard calc --json", "echo $?", "./perpguard serve",
                "curl -s -X POST localhost:7070/api/calc -d '{}'");
        assertThat(d.examples().get(0).shown()).containsExactly("{}");
        assertThat(d.examples().get(2).skip()).isEqualTo("needs a server");
        assertThat(d.examples().get(3).desk()).isEqualTo("--db jdbc:h2:file:/tmp/x/desk");
        assertThat(d.examples().get(3).isDeskRequest()).isTrue();
        assertThat(d.examples().get(2).isDeskRequest()).isFalse();
        assertThat(DocExamples.words("./perpguard x -d '{\"a\": 1}' \"b c\"")).containsExactly("./perpguard", "x", "-d", "{\"a\": 1}", "b c");
        assertThat(DocExamples.words("./perpguard x --y a#b '# c' # a comment")).containsExactly("./perpguard", "x", "--y", "a#b", "# c");
    }

    /** A user's clone has nothing beside it: no document may point at ../shared or a machine path. */
    @Test
    void noDocumentReferencesFilesOutsideTheRepository() throws IOException {
        List<String> bad = new ArrayList<>();
        List<Path> docs = new ArrayList<>(documents());
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md") && !docs.contains(p)).forEach(docs::add);
        }
        for (String more : List.of("stream/README.md", "samples/PROVENANCE.md")) {
            if (Files.exists(ROOT.resolve(more))) {
                docs.add(ROOT.resolve(more));
            }
        }
        String checkout = ROOT.toAbsolutePath().normalize() + "/";   // this checkout's own absolute path is machine-specific
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("../shared") || lines.get(i).contains(checkout)) {
                    bad.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(bad).as("documents referring outside the repository").isEmpty();
    }
}
