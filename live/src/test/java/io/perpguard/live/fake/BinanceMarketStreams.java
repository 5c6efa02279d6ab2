package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake side of Binance's combined market streams, the same on USDⓈ-M and COIN-M: symbols subscribed by
 * {@code ?streams=a@x/b@y} or a {@code SUBSCRIBE} message per socket, and a push to the sockets subscribed to a symbol.
 */
final class BinanceMarketStreams {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();   // session id → symbols (lower)
    private final List<WsContext> market;

    BinanceMarketStreams(List<WsContext> market) {
        this.market = market;
    }

    /** Serves the combined market streams at {@code path}. */
    void mount(Javalin app, String path) {
        app.ws(path, ws -> {
            ws.onConnect(ctx -> {
                Set<String> subs = ConcurrentHashMap.newKeySet();
                String streams = ctx.queryParam("streams");
                if (streams != null) {
                    for (String s : streams.split("/")) {
                        subs.add(s.substring(0, s.indexOf('@')));
                    }
                }
                subscriptions.put(ctx.sessionId(), subs);
                market.add(ctx);
            });
            ws.onMessage(ctx -> {
                JsonNode n = JSON.readTree(ctx.message());
                if ("SUBSCRIBE".equals(n.path("method").asText())) {
                    for (JsonNode p : n.path("params")) {
                        subscriptions.get(ctx.sessionId()).add(p.asText().substring(0, p.asText().indexOf('@')));
                    }
                    FakeVenue.send(ctx, "{\"result\":null,\"id\":" + n.path("id").asInt() + "}");
                }
            });
            ws.onClose(ctx -> market.remove(ctx));
            ws.onError(ctx -> market.remove(ctx));
        });
    }

    /** Sends {@code frame} to every socket subscribed to {@code lowerSymbol}. */
    void push(String lowerSymbol, String frame) {
        for (WsContext c : market) {
            Set<String> subs = subscriptions.get(c.sessionId());
            if (subs != null && subs.contains(lowerSymbol)) {
                FakeVenue.send(c, frame);
            }
        }
    }
}
