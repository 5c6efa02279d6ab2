package io.perpguard.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Jetty refuses before any handler sees them (a URI with an encoded NUL or an ambiguous "..%2F" segment, a
 * malformed header) get the desk's one JSON line, {@code {"error": ..., "field": null}}, instead of Jetty's HTML page.
 */
final class JsonBadMessage extends ErrorHandler {
    JsonBadMessage() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        String why = reason == null ? "bad request" : reason.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
        String json = "{\"error\":\"the request was refused before it reached the desk: " + (why.length() > 100 ? why.substring(0, 100) : why)
                + " (HTTP " + status + ")\",\"field\":null}";
        return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
    }
}
