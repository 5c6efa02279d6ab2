package io.perpguard.live.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.app.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One alert about a live account, as delivered to every channel.
 *
 * @param dedupeKey   identical for every delivery of the same crossing (receivers may drop repeats by it)
 * @param account     the account's name (config file or {@code --account}; the venue name by default)
 * @param venue       {@code binance}, ...
 * @param subject     {@code cross} (the account's cross margin) or {@code isolated:SYMBOL/side}; faults: {@code feed}
 * @param symbol      the symbol whose tick raised it (null for account-wide faults)
 * @param kind        {@code threshold}, {@code fast_rise}, {@code liquidation}, {@code partial_liquidation} (the venue closed part of a
 *                    position, the rest stays open), {@code funding}, {@code stale}, {@code fault}
 * @param threshold   the threshold crossed (fraction), NaN when not applicable
 * @param marginRatio the margin ratio that raised it (fraction; +∞ when margin balance is gone; NaN n/a)
 * @param markPrice   the mark price of the tick (NaN n/a); {@code markPrice} in the JSON, as in the API
 * @param tickTimeMs  the venue's event time of the tick that raised it
 * @param raisedAtMs  when perpguard raised it (local clock)
 * @param message     one line for the trader
 */
@JsonPropertyOrder({"type", "dedupeKey", "account", "venue", "subject", "symbol", "kind", "threshold", "marginRatio", "markPrice", "tickTimeMs",
        "raisedAtMs", "message"})
public record LiveAlert(String dedupeKey, String account, String venue, String subject, String symbol, String kind,
                        double threshold, double marginRatio, double markPrice, long tickTimeMs, long raisedAtMs, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Always {@code alert}: what a receiver of mixed messages tells this one by. */
    @JsonProperty
    public String type() {
        return "alert";
    }

    /** The alert as one JSON object, written by Jackson ({@code "type":"alert"}); non-finite numbers become null. */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public String toJsonString() {
        return Json.write(this);
    }

    /** Reads back what {@link #toJson()} wrote (outbox files); a file written before the rename says {@code mark}. */
    public static LiveAlert fromJson(String text) {
        try {
            var n = JSON.readTree(text);
            return new LiveAlert(n.path("dedupeKey").asText(), n.path("account").asText(), n.path("venue").asText(),
                    n.path("subject").asText(), n.path("symbol").isNull() ? null : n.path("symbol").asText(null), n.path("kind").asText(),
                    num(n.get("threshold")), num(n.get("marginRatio")), num(n.has("markPrice") ? n.get("markPrice") : n.get("mark")), n.path("tickTimeMs").asLong(),
                    n.path("raisedAtMs").asLong(), n.path("message").asText());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("alert: not JSON");
        }
    }

    private static double num(com.fasterxml.jackson.databind.JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}
