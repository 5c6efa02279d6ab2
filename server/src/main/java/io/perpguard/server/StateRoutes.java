package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The account state and replay routes: closing a position at a price, the closed positions, and the replay's
 * controls (pause, speed, jump to the crash).
 */
final class StateRoutes {
    private StateRoutes() {
    }

    static void register(Javalin a, MarkFeed feed, AccountBook book, DeskMonitor monitor, DeskStore store, BiConsumer<Context, Object> json) {
        a.post("/api/positions/{id}/close", ctx -> {
            JsonNode n = body(ctx);
            ApiInput.onlyKnown(n, Set.of("price"));
            Double price = n.hasNonNull("price") ? JsonInput.number(n, "price", "price") : null;
            DeskStore.ClosedRow closed = book.close(ApiInput.pathId(ctx.pathParam("id"), "id"), price, feed.marks(), feed.timeMs());
            monitor.reset("pos:" + closed.positionId());
            monitor.refresh();
            json.accept(ctx, closed);
        });
        a.get("/api/closed", ctx -> {
            String sub = ctx.queryParam("subAccountId");
            json.accept(ctx, store.closedPositions(sub == null ? null : ApiInput.pathId(sub, "subAccountId"), 1000));
        });
        a.get("/api/replay", ctx -> json.accept(ctx, feed.state()));
        a.post("/api/replay", ctx -> {
            JsonNode n = body(ctx);
            ApiInput.onlyKnown(n, Set.of("speed", "index", "jump"));
            if (n.hasNonNull("jump")) {
                String j = JsonInput.text(n, "jump", "jump");
                int to = switch (j) {
                    case "crash" -> feed.replay().crashIndex();
                    case "start" -> 0;
                    case "end" -> feed.replay().size() - 1;
                    default -> throw new InvalidInputException("jump", "'" + j + "' is not crash, start or end");
                };
                feed.jumpTo(to);
            } else if (n.hasNonNull("index")) {
                feed.jumpTo((int) JsonInput.number(n, "index", "index"));
            }
            if (n.hasNonNull("speed")) {
                feed.setSpeed(JsonInput.number(n, "speed", "speed"));
            }
            json.accept(ctx, feed.state());
        });
    }

    private static JsonNode body(Context ctx) {
        String text;
        try {
            text = new String(ctx.req().getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiInput.object(text.isBlank() ? "{}" : text);
    }
}
