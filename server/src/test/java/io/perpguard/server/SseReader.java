package io.perpguard.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test client of {@code /api/stream}: reads events on its own thread into a queue until closed. */
final class SseReader implements AutoCloseable {
    /** One event as the browser dispatches it. */
    record Event(String name, String id, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final int status;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread thread;

    /** Opens {@code base + path} with {@code Last-Event-ID} when {@code lastEventId} is not null. */
    SseReader(String base, String path, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
        status = r.statusCode();
        lines = r.body();
        thread = new Thread(this::read, "sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        String name = null, id = null;
        StringBuilder data = new StringBuilder();
        try {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0 || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    /** The next event that matches, waiting at most 30 s (events before it are dropped). */
    Event next(Predicate<Event> p) throws InterruptedException {
        return next(p, 30);
    }

    /** The next event that matches, waiting at most {@code seconds} (events before it are dropped). */
    Event next(Predicate<Event> p, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Event e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching event within " + seconds + " s");
            }
            if (p.test(e)) {
                return e;
            }
        }
    }

    Event next(String name) throws InterruptedException {
        return next(e -> e.name().equals(name));
    }

    /** The events received so far and not yet taken. */
    java.util.List<Event> drain() {
        java.util.List<Event> out = new java.util.ArrayList<>();
        events.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        lines.close();
        thread.interrupt();
    }
}
