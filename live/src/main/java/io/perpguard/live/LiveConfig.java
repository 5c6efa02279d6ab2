package io.perpguard.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyLoader;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Connectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several accounts from one JSON file (keys are never in it — only where to find them):
 * <pre>{"accounts": [
 *   {"name": "main", "exchange": "binance"},                                  // PERPGUARD_BINANCE_KEY / _SECRET
 *   {"name": "scalp", "exchange": "binance", "keyEnv": "PERPGUARD_BINANCE_SCALP"},  // PERPGUARD_BINANCE_SCALP_KEY / _SECRET
 *   {"name": "swing", "exchange": "binance", "keyFile": "/home/me/.perpguard/swing.key",
 *    "restUrl": "https://fapi.binance.com", "wsUrl": "wss://fstream.binance.com"}],
 *  "webhooks": ["https://hooks.example.com/perpguard"]}</pre>
 */
public final class LiveConfig {

    /** The accounts and the extra webhooks of a config file. */
    public record Parsed(List<LiveMonitor.AccountSpec> accounts, List<String> webhooks) {
    }

    private static final Set<String> ROOT_FIELDS = Set.of("accounts", "webhooks");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("name", "exchange", "keyFile", "keyEnv", "restUrl", "wsUrl", "accountUrl");

    private LiveConfig() {
    }

    public static Parsed read(Path file, Map<String, String> env, ConnectorConfig defaults) {
        // size limits, line and column of a syntax error, and unknown fields named: the project's strict JSON reading
        JsonNode root = io.perpguard.data.json.JsonInput.readFile("config", file);
        io.perpguard.data.json.JsonInput.onlyKnown(root, "", ROOT_FIELDS);
        JsonNode accounts = root.get("accounts");
        if (accounts == null || !accounts.isArray() || accounts.isEmpty()) {
            throw new InvalidInputException("config", file + ": \"accounts\" must be a non-empty array");
        }
        List<LiveMonitor.AccountSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            String where = "accounts[" + i + "]";
            JsonNode a = io.perpguard.data.json.JsonInput.object(accounts.get(i), where);
            io.perpguard.data.json.JsonInput.onlyKnown(a, where + ".", ACCOUNT_FIELDS);
            String exchange = a.path("exchange").asText("");
            if (exchange.isBlank()) {
                throw new InvalidInputException(where + ".exchange", "is missing (one of " + String.join(", ", Connectors.VENUES) + ")");
            }
            exchange = Connectors.requireKnown(where + ".exchange", exchange);   // before the key: 'binanc' asked for PERPGUARD_BINANC_KEY
            String name = a.path("name").asText(exchange);
            if (!names.add(name)) {
                throw new InvalidInputException(where + ".name", name + " is used twice; account names must differ");
            }
            String prefix = a.path("keyEnv").asText(KeyLoader.envPrefix(exchange));
            Credentials c = KeyLoader.requirePassphrase(a.hasNonNull("keyFile") ? KeyLoader.fromFile(Path.of(a.get("keyFile").asText()))
                    : KeyLoader.fromEnv(env, prefix, Connectors.needsPassphrase(exchange)), prefix, Connectors.needsPassphrase(exchange));
            ConnectorConfig cfg = defaults.withUrls(text(a, "restUrl", defaults.restUrl()), text(a, "wsUrl", defaults.wsUrl()))
                    .withAccountUrl(text(a, "accountUrl", defaults.accountUrl()));
            out.add(new LiveMonitor.AccountSpec(name, exchange, c, cfg));
        }
        List<String> hooks = new ArrayList<>();
        root.path("webhooks").forEach(h -> hooks.add(h.asText()));
        return new Parsed(out, hooks);
    }

    private static String text(JsonNode n, String field, String fallback) {
        return n.hasNonNull(field) ? n.get(field).asText() : fallback;
    }
}
