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
        HttpDelivery.send(http, r, describe());
    }
}
