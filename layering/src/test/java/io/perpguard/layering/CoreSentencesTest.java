package io.perpguard.layering;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Words for humans leave core (docs/DESIGN.md, Style): core's main sources hold no sentence outside an exception's
 * message. An engine returns a code and its figures; {@code app}'s {@code explain} package writes the sentence. A
 * sentence is a string literal with two words in a row; a literal inside a statement that throws, builds an
 * exception, or calls a {@code Checks} validator or a {@code requireX(...)} check (core's convention: each throws an
 * {@code InvalidInputException}) is the one-line bad-input message and may stay. Comments are skipped.
 * Read from the sources (string constants are not visible to ArchUnit), which are in the repository.
 */
class CoreSentencesTest {
    static final Path CORE = Path.of("../core/src/main/java/io/perpguard");

    /** Files still allowed some sentences: path under io/perpguard → exactly that many (fewer fails too: lower it), and why. */
    static final Map<String, Allowed> ALLOWED = Map.of(
            "venue/Exchange.java", new Allowed(3, "the venues' proper names (\"Bybit unified account\"), which core's own one-line "
                    + "InvalidInputException messages name (\"Binance USDⓈ-M lists no inverse perpetuals\")"),
            "instrument/Instrument.java", new Allowed(2, "two pieces of requirePriceWithinTiers' one-line InvalidInputException "
                    + "message (\"at any price\", \" it even\"), chosen before the statement that throws"));

    record Allowed(int atMost, String why) {
    }

    static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    static final Pattern SENTENCE = Pattern.compile("\\p{L}{2,}\\s+\\p{L}{2,}");
    static final Pattern EXCEPTION_MESSAGE = Pattern.compile("\\bthrow\\b|Exception\\(|\\bChecks\\.\\w+\\(|\\brequire[A-Z]\\w*\\(");

    @Test
    void core_writesNoSentences() {
        Map<String, List<String>> found = scanCore();
        assertThat(found.size()).as("core files with sentences (the scan reads core's sources)").isGreaterThan(0);
        List<String> problems = new ArrayList<>();
        found.forEach((file, sentences) -> {
            Allowed a = ALLOWED.get(file);
            if (a == null || sentences.size() > a.atMost()) {
                problems.add(file + " (" + sentences.size() + (a == null ? "" : ", allowed " + a.atMost()) + "): " + sentences);
            }
        });
        ALLOWED.forEach((file, a) -> {
            int n = found.getOrDefault(file, List.of()).size();
            if (n < a.atMost()) {
                problems.add(file + " (" + n + ", allowed " + a.atMost() + "): fewer than allowed, lower its allowance");
            }
        });
        assertThat(problems).as("sentences in core's main code: return a code and its figures, write the words in app/explain").isEmpty();
    }

    /** The detector itself: a warning sentence is found, an exception's message and a comment are not. */
    @Test
    void sentences_areFound_exceptOneLineBadInputMessages() {
        String src = """
                class A {
                    void f(double x) {
                        // a comment with many words in it
                        if (x < 0) {
                            throw new InvalidInputException("x", x + " is not 0 or more; give a price");
                        }
                        Checks.inRange("leverage", x, 1, 125);
                        Instrument i = instruments.get(s).requireLinear("portfolio (exposure in USD)");
                        requirement("margin in USD");
                        warnings.add("no funding history given: funding NOT charged");
                        event("entry", x, "limit rung " + 1 + " filled");
                        String type = "stop-limit-unfilled";
                    }
                }
                """;
        assertThat(sentences(src)).containsExactly("margin in USD", "no funding history given: funding NOT charged", "limit rung ");
    }

    static Map<String, List<String>> scanCore() {
        assertThat(CORE.resolve("margin/MarginCalculator.java")).as("core's sources beside this module").exists();
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> s = sentences(Files.readString(f));
                if (!s.isEmpty()) {
                    out.put(CORE.relativize(f).toString().replace('\\', '/'), s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The sentence literals of one source file that are not part of an exception's message. */
    static List<String> sentences(String source) {
        String code = withoutComments(source);
        // literal contents blanked, so a ';' or '{' inside a string does not end a statement
        StringBuilder masked = new StringBuilder(code);
        Matcher m = LITERAL.matcher(code);
        while (m.find()) {
            for (int i = m.start(1); i < m.end(1); i++) {
                masked.setCharAt(i, 'x');
            }
        }
        List<String> out = new ArrayList<>();
        m = LITERAL.matcher(code);
        while (m.find()) {
            if (!SENTENCE.matcher(m.group(1)).find()) {
                continue;
            }
            int from = Math.max(masked.lastIndexOf(";", m.start()), Math.max(masked.lastIndexOf("{", m.start()), masked.lastIndexOf("}", m.start())));
            int to = masked.indexOf(";", m.end());
            String statement = masked.substring(from + 1, to < 0 ? masked.length() : to);
            if (!EXCEPTION_MESSAGE.matcher(statement).find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Source without // and block comments, string, text-block and char literals kept as they are. */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0, n = s.length();
        while (i < n) {
            if (s.startsWith("//", i)) {
                int j = s.indexOf('\n', i);
                i = j < 0 ? n : j;
            } else if (s.startsWith("/*", i)) {
                i = s.indexOf("*/", i + 2) + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int j = s.indexOf("\"\"\"", i + 3) + 3;
                out.append(s, i, j);
                i = j;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char q = s.charAt(i);
                int j = i + 1;
                while (s.charAt(j) != q) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(s, i, j + 1);
                i = j + 1;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }
}
