package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;

import java.util.Set;

/**
 * The account state and the replay: {@code POST /api/positions/{id}/close} (the trader closes at a price),
 * {@code GET /api/closed} (liquidated and closed positions with their PnL), {@code GET|POST /api/replay} (pause, speed,
 * jump to the crash).
 */
final class StateRoutes implements Routes {
    private final Http http;
    private final MarkFeed feed;
    private final MarkSource marks;
    private final AccountBook book;
    private final DeskMonitor monitor;
    private final DeskStore store;

    StateRoutes(Http http, MarkFeed feed, MarkSource marks, AccountBook book, DeskMonitor monitor, DeskStore store) {
        this.http = http;
        this.feed = feed;
        this.marks = marks;
        this.book = book;
        this.monitor = monitor;
        this.store = store;
    }

    @Override
    public void register(Javalin a) {
        a.post("/api/positions/{id}/close", ctx -> {
            JsonNode n = body(http.jsonBody(ctx));
            ApiInput.onlyKnown(n, Set.of("price"));
            // within the desk's bound of every stored number (1e308 reached the database and failed there: HTTP 500)
            Double price = n.hasNonNull("price") ? ApiInput.decimal(n, "price", null, DeskStore.PRICE_SCALE).doubleValue() : null;
            DeskStore.ClosedRow closed;
            synchronized (monitor) {   // not between another request's check and its write (AccountRoutes)
                closed = book.close(ApiInput.pathId(ctx.pathParam("id"), "id"), price, marks.marks(), marks.timeMs());
            }
            monitor.reset("pos:" + closed.positionId());
            monitor.refresh();
            Http.json(ctx, closed);
        });
        // keyset pages, newest first: ?limit=N&before=CURSOR; the Link header's rel="next" fetches the following page (it
        // answered the newest 1,000 and nothing older). The body stays the array it was.
        a.get("/api/closed", ctx -> {
            Long sub = Http.subAccountFilter(ctx, store);
            int limit = Http.wholeQuery(ctx.queryParam("limit"), "limit", CLOSED_PAGE, 1, CLOSED_PAGE);
            String before = ctx.queryParam("before");
            DeskStore.ClosedPage page = store.closedPage(sub, limit, before == null ? null : DeskStore.ClosedCursor.parse(before, "before"));
            if (page.next() != null) {
                ctx.header("Link", "</api/closed?" + (sub == null ? "" : "subAccountId=" + sub + "&") + "limit=" + limit
                        + "&before=" + page.next() + ">; rel=\"next\"");
            }
            Http.json(ctx, page.rows());
        });
        a.get("/api/replay", ctx -> Http.json(ctx, feed.state()));
        a.post("/api/replay", ctx -> {
            JsonNode n = body(http.jsonBody(ctx));
            ApiInput.onlyKnown(n, Set.of("speed", "index", "jump"));
            if (n.hasNonNull("jump") && n.hasNonNull("index")) {
                // the jump was made and the index ignored
                throw new InvalidInputException("index", "give at most one of jump (crash, start or end) or index (a bar, 0 to "
                        + (feed.state().bars() - 1) + ")");
            }
            // the speed judged before any move: a bad speed beside a jump moved the replay and then answered 400
            Double speed = n.hasNonNull("speed") ? MarkFeed.checkedSpeed(JsonInput.literalNumber(n, "speed", "speed")) : null;
            if (n.hasNonNull("jump") && !n.get("jump").isTextual()) {
                // it said "jump: -5 is not a string", naming neither the values it takes nor the field that moves by bars
                String t = n.get("jump").toString();
                throw new InvalidInputException("jump", (t.length() > 40 ? t.substring(0, 40) + "…" : t)
                        + " is not crash, start or end; to move to a bar give index (0 to " + (feed.state().bars() - 1) + ")");
            }
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
                // the step as given: 1e12 was said to be 2147483647, and 1.5 moved to step 1
                double i = Checks.inRange("index", JsonInput.literalNumber(n, "index", "index"), 0, feed.state().bars() - 1);
                feed.jumpTo((int) Checks.whole("index", i, Integer.MAX_VALUE));
            }
            if (speed != null) {
                feed.setSpeed(speed);
            }
            Http.json(ctx, feed.state());
        });
    }

    /** Closed positions per page of {@code GET /api/closed}: the default and the most a {@code limit} may ask. */
    static final int CLOSED_PAGE = 1000;

    private static JsonNode body(String text) {
        return ApiInput.object(text.isBlank() ? "{}" : text);
    }
}
