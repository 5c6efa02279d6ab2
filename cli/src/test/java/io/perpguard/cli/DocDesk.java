package io.perpguard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * The desk of a document's {@code example: desk ARGS} blocks: {@code ./perpguard serve --port 0 --replay-speed 0 ARGS}
 * run in-process (the CLI finds {@code serve} as a user's {@code ./perpguard} does), and the blocks' {@code curl} lines
 * sent to it with Java's HTTP client. An {@code h2:file:} database in ARGS gets a fresh directory, shown as written.
 */
final class DocDesk implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("perpguard risk desk: (http://\\S+/)");
    private static final Pattern H2_FILE = Pattern.compile("jdbc:h2:file:(\\S+)/[^/;\\s]+");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final String args;
    private final Thread thread;
    private final String url;
    private final String shownDir, actualDir;

    private DocDesk(String args, Thread thread, String url, String shownDir, String actualDir) {
        this.args = args;
        this.thread = thread;
        this.url = url;
        this.shownDir = shownDir;
        this.actualDir = actualDir;
    }

    /** Starts the desk and waits for the line naming its URL (its port is any free one). */
    static DocDesk start(String args, Path scratch) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(List.of("serve", "--port", "0", "--replay-speed", "0"));
        String shownDir = null, actualDir = null;
        for (String w : DocExamples.words(args)) {
            Matcher m = H2_FILE.matcher(w);
            if (m.find()) {
                shownDir = m.group(1);
                DocExamplesTest.deleteTree(scratch);
                Files.createDirectories(scratch);
                actualDir = scratch.toAbsolutePath().toString();
                w = w.replace(shownDir, actualDir);
            }
            words.add(w);
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        Thread t = new Thread(() -> {
            var cl = PerpguardCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.execute(words.toArray(String[]::new));
        }, "doc-examples-desk");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(out.toString());
            if (m.find()) {
                return new DocDesk(args, t, m.group(1), shownDir, actualDir);
            }
            if (!t.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        t.interrupt();
        throw new IllegalStateException("`./perpguard " + String.join(" ", words) + "` did not start: " + out + err);
    }

    /** Sends one documented {@code curl} line; what curl would print: the body, then {@code -w}'s text. */
    String send(String command) throws IOException, InterruptedException {
        List<String> w = DocExamples.words(command);
        String method = null, target = null, writeOut = null;
        boolean discardBody = false, typed = false;
        byte[] body = null;
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60));
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            switch (a) {
                case "-s", "--silent" -> {
                }
                case "-X", "--request" -> method = w.get(++i);
                case "-H", "--header" -> {
                    String[] kv = w.get(++i).split(":", 2);
                    b.header(kv[0].strip(), kv[1].strip());
                    typed |= kv[0].strip().equalsIgnoreCase("Content-Type");
                }
                case "-d", "--data", "--data-binary" -> {
                    String d = w.get(++i);
                    byte[] bytes = d.startsWith("@") ? Files.readAllBytes(DocExamplesTest.ROOT.resolve(d.substring(1)))
                            : d.getBytes(StandardCharsets.UTF_8);
                    if (!a.equals("--data-binary") && d.startsWith("@")) {   // curl -d @file drops the file's line breaks
                        bytes = new String(bytes, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8);
                    }
                    body = bytes;
                }
                case "-o", "--output" -> {
                    if (!w.get(++i).equals("/dev/null")) {
                        fail("`" + command + "`: the docs-examples test sends curl with -o /dev/null only");
                    }
                    discardBody = true;
                }
                case "-w", "--write-out" -> writeOut = w.get(++i);
                default -> {
                    if (a.startsWith("-") || target != null) {
                        fail("`" + command + "`: curl option " + a + " is not one the docs-examples test sends");
                    }
                    target = a;
                }
            }
        }
        if (target == null) {
            fail("`" + command + "`: no URL");
        }
        String path = target.replaceFirst("^(https?://)?localhost:7070/?", "");
        if (path.equals(target)) {
            fail("`" + command + "`: the documented desk is localhost:7070");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/x-www-form-urlencoded");   // curl's default for -d
        }
        method = method != null ? method : body != null ? "POST" : "GET";
        b.uri(URI.create(url + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String printed = discardBody ? "" : r.body();
        if (writeOut != null) {
            printed += writeOut.replace("%{http_code}", String.valueOf(r.statusCode())).replace("\\n", "\n");
        }
        return actualDir == null ? printed : printed.replace(actualDir, shownDir);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();   // serve stops its desk on an interrupt
        thread.join(30_000);
    }
}
