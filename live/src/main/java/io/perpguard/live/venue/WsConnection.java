package io.perpguard.live.venue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One JDK {@link WebSocket}: joins fragmented text frames into messages, remembers when the last frame arrived
 * (silence detection) and reports its end once. Ping frames are answered with pongs by the JDK.
 * Reconnecting is the connector's job: a closed connection is not reopened.
 */
public final class WsConnection {
    /** What the owner hears. */
    public interface Handler {
        void onMessage(String text, long receivedNanos);

        /** Called once, when the socket closed, failed or was aborted. */
        void onEnd(String reason);
    }

    private final Handler handler;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile long openedNanos;
    private volatile boolean ended;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private WsConnection(Handler handler) {
        this.handler = handler;
    }

    /** Opens a connection; fails (exception) when the handshake fails within {@code timeout}. */
    public static WsConnection open(HttpClient http, URI uri, Duration timeout, Handler handler) {
        WsConnection c = new WsConnection(handler);
        try {
            c.socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, c.listener())
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("WebSocket " + uri.getHost() + ":" + uri.getPort() + uri.getPath()
                    + " did not open: " + rootMessage(e));
        }
        c.openedNanos = System.nanoTime();
        c.lastFrameNanos = c.openedNanos;
        return c;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                lastFrameNanos = System.nanoTime();
                if (last && partial.length() == 0) {
                    deliver(data.toString());
                } else {
                    partial.append(data);
                    if (last) {
                        String s = partial.toString();
                        partial.setLength(0);
                        deliver(s);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                lastFrameNanos = System.nanoTime();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                lastFrameNanos = System.nanoTime();
                ws.request(1);
                return null;   // the JDK sends the pong
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                end("closed by the venue (" + statusCode + (reason == null || reason.isBlank() ? "" : " " + reason) + ")");
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                end("failed: " + rootMessage(error));
            }
        };
    }

    private void deliver(String text) {
        try {
            handler.onMessage(text, lastFrameNanos);
        } catch (RuntimeException e) {
            // a handler bug must not kill the socket's reader; the handler reports malformed frames itself
        }
    }

    private void end(String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        handler.onEnd(reason);
    }

    /**
     * Sends a text message (a subscribe request, a ping). Sends are chained: the JDK allows one outstanding send per
     * socket, and the supervisor's pings may meet a subscribe from the account stream's thread.
     */
    public synchronized CompletableFuture<WebSocket> send(String text) {
        CompletableFuture<WebSocket> next = lastSend.handle((ws, e) -> null).thenCompose(x -> socket.sendText(text, true));
        lastSend = next;
        return next;
    }

    /** Nanos since the last frame (data or ping). */
    public long silentNanos() {
        return System.nanoTime() - lastFrameNanos;
    }

    public long ageNanos() {
        return System.nanoTime() - openedNanos;
    }

    public boolean ended() {
        return ended;
    }

    /** Drops the connection at once and reports its end (if not reported yet). */
    public void abort(String reason) {
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        end(reason);
    }

    /** Closes politely without reporting an end (shutdown). */
    public void close() {
        synchronized (this) {
            ended = true;
        }
        WebSocket s = socket;
        if (s != null) {
            try {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(1, TimeUnit.SECONDS);
            } catch (RuntimeException ignored) {
                // already closed
            }
            s.abort();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
