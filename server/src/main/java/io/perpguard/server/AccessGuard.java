package io.perpguard.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.perpguard.data.store.StoreFailure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * Every request passes here first (a Javalin before-handler):
 * <ul>
 *   <li><b>Host</b> must name this desk: loopback, the bound address (every local interface for 0.0.0.0) or an
 *       allowed extra name — a page on another domain that re-points its DNS at 127.0.0.1 (DNS rebinding) gets 403.</li>
 *   <li><b>Origin</b>, when a browser sends one, must be the desk itself: cross-site form or {@code text/plain}
 *       POSTs get 403 before they reach a handler.</li>
 *   <li><b>Token</b> (any non-loopback bind): {@code Authorization: Bearer TOKEN}, or the cookie set by opening
 *       {@code /?token=TOKEN} once; otherwise 401.</li>
 * </ul>
 * It also maps a {@link StoreFailure} to 507 (disk full) or 503 (database unavailable): nothing was stored.
 */
final class AccessGuard {
    static final String COOKIE = "perpguard_token";
    private static final String CHALLENGE = "Bearer realm=\"perpguard\"";

    private final DeskAccess access;
    private final Set<String> hosts;
    private final IntSupplier port;
    private final byte[] token;

    private AccessGuard(String bind, DeskAccess access, IntSupplier port) {
        this.access = access;
        this.port = port;
        this.hosts = allowedHosts(bind, access);
        this.token = access.token() == null ? null : access.token().getBytes(StandardCharsets.UTF_8);
    }

    /** The checks of {@code config}'s desk (its token, its Host names); a non-loopback bind without a token is refused here. */
    static AccessGuard of(DeskConfig config, IntSupplier port) {
        DeskAccess access = config.access();
        if (access.token() == null && !DeskAccess.isLoopback(config.bind())) {
            throw new io.perpguard.InvalidInputException("bind", config.bind() + " is reachable from other machines: give a token "
                    + "(perpguard serve generates one when --token is not given) or bind 127.0.0.1");
        }
        return new AccessGuard(config.bind(), access, port);
    }

    /** Installs the checks on {@code app}, before every handler. */
    void install(Javalin app) {
        app.before(this::check);
        app.exception(Denied.class, (e, ctx) -> deny(ctx, e));
        app.exception(Budget.ClientLeft.class, (e, ctx) -> ctx.status(499));
        app.exception(StoreFailure.class, (e, ctx) -> {
            if (e.httpStatus() == 500) {
                System.err.println("perpguard desk: database error on " + ctx.method() + " " + ctx.path() + ": " + e.getMessage());
            }
            write(ctx, e.httpStatus(), e.getMessage(), null);
        });
    }

    /** A failure to listen, in one line: the port is taken, or the address is not one of this machine's. */
    static RuntimeException bindFailure(DeskConfig config, RuntimeException e) {
        Throwable c = e;
        while (c != null && !(c instanceof java.net.BindException) && !(c instanceof java.net.SocketException) && c.getCause() != c) {
            c = c.getCause();
        }
        if (c == null) {
            return e;
        }
        String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("in use")) {
            return new io.perpguard.InvalidInputException("port", config.port() + " on " + config.bind()
                    + " is already in use by another program (another desk?); stop it or choose --port (0 = any free port)");
        }
        if (m.contains("assign") || m.contains("not available") || m.contains("unresolved") || m.contains("permission")) {
            return new io.perpguard.InvalidInputException("bind", "cannot listen on " + config.bind() + ":" + config.port() + " ("
                    + c.getMessage() + "): give an address of this machine, e.g. 127.0.0.1" + (m.contains("permission") ? ", or a port above 1023" : ""));
        }
        return e;
    }

    private void check(Context ctx) {
        HttpServletRequest req = ctx.req();
        checkSite(req);
        if (token == null) {
            return;
        }
        String query = "GET".equals(req.getMethod()) ? ctx.queryParam("token") : null;
        if (query != null && matches(query)) {
            // opened from the printed link: remember it in a cookie only this site sends, and drop it from the address bar
            Cookie c = new Cookie(COOKIE, access.token());
            c.setHttpOnly(true);
            c.setSameSite(SameSite.STRICT);
            c.setPath("/");
            ctx.cookie(c);
            ctx.redirect(ctx.path());
            ctx.skipRemainingHandlers();
            return;
        }
        checkToken(req);
    }

    /**
     * The same checks for a request served ahead of Javalin ({@link HotRoutes}, POST only: the token link is a GET).
     *
     * @throws Denied when the request may not pass
     */
    void admit(HttpServletRequest req) {
        if ("GET".equals(req.getMethod())) {
            throw new IllegalStateException("GET requests pass through the Javalin before-handler (token link)");
        }
        checkSite(req);
        if (token != null) {
            checkToken(req);
        }
    }

    /** Host, Origin and Sec-Fetch-Site. */
    private void checkSite(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host != null && !hosts.contains(hostName(host))) {
            throw new Denied(403, "Host '" + excerpt(host) + "' is not this desk (DNS rebinding?); allowed: " + String.join(", ", hosts)
                    + " (serve --allow-host NAME adds one)");
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !sameOrigin(origin)) {
            throw new Denied(403, "cross-origin request from '" + excerpt(origin) + "' refused: the desk only answers its own pages");
        }
        // a link from another site may open the page (a top-level GET navigation); nothing else cross-site gets in
        boolean navigation = "navigate".equals(req.getHeader("Sec-Fetch-Mode")) && "GET".equals(req.getMethod());
        if ("cross-site".equals(req.getHeader("Sec-Fetch-Site")) && !navigation) {
            throw new Denied(403, "cross-site request refused: the desk only answers its own pages");
        }
    }

    /** The bearer token, else the cookie. */
    private void checkToken(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : cookie(req);
        if (given == null || !matches(given)) {
            throw new Denied(401, given == null
                    ? "this desk needs its access token: send 'Authorization: Bearer TOKEN' or open /?token=TOKEN once"
                    : "wrong access token");
        }
    }

    private static String cookie(HttpServletRequest req) {
        jakarta.servlet.http.Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (jakarta.servlet.http.Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private boolean sameOrigin(String origin) {
        try {
            URI u = new URI(origin);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                return false;
            }
            int p = u.getPort() < 0 ? ("https".equals(u.getScheme()) ? 443 : 80) : u.getPort();
            return p == port.getAsInt() && hosts.contains(hostName(u.getHost()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void deny(Context ctx, Denied e) {
        if (e.status == 401) {
            ctx.header("WWW-Authenticate", CHALLENGE);
        }
        if (ctx.path().startsWith("/api") || e.status != 401) {
            write(ctx, e.status, e.getMessage(), e.status == 401 ? "token" : "origin");
        } else {
            ctx.status(401).contentType("text/html; charset=utf-8").result("<!doctype html><title>perpguard</title>"
                    + "<p>This risk desk needs its access token: open the link <code>perpguard serve</code> printed "
                    + "(<code>/?token=…</code>).</p>");
        }
    }

    /** {@link #deny(Context, Denied)} for a request to {@code /api} served ahead of Javalin. */
    static void deny(HttpServletResponse res, Denied e) {
        if (e.status == 401) {
            res.setHeader("WWW-Authenticate", CHALLENGE);
        }
        Http.error(res, e.status, e.getMessage(), e.status == 401 ? "token" : "origin");
    }

    private static void write(Context ctx, int status, String message, String field) {
        Http.error(ctx, status, message, field);
    }

    /** The host part of a Host header or URI host, lower case, without brackets or port. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);   // host:port (a bare IPv6 address has more than one colon)
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    static Set<String> allowedHosts(String bind, DeskAccess access) {
        Set<String> s = new TreeSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        String b = hostName(bind);
        s.add(b);
        s.addAll(access.extraHosts());
        if (b.equals("0.0.0.0") || b.equals("::") || b.equals("0:0:0:0:0:0:0:0")) {
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        String text = a.getHostAddress();
                        int pct = text.indexOf('%');
                        s.add((a instanceof Inet6Address && pct >= 0 ? text.substring(0, pct) : text).toLowerCase(Locale.ROOT));
                    }
                }
                s.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            } catch (SocketException | java.net.UnknownHostException e) {
                // only the names above
            }
        }
        return s;
    }

    private static String excerpt(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    /** A refused request. */
    static final class Denied extends RuntimeException {
        final int status;

        Denied(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
