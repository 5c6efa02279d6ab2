package io.perpguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented examples of one markdown file, by this convention (docs/DESIGN.md, "Documented examples"):
 * <ul>
 * <li>an example is a line {@code $ COMMAND} inside a fenced block; the lines after it, up to the next {@code $ } line
 * or the end of the block, are its output (stdout, then stderr). A command ending in {@code \} continues on the next
 * line.</li>
 * <li>a shown line {@code ...} stands for any number of lines (output left out); every other line must match exactly
 * (trailing spaces and trailing blank lines ignored).</li>
 * <li>{@code $ echo $?} shows the exit code of the command before it; {@code | head -N} keeps the first N lines.</li>
 * <li>{@code <!-- example: skip REASON -->} on the line before a block: its commands are not run (REASON says why,
 * e.g. a server or the network is needed); {@code <!-- example: env NAME=VALUE -->} anywhere in a file: that file's
 * examples ran with NAME=VALUE (the test gives them a fresh directory and shows it as VALUE).</li>
 * <li>{@code <!-- example: desk ARGS -->} on the line before a block: its {@code $ curl ...} lines are sent to a desk the
 * test starts as {@code ./perpguard serve --port 0 --replay-speed 0 ARGS} (once per file; {@code localhost:7070} in a
 * URL is that desk; the directory of an {@code h2:file:} URL in ARGS is a fresh one, shown as written).</li>
 * <li>any other {@code $ } line that is not {@code ./perpguard} or {@code echo $?} (tail, awk...) is not run; a
 * {@code ./perpguard} line without {@code $ } (a command shown without output) is listed as not run.</li>
 * </ul>
 */
record DocExamples(Path file, Map<String, String> env, List<Example> examples) {
    /** One {@code $ } line: its line number, the command as typed, what is shown after it, and why it is not run. */
    record Example(int line, String command, List<String> shown, String skip, String desk) {
        Example(int line, String command, List<String> shown, String skip) {
            this(line, command, shown, skip, null);
        }

        boolean isPerpguard() {
            return command.startsWith("./perpguard ");
        }

        /** A {@code curl} request to the desk of an {@code example: desk} block. */
        boolean isDeskRequest() {
            return desk != null && command.startsWith("curl ");
        }

        boolean isExitCode() {
            return command.equals("echo $?");
        }
    }

    private static final Pattern SKIP = Pattern.compile("<!--\\s*example:\\s*skip\\s+(.+?)\\s*-->");
    private static final Pattern DESK = Pattern.compile("<!--\\s*example:\\s*desk(?:\\s+(.*?))?\\s*-->");
    private static final Pattern ENV = Pattern.compile("<!--\\s*example:\\s*env\\s+([A-Z_]+)=(\\S+)\\s*-->");

    static DocExamples read(Path file) throws IOException {
        return parse(file, Files.readAllLines(file));
    }

    static DocExamples parse(Path file, List<String> lines) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Example> examples = new ArrayList<>();
        String pendingSkip = null, pendingDesk = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher e = ENV.matcher(l);
            if (e.find()) {
                env.put(e.group(1), e.group(2));
            }
            Matcher s = SKIP.matcher(l);
            if (s.find()) {
                pendingSkip = s.group(1);
                continue;
            }
            Matcher d = DESK.matcher(l);
            if (d.find()) {
                pendingDesk = d.group(1) == null ? "" : d.group(1);
                continue;
            }
            if (!l.startsWith("```")) {
                if (!l.isBlank()) {
                    pendingSkip = null;
                    pendingDesk = null;
                }
                continue;
            }
            String skip = pendingSkip, desk = pendingDesk;
            pendingSkip = null;
            pendingDesk = null;
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            for (int j = i + 1; j < end; ) {
                if (lines.get(j).startsWith("./perpguard ")) {
                    examples.add(new Example(j + 1, lines.get(j).replaceAll("\\s+#.*$", "").strip(), List.of(),
                            "shown without its output (a command to type), so there is nothing to compare"));
                }
                if (!lines.get(j).startsWith("$ ")) {
                    j++;
                    continue;
                }
                int at = j;
                StringBuilder cmd = new StringBuilder(lines.get(j).substring(2).strip());
                while (cmd.length() > 0 && cmd.charAt(cmd.length() - 1) == '\\' && j + 1 < end) {
                    cmd.setLength(cmd.length() - 1);
                    cmd.append(' ').append(lines.get(++j).strip());
                }
                j++;
                List<String> shown = new ArrayList<>();
                while (j < end && !lines.get(j).startsWith("$ ")) {
                    shown.add(lines.get(j++));
                }
                examples.add(new Example(at + 1, cmd.toString().replaceAll("\\s+", " ").strip(), trimmed(shown), skip, desk));
            }
            i = end;
        }
        return new DocExamples(file, env, examples);
    }

    /** Lines without trailing spaces and without trailing blank lines. */
    static List<String> trimmed(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Whether the actual lines match the shown ones, a shown {@code ...} standing for any number of lines. */
    static boolean matches(List<String> shown, List<String> actual) {
        int n = shown.size(), m = actual.size();
        boolean[][] ok = new boolean[n + 1][m + 1]; // ok[i][j]: shown[i..] matches actual[j..]
        ok[n][m] = true;
        for (int i = n - 1; i >= 0; i--) {
            boolean gap = shown.get(i).equals("...");
            for (int j = m; j >= 0; j--) {
                ok[i][j] = gap ? ok[i + 1][j] || (j < m && ok[i][j + 1])
                        : j < m && shown.get(i).equals(actual.get(j)) && ok[i + 1][j + 1];
            }
        }
        return ok[0][0];
    }

    /** The words of a command line as a POSIX shell splits them (single and double quotes, no expansion; {@code #} starting a word begins a comment). */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '#' && w == null) {
                break;
            } else if (c == '\'' || c == '"') {
                quote = c;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }
}
