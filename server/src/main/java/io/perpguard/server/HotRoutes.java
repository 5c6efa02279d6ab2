package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.data.store.StoreFailure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import java.io.IOException;
import java.util.Map;

/**
 * Serves the hot endpoints ({@code POST /api/calc}, {@code /api/check}) as a plain Jetty handler ahead of Javalin,
 * whose per-request context and route matching cost more than the calculation (docs/performance.md, "Desk API: bytes
 * allocated per request"). Same checks in the same order as the Javalin pipeline — {@link AccessGuard} (Host, Origin,
 * Sec-Fetch-Site, token), then the body limit — same answers and the same one-line errors
 * ({@code DeskServer.createApp}'s exception mapping); {@code HotRoutesTest} compares both byte for byte. Every other
 * request, and these paths with another method or spelling, goes on to Javalin, where the same routes stay registered.
 */
final class HotRoutes extends HandlerWrapper {
    /** One hot endpoint: the request body in, the answer out. */
    interface Route {
        Object answer(byte[] body);
    }

    private final AccessGuard guard;
    private final Http http;
    private final Map<String, Route> routes;

    HotRoutes(AccessGuard guard, Http http, Map<String, Route> routes) {
        this.guard = guard;
        this.http = http;
        this.routes = Map.copyOf(routes);
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse res) throws IOException,
            jakarta.servlet.ServletException {
        Route route = "POST".equals(req.getMethod()) ? routes.get(target) : null;
        if (route == null || base.isHandled() || req.getQueryString() != null) {   // a query is refused by Javalin's QueryParams check
            super.handle(target, base, req, res);
            return;
        }
        base.setHandled(true);
        try {
            guard.admit(req);
            long len = req.getContentLengthLong();
            if (len > http.maxBodyBytes()) {
                throw new Http.TooLarge(len, http.maxBodyBytes());
            }
            Http.json(res, route.answer(http.jsonBytes(req)));
        } catch (AccessGuard.Denied e) {
            AccessGuard.deny(res, e);
        } catch (RuntimeException e) {
            fail(req, res, e);
        }
    }

    /** As {@code DeskServer.createApp} and {@code AccessGuard.install} map exceptions for the Javalin routes. */
    private static void fail(HttpServletRequest req, HttpServletResponse res, RuntimeException e) {
        if (e instanceof Budget.ClientLeft) {
            res.setStatus(499);
        } else if (e instanceof StoreFailure f) {
            if (f.httpStatus() == 500) {
                System.err.println("perpguard desk: database error on " + req.getMethod() + " " + req.getRequestURI() + ": " + f.getMessage());
            }
            Http.error(res, f.httpStatus(), f.getMessage(), null);
        } else if (e instanceof Http.TooLarge) {
            Http.error(res, 413, e.getMessage(), "body");
        } else if (e instanceof Http.UnsupportedType) {
            Http.error(res, 415, e.getMessage(), "Content-Type");
        } else if (e instanceof DeskStore.Conflict c) {
            Http.error(res, 409, c.getMessage(), c.field());
        } else if (e instanceof InvalidInputException i) {
            Http.invalid(res, i);
        } else if (e instanceof DeskStore.NotFound nf) {
            Http.error(res, 404, e.getMessage(), nf.field());
        } else if (e instanceof IllegalArgumentException) {
            Http.error(res, 400, e.getMessage(), null);
        } else {
            System.err.println("perpguard desk: internal error on " + req.getMethod() + " " + req.getRequestURI() + ": " + e);
            Http.error(res, 500, "internal error: " + e.getClass().getSimpleName(), null);
        }
    }
}
