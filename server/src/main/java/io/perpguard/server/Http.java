package io.perpguard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.perpguard.InvalidInputException;
import io.perpguard.app.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading bodies and writing JSON answers, the same for every route. */
final class Http {
    /** Mapper for responses: the CLI's JSON conventions, decimals written plainly. */
    static final ObjectMapper JSON = Json.MAPPER;

    /**
     * The trade-history import's own limit: a year of fills is 10,000 rows or more (a Binance export row is ~90 bytes), and
     * under the desk's 64 KiB the import stopped at ~800. 8 MiB is ~90,000 fills; still bounded (413 above, nothing read).
     */
    static final long IMPORT_MAX_BODY = 8L * 1024 * 1024;
    /** The path that takes {@link #IMPORT_MAX_BODY}; every other route keeps the desk's limit. */
    static final String IMPORT_PATH = "/api/journal/import";

    private final long maxBodyBytes;

    Http(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The largest body the route at {@code path} accepts: the import's, or the desk's. */
    long maxBodyBytes(String path) {
        return IMPORT_PATH.equals(path) ? Math.max(IMPORT_MAX_BODY, maxBodyBytes) : maxBodyBytes;
    }

    /**
     * Reads the request body, refusing more than the configured size even without a Content-Length. With a
     * Content-Length the body is read into an array of exactly that size.
     */
    String body(Context ctx) {
        return new String(bodyBytes(ctx), StandardCharsets.UTF_8);
    }

    /**
     * The body of a route that reads JSON, as its bytes: sent as {@code application/json}, its charset UTF-8 or not named
     * (JSON is UTF-8, RFC 8259), else refused with 415 before anything is read or changed — a form or {@code text/plain}
     * (what another site's page can post without asking) or UTF-16 was parsed as if it were UTF-8 JSON. An empty body
     * (a close without a price) may come without a Content-Type.
     */
    byte[] jsonBytes(HttpServletRequest req) {
        String type = req.getContentType();
        if (type != null && !isJson(type)) {
            throw new UnsupportedType("Content-Type " + type.strip() + " is not accepted: send the body as application/json (UTF-8)");
        }
        byte[] b = bodyBytes(req);
        if (type == null && b.length > 0) {
            throw new UnsupportedType("a body without a Content-Type is not accepted: send it as application/json (UTF-8)");
        }
        return b;
    }

    /** {@link #jsonBytes(HttpServletRequest)} of a Javalin route. */
    byte[] jsonBytes(Context ctx) {
        return jsonBytes(ctx.req());
    }

    /** {@link #jsonBytes(Context)} as text. */
    String jsonBody(Context ctx) {
        return utf8(jsonBytes(ctx));
    }

    /**
     * UTF-8 bytes as text; a byte sequence that is not UTF-8 is refused naming its offset, as a file's is refused by its line
     * ({@code InputFile}) — {@code new String(bytes, UTF_8)} made each one U+FFFD, and {@code {"name": "\xff\xfe"}} was
     * stored as an account named "��".
     */
    static String utf8(byte[] b) {
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT).onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            throw new InvalidInputException("body", "is not UTF-8 text (byte 0x" + String.format("%02X", b[in.position()] & 0xFF) + " at offset "
                    + in.position() + "): send the body as application/json in UTF-8");
        }
        return out.flip().toString();
    }

    /**
     * The body of the route that reads a CSV file ({@code POST /api/journal/import}), up to {@code limit} bytes: sent as
     * {@code text/csv}, its charset UTF-8 or not named, else 415 before anything is read or stored — the JSON routes' rule
     * with the CSV's type. A JSON Content-Type with a CSV body was imported; {@code text/plain} and a form stay refused, as
     * on the JSON routes (another site's page can post those without asking). An empty body may come without a type.
     */
    String csvBody(Context ctx, long limit) {
        String type = ctx.req().getContentType();
        if (type != null && !isType(type, CSV)) {
            throw new UnsupportedType("Content-Type " + type.strip() + " is not accepted: send the CSV file as " + CSV + " (UTF-8)");
        }
        byte[] b = bodyBytes(ctx.req(), limit);
        if (type == null && b.length > 0) {
            throw new UnsupportedType("a body without a Content-Type is not accepted: send the CSV file as " + CSV + " (UTF-8)");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The one type the journal import reads. */
    static final String CSV = "text/csv";

    /** {@code application/json}, any case, with no charset parameter or {@code charset=utf-8} (quoted or not). */
    static boolean isJson(String contentType) {
        return isType(contentType, "application/json");
    }

    /** {@code contentType} is {@code mediaType}, any case, with no charset parameter or {@code charset=utf-8} (quoted or not). */
    private static boolean isType(String contentType, String mediaType) {
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(mediaType)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String v = p.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (!v.equalsIgnoreCase("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link #body} as its UTF-8 bytes. */
    byte[] bodyBytes(Context ctx) {
        return bodyBytes(ctx.req());
    }

    /** {@link #bodyBytes(Context)} of a request served ahead of Javalin. */
    byte[] bodyBytes(HttpServletRequest req) {
        return bodyBytes(req, maxBodyBytes);
    }

    private static byte[] bodyBytes(HttpServletRequest req, long maxBodyBytes) {
        long declared = req.getContentLengthLong();
        try (InputStream in = req.getInputStream()) {
            if (declared >= 0 && declared <= maxBodyBytes) {
                byte[] b = in.readNBytes((int) declared);
                if (in.read() >= 0) {
                    throw new TooLarge(-1, maxBodyBytes);
                }
                return b;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            byte[] buf = new byte[8192];
            int r;
            while ((r = in.read(buf)) >= 0) {
                out.write(buf, 0, r);
                if (out.size() > maxBodyBytes) {
                    throw new TooLarge(out.size(), maxBodyBytes);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Long queryId(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? null : ApiInput.pathId(v, name);
    }

    /** The {@code subAccountId} filter of a list, null when absent; a deleted or never-created sub-account is a 404. */
    static Long subAccountFilter(Context ctx, DeskStore store) {
        Long id = queryId(ctx, "subAccountId");
        if (id != null) {
            store.requireSubAccount(id, "subAccountId");
        }
        return id;
    }

    /**
     * A whole-number query parameter within {@code min..max}, {@code fallback} when absent: {@code limit=1.5} used to be
     * read as 1.
     */
    static int wholeQuery(String text, String field, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        double v = io.perpguard.Checks.inRange(field, parseNumber(text, field), min, max);
        if (v != Math.rint(v)) {
            throw new InvalidInputException(field, text + " is not a whole number");
        }
        return (int) v;
    }

    static double parseNumber(String s, String field) {
        return io.perpguard.Checks.parse(field, "'" + io.perpguard.data.io.Excerpt.of(s) + "'", s);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each request thread's answer buffer, kept between requests unless an answer made it large. */
    private static final ThreadLocal<Buffer> ANSWER = ThreadLocal.withInitial(Buffer::new);

    /**
     * Answers {@code value} as JSON: serialised whole into the thread's reused buffer (so a failure half-way still
     * answers an error, not half a document), then copied to the response. {@code ctx.result} would keep a String,
     * encode it again and copy it through a fresh 8 KB buffer.
     */
    static void json(Context ctx, Object value) {
        Buffer b = serialized(value);
        try {
            ctx.contentType("application/json");
            b.writeTo(ctx.outputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(b);
        }
    }

    /** {@link #json(Context, Object)} for a request served ahead of Javalin. */
    static void json(HttpServletResponse res, Object value) {
        Buffer b = serialized(value);
        try {
            res.setContentType("application/json");
            b.writeTo(res.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(b);
        }
    }

    /** {@code value} serialised into the thread's buffer; hand it back with {@link #release}. */
    private static Buffer serialized(Object value) {
        Buffer b = ANSWER.get();
        b.reset();
        try {
            JSON.writeValue(b, value);
            return b;
        } catch (IOException e) {
            release(b);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            release(b);
            throw e;
        }
    }

    private static void release(Buffer b) {
        if (b.capacity() > Buffer.KEEP) {
            ANSWER.remove();
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        static final int KEEP = 64 * 1024;

        Buffer() {
            super(8 * 1024);
        }

        int capacity() {
            return buf.length;
        }
    }

    static void created(Context ctx, Object value) {
        ctx.status(201); // before the body is written
        json(ctx, value);
    }

    /** Every long run of characters (echoed input) cut to a short excerpt, the whole message to 1,000 characters. */
    static String clip(String message) {
        return io.perpguard.Checks.clip(message);
    }

    /** A 400 naming the field as the use case named it: in the bodies' words ({@code mmAmount}), which the desk's are. */
    static void invalid(Context ctx, InvalidInputException e) {
        error(ctx, 400, e.getMessage(), e.field());
    }

    /** {@link #invalid(Context, InvalidInputException)} for a request served ahead of Javalin. */
    static void invalid(HttpServletResponse res, InvalidInputException e) {
        error(res, 400, e.getMessage(), e.field());
    }

    static void error(Context ctx, int status, String message, String field) {
        ctx.attribute("perpguard.error", Boolean.TRUE);
        ctx.status(status);
        json(ctx, errorBody(message, field));
    }

    /** {@link #error(Context, int, String, String)} for a request served ahead of Javalin. */
    static void error(HttpServletResponse res, int status, String message, String field) {
        res.setStatus(status);
        json(res, errorBody(message, field));
    }

    /** Every refused request's body: one line, and the field at fault. */
    record ErrorBody(String error, String field) {
    }

    private static ErrorBody errorBody(String message, String field) {
        return new ErrorBody(message == null ? "error" : clip(message.replaceAll("\\s*[\\r\\n]+\\s*", " ")), field);
    }

    /** A JSON route's body not sent as UTF-8 JSON (HTTP 415). */
    static final class UnsupportedType extends RuntimeException {
        UnsupportedType(String message) {
            super(message);
        }
    }

    /** A request body above the limit. */
    static final class TooLarge extends RuntimeException {
        /** Names the limit (it said "over the limit"): a trader splitting a journal export needs the figure. */
        TooLarge(long bytes, long limit) {
            super("request body too large: " + (bytes < 0 ? "over" : String.format(java.util.Locale.ROOT, "%,d bytes, over", bytes))
                    + String.format(java.util.Locale.ROOT, " the desk's limit of %,d bytes", limit)
                    + (limit % (1024 * 1024) == 0 ? " (" + limit / (1024 * 1024) + " MiB)" : limit % 1024 == 0 ? " (" + limit / 1024 + " KiB)" : ""));
        }
    }
}
