package io.perpguard.server;

import io.javalin.Javalin;

/** A group of endpoints of one concern; its dependencies come through its constructor. */
interface Routes {
    void register(Javalin app);

    /**
     * Registers this group's hot endpoints, before any group's {@link #register}: Javalin matches a request against
     * the routes of its method in registration order, several times per request, and every miss allocates a regex
     * matcher, so a route pays for each one before it (docs/performance.md, "Desk API: bytes allocated per request").
     */
    default void registerHot(Javalin app) {
    }

    /** This group's endpoints served ahead of Javalin ({@link HotRoutes}), by path: {@code POST} only. */
    default void hot(java.util.Map<String, HotRoutes.Route> into) {
    }
}
