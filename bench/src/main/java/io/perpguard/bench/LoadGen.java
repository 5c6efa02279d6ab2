package io.perpguard.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP load: request {@code k} is due at {@code start + k / rate} and its latency is measured from that
 * scheduled time, not from when the client got round to sending it — a slow server (or a stalled client) shows up as
 * latency instead of quietly lowering the offered rate (no coordinated omission).
 * <p>Each of {@code CONNECTIONS} threads keeps one keep-alive connection and takes the next due request as soon as it
 * is free; when all are busy the next request waits, and its wait counts. The client allocates almost nothing per
 * request (one reused request, responses read into a reused buffer), so its own GC does not pass for the server's.
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.LoadGen URL BODY_JSON RATE SECONDS [WARMUP_SECONDS [CONNECTIONS]]}
 * <br>Prints {@code latency PATH p50 p99 p999 max (ms) sent ok errors achieved_rate}.
 */
public final class LoadGen {
    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] body = args[1].getBytes(StandardCharsets.UTF_8);
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 5;
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        byte[] request = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + args[1])
                .getBytes(StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        // warm-up at the same rate, not recorded (the server's JIT compiles the request path)
        run(address, request, rate, warmup, connections);
        Result r = run(address, request, rate, seconds, connections);
        long[] done = new long[r.ok];
        int j = 0;
        for (long t : r.latency) {
            if (t >= 0) {
                done[j++] = t;
            }
        }
        Arrays.sort(done);
        System.out.printf(Locale.ROOT, "latency %s p50 %.2f p99 %.2f p999 %.2f max %.2f sent %d ok %d errors %d achieved_rate %.0f%n",
                uri.getPath(), pct(done, 0.50), pct(done, 0.99), pct(done, 0.999), done.length == 0 ? Double.NaN : done[done.length - 1] / 1e6,
                r.sent, r.ok, r.errors, r.ok / seconds);
        System.exit(0);
    }

    record Result(int sent, int ok, int errors, long[] latency) {
    }

    static Result run(InetSocketAddress address, byte[] request, double rate, double seconds, int connections) throws InterruptedException {
        int n = (int) Math.ceil(rate * seconds);
        double periodNs = 1e9 / rate;
        long[] latency = new long[n];
        Arrays.fill(latency, -1);
        AtomicInteger next = new AtomicInteger(), ok = new AtomicInteger(), errors = new AtomicInteger();
        long start = System.nanoTime() + 20_000_000;
        Thread[] workers = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Thread(() -> {
                Connection c = null;
                byte[] buf = new byte[64 * 1024];
                int k;
                while ((k = next.getAndIncrement()) < n) {
                    long scheduled = start + (long) (k * periodNs);
                    long wait;
                    while ((wait = scheduled - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (c == null) {
                            c = new Connection(address);
                        }
                        int status = c.exchange(request, buf);
                        if (status == 200) {
                            latency[k] = System.nanoTime() - scheduled;
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (c != null) {
                            c.close();
                        }
                        c = null;
                    }
                }
                if (c != null) {
                    c.close();
                }
            }, "loadgen-" + w);
            workers[w].setDaemon(true);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join(Math.max(1, (long) ((seconds + 30) * 1000)));
        }
        return new Result(n, ok.get(), errors.get(), latency);
    }

    /** One keep-alive HTTP/1.1 connection. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        /** Sends the request and reads the whole answer (Content-Length or chunked); returns the status. */
        int exchange(byte[] request, byte[] buf) throws IOException {
            out.write(request);
            out.flush();
            int len = 0;
            int state = 0;
            while (state < 4) {   // headers, up to the blank line
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (len < buf.length) {
                    buf[len++] = (byte) c;
                }
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
            long contentLength = header(buf, len, "content-length:");
            if (contentLength >= 0) {
                skip(contentLength);
            } else {   // chunked
                while (true) {
                    long size = chunkSize();
                    skip(size + 2);
                    if (size == 0) {
                        break;
                    }
                }
            }
            if (contains(buf, len, "connection: close")) {
                throw new IOException("server closed the connection");
            }
            return status;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed");
                    }
                    s = 1;
                }
                n -= s;
            }
        }

        private long chunkSize() throws IOException {
            long v = 0;
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                int d = Character.digit(c, 16);
                if (d >= 0) {
                    v = v * 16 + d;
                }
            }
            if (c < 0) {
                throw new IOException("connection closed");
            }
            return v;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The number after a header name (lower case, with the colon) in the head, or -1 when absent. */
    static long header(byte[] head, int len, String name) {
        int at = indexOf(head, len, name);
        if (at < 0) {
            return -1;
        }
        long v = 0;
        boolean any = false;
        for (int i = at + name.length(); i < len; i++) {
            byte b = head[i];
            if (b >= '0' && b <= '9') {
                v = v * 10 + (b - '0');
                any = true;
            } else if (b != ' ' || any) {
                break;
            }
        }
        return any ? v : -1;
    }

    static boolean contains(byte[] head, int len, String text) {
        return indexOf(head, len, text) >= 0;
    }

    private static int indexOf(byte[] head, int len, String name) {
        outer:
        for (int i = 0; i + name.length() <= len; i++) {
            for (int j = 0; j < name.length(); j++) {
                if (Character.toLowerCase((char) head[i + j]) != name.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
