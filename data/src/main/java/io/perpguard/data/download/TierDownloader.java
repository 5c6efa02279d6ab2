package io.perpguard.data.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.data.json.JsonInput;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code perpguard tiers download}: fetches a venue's current tier tables from its public endpoint (Binance's are
 * signed: key from the environment) and saves the raw responses in the data directory
 * ({@code tiers/<exchange>.json}, an envelope {@code {perpguardTiers, exchange, fetchedAt, responses}}), where every
 * command finds them. A response is checked by the venue's reader before anything is written.
 */
public final class TierDownloader {
    /** Default hosts per exchange (public REST). */
    public static String defaultBaseUrl(Exchange ex, ContractType type) {
        return switch (ex) {
            case BINANCE -> "https://fapi.binance.com";
            case BINANCE_COINM -> "https://dapi.binance.com";
            case BYBIT, BYBIT_UTA -> "https://api.bybit.com";
            case OKX -> "https://www.okx.com";
            case XT -> type == ContractType.INVERSE ? "https://dapi.xt.com" : "https://fapi.xt.com";
        };
    }

    private final Exchange exchange;
    private final String baseUrl;
    private final ApiKey key;
    private final Sleeper sleeper;
    private final Clock clock;
    private final PrintStream log;

    /**
     * @param baseUrl null for the venue's own host (a test passes a local fake server)
     * @param key     Binance key for the signed leverageBracket endpoints (null for other venues)
     */
    public TierDownloader(Exchange exchange, String baseUrl, ApiKey key, Sleeper sleeper, Clock clock, PrintStream log) {
        this.exchange = exchange;
        this.baseUrl = baseUrl;
        this.key = key;
        this.sleeper = sleeper;
        this.clock = clock;
        this.log = log;
    }

    private BinanceClient client(ContractType type) {
        return new BinanceClient(baseUrl != null ? baseUrl : defaultBaseUrl(exchange, type), sleeper, clock, log);
    }

    /** What was saved. */
    public record Saved(Path file, int responses, List<String> symbols) {
    }

    /** Fetches the tables of {@code symbol} (null: every symbol the endpoint lists) and saves them under {@code dataDir}. */
    public Saved download(String symbol, Path dataDir) {
        List<JsonNode> responses = fetch(symbol == null || symbol.isBlank() ? null : symbol.trim());
        List<String> symbols = new ArrayList<>();
        for (JsonNode r : responses) {
            symbols.addAll(VenueTierFormats.readResponse(r, exchange, exchange.displayName() + " response").keySet());
        }
        Path file = VenueInstruments.savedTable(dataDir, exchange);
        ObjectNode env = JsonInput.MAPPER.createObjectNode();
        env.put("perpguardTiers", 1);
        env.put("exchange", exchange.id());
        env.put("fetchedAt", Instant.now(clock).toString());
        ArrayNode arr = env.putArray("responses");
        if (Files.isRegularFile(file)) {
            // keep what was fetched before for other symbols only: a table is replaced whole, never mixed with an older one
            JsonNode old = JsonInput.readFile("tiers", file);
            for (JsonNode r : old.path("responses")) {
                if (VenueTierFormats.readResponse(r, exchange, "saved response").keySet().stream().noneMatch(symbols::contains)) {
                    arr.add(r);
                }
            }
        }
        responses.forEach(arr::add);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(env));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new Saved(file, responses.size(), symbols);
    }

    private List<JsonNode> fetch(String symbol) {
        List<JsonNode> out = new ArrayList<>();
        switch (exchange) {
            case BINANCE, BINANCE_COINM -> {
                if (key == null) {
                    throw new InvalidInputException("exchange", exchange.displayName() + "'s leverageBracket endpoint is signed: set "
                            + ApiKey.KEY_ENV + " and " + ApiKey.SECRET_ENV + " (a read-only key)");
                }
                Map<String, String> p = new LinkedHashMap<>();
                if (symbol != null) {
                    p.put("symbol", symbol.toUpperCase(Locale.ROOT));
                }
                String path = exchange == Exchange.BINANCE ? "/fapi/v1/leverageBracket" : "/dapi/v2/leverageBracket";
                out.add(client(ContractType.LINEAR).getSigned(path, p, key));
            }
            case BYBIT, BYBIT_UTA -> {
                List<String> categories = symbol != null ? List.of(exchange.typeOf(symbol) == ContractType.INVERSE ? "inverse" : "linear")
                        : List.of("linear", "inverse");
                for (String cat : categories) {
                    // pages of one category are joined into one response: a symbol's tiers may straddle pages
                    ObjectNode joined = null;
                    String cursor = "";
                    for (int page = 0; page < 200; page++) {
                        Map<String, String> p = new LinkedHashMap<>();
                        p.put("category", cat);
                        if (symbol != null) {
                            p.put("symbol", symbol.toUpperCase(Locale.ROOT));
                        }
                        if (!cursor.isEmpty()) {
                            p.put("cursor", cursor);
                        }
                        JsonNode r = client(ContractType.LINEAR).get("/v5/market/risk-limit", p);
                        if (r.path("retCode").asInt(-1) != 0) {
                            throw new DownloadException("Bybit risk-limit: " + r.path("retMsg").asText("error"));
                        }
                        if (joined == null) {
                            joined = r.deepCopy();
                        } else {
                            ((ArrayNode) joined.path("result").path("list")).addAll((ArrayNode) r.path("result").path("list"));
                        }
                        cursor = r.path("result").path("nextPageCursor").asText("");
                        if (cursor.isEmpty()) {
                            break;
                        }
                    }
                    out.add(joined);
                }
            }
            case OKX -> {
                List<String> families = new ArrayList<>();
                if (symbol != null) {
                    families.add(family(symbol));
                } else {
                    VenueInstruments.contracts(Exchange.OKX).keySet().forEach(s -> families.add(family(s)));
                }
                for (String fam : families) {
                    Map<String, String> p = new LinkedHashMap<>();
                    p.put("instType", "SWAP");
                    p.put("tdMode", "isolated");
                    p.put("instFamily", fam);
                    JsonNode r = client(ContractType.LINEAR).get("/api/v5/public/position-tiers", p);
                    if (!"0".equals(r.path("code").asText())) {
                        throw new DownloadException("OKX position-tiers " + fam + ": " + r.path("msg").asText("error"));
                    }
                    out.add(r);
                }
            }
            case XT -> {
                List<ContractType> types = symbol != null ? List.of(exchange.typeOf(symbol)) : List.of(ContractType.LINEAR, ContractType.INVERSE);
                for (ContractType t : types) {
                    JsonNode r = symbol != null
                            ? client(t).get("/future/market/v1/public/leverage/bracket/detail", Map.of("symbol", symbol.toLowerCase(Locale.ROOT)))
                            : client(t).get("/future/market/v1/public/leverage/bracket/list", Map.of());
                    if (r.path("returnCode").asInt(-1) != 0) {
                        throw new DownloadException("XT leverage/bracket: " + r.path("error"));
                    }
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** OKX instrument family of a swap: {@code BTC-USDT-SWAP} → {@code BTC-USDT}. */
    static String family(String symbol) {
        return symbol.trim().toUpperCase(Locale.ROOT).replaceAll("-SWAP$", "");
    }
}
