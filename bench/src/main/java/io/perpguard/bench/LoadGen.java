package io.perpguard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP load: requests are scheduled at a fixed rate and each one's latency is measured from its scheduled
 * send time, not from when the client got round to sending it — a slow server (or a stalled client) shows up as
 * latency instead of quietly lowering the offered rate (no coordinated omission).
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.LoadGen URL BODY_JSON RATE SECONDS [WARMUP_SECONDS]}
 * <br>Prints {@code latency name p50 p99 p999 max (ms) sent ok errors achieved_rate}.
 */
public final class LoadGen {
    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String body = args[1];
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 5;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "loadgen-io");
                    t.setDaemon(true);
                    return t;
                })).build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        // warm-up at the same rate, not recorded (the server's JIT compiles the request path)
        run(client, req, rate, warmup, null);
        long[] latency = new long[(int) Math.ceil(rate * seconds)];
        Result r = run(client, req, rate, seconds, latency);
        long[] done = Arrays.copyOf(latency, r.ok);
        Arrays.sort(done);
        System.out.printf(Locale.ROOT, "latency %s p50 %.2f p99 %.2f p999 %.2f max %.2f sent %d ok %d errors %d achieved_rate %.0f%n",
                uri.getPath(), pct(done, 0.50), pct(done, 0.99), pct(done, 0.999), done.length == 0 ? Double.NaN : done[done.length - 1] / 1e6,
                r.sent, r.ok, r.errors, r.ok / seconds);
        System.exit(0);
    }

    record Result(int sent, int ok, int errors) {
    }

    static Result run(HttpClient client, HttpRequest req, double rate, double seconds, long[] latency) throws InterruptedException {
        int n = (int) Math.ceil(rate * seconds);
        double periodNs = 1e9 / rate;
        AtomicInteger ok = new AtomicInteger(), errors = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(n);
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < n; i++) {
            long scheduled = start + (long) (i * periodNs);
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).whenComplete((resp, err) -> {
                long t = System.nanoTime() - scheduled;
                if (err == null && resp.statusCode() == 200) {
                    int k = ok.getAndIncrement();
                    if (latency != null) {
                        latency[k] = t;
                    }
                } else {
                    errors.incrementAndGet();
                }
                finished.countDown();
            });
        }
        finished.await(30, TimeUnit.SECONDS);
        return new Result(n, ok.get(), errors.get());
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
