package io.perpguard.live.alert;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Telegram Bot API {@code sendMessage}: {@code POST <api>/bot<token>/sendMessage} with {@code chat_id} and
 * {@code text}. The token is part of the URL, so no URL is ever put in a message.
 */
public final class TelegramChannel implements AlertChannel {
    public static final String DEFAULT_API = "https://api.telegram.org";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String api, token, chatId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TelegramChannel(String api, String token, String chatId) {
        if (token == null || token.isBlank() || chatId == null || chatId.isBlank()) {
            throw new IllegalArgumentException("telegram: a bot token (PERPGUARD_TELEGRAM_TOKEN) and a chat id are both needed");
        }
        String a = api == null || api.isBlank() ? DEFAULT_API : api.trim();
        this.api = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
        this.token = token.trim();
        this.chatId = chatId.trim();
    }

    @Override
    public String id() {
        return "telegram-" + HttpDelivery.sha(token + "/" + chatId);
    }

    @Override
    public String describe() {
        return "telegram chat " + chatId;
    }

    @Override
    public void send(LiveAlert alert) throws DeliveryException {
        var body = JSON.createObjectNode().put("chat_id", chatId).put("text", "perpguard: " + alert.message())
                .put("disable_web_page_preview", true);
        HttpRequest r = HttpRequest.newBuilder(URI.create(api + "/bot" + token + "/sendMessage")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        java.net.http.HttpResponse<String> answer = HttpDelivery.answer(http, r, describe());
        if (answer.statusCode() / 100 != 2) {
            String description = description(answer.body());
            HttpDelivery.check(answer, describe(), description, answer.statusCode() == 400 && refusedChat(description));
        }
    }

    /**
     * Telegram's own words ({@code "description":"Bad Request: chat not found"}), one line, at most 120 characters; null
     * when the body says none. They never hold the token (it is in the URL only).
     */
    static String description(String body) {
        try {
            String d = JSON.readTree(body).path("description").asText("");
            d = d.replaceAll("\\s+", " ").trim();
            return d.isEmpty() ? null : d.length() > 120 ? d.substring(0, 120) + "…" : d;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A 400 that no retry changes: the chat does not exist (or the bot is not in it), or it is gone. 401 Unauthorized
     * (the token), 403 Forbidden ("bot was blocked by the user", "bot was kicked") and 404 (no such bot) are refusals
     * by their status alone.
     */
    private static boolean refusedChat(String description) {
        String d = description == null ? "" : description.toLowerCase(java.util.Locale.ROOT);
        return d.contains("chat not found") || d.contains("user not found") || d.contains("chat_id is empty")
                || d.contains("group chat was deactivated") || d.contains("peer_id_invalid");
    }
}
