package io.perpguard.server;

import io.javalin.Javalin;

/** A group of endpoints of one concern; its dependencies come through its constructor. */
interface Routes {
    void register(Javalin app);
}
