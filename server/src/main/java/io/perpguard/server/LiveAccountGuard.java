package io.perpguard.server;

import io.javalin.Javalin;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code serve --live}: the mirrored live accounts are read-only on the desk — editing, closing or deleting them is
 * refused with 409 (the exchange is where they change; a position added to them by hand is closed at the next sync).
 */
final class LiveAccountGuard implements Routes {
    private final LiveMirror mirror;

    LiveAccountGuard(LiveMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public void register(Javalin a) {
        a.before("/api/accounts/{id}", ctx -> refuse(ctx, mirror.ownsAccount(id(ctx)), "account"));
        a.before("/api/subaccounts/{id}", ctx -> refuse(ctx, mirror.ownsSubAccount(id(ctx)), "sub-account"));
        a.before("/api/positions/{id}", ctx -> refuse(ctx, mirror.ownsPosition(id(ctx)), "position"));
        a.before("/api/positions/{id}/close", ctx -> refuse(ctx, mirror.ownsPosition(id(ctx)), "position"));
    }

    private static void refuse(Context ctx, boolean live, String what) {
        if (live && ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            throw new ConflictResponse("this " + what + " mirrors a live exchange account and is read-only; change it on the exchange");
        }
    }

    private static long id(Context ctx) {
        try {
            if (!io.perpguard.Checks.digits(ctx.pathParam("id"))) {
                return -1;   // ١ is not id 1
            }
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            return -1;   // the route answers the bad id
        }
    }
}
