package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.Fault;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.Exchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;

import java.util.List;
import java.util.Map;

/**
 * Binance USDⓈ-M futures, read-only. REST {@code /fapi} (signed account and positions, listenKey), the 2026 split
 * WebSocket bases: marks on {@code <ws>/market/stream?streams=<sym>@markPrice@1s/...}, user data on
 * {@code <ws>/private/ws?listenKey=..&events=..}. After every (re)connect: new listenKey, user socket, REST
 * snapshot, then marks — so nothing that changed while disconnected is missed. A market socket silent for
 * {@link ConnectorConfig#silence()} is dropped and reopened; HTTP 429/418 stop all REST calls until Retry-After.
 * What it shares with COIN-M is in {@link BinanceFuturesConnector}; here are its hosts, paths and the USDT wallet.
 */
public final class BinanceUsdmConnector extends BinanceFuturesConnector {
    public static final String DEFAULT_REST = "https://fapi.binance.com";
    public static final String DEFAULT_WS = "wss://fstream.binance.com";
    /** User-data events this connector reads (the private base treats {@code events} as an allow list). */
    static final String EVENTS = "ACCOUNT_UPDATE/ORDER_TRADE_UPDATE/MARGIN_CALL/listenKeyExpired";

    /** The account's asset mode as the last snapshot read it ({@code multiAssetsMargin}). */
    private volatile boolean multiAssets;
    /** Symbol → margin asset other than USDT, from exchangeInfo; null until read. */
    private volatile Map<String, String> marginAssets;
    /** exchangeInfo's symbols, by symbol; null until read. */
    private volatile Map<String, JsonNode> info;

    public BinanceUsdmConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS, "/fapi");
    }

    @Override
    public String venue() {
        return "binance";
    }

    @Override
    public boolean hasAssetMode() {
        return true;
    }

    @Override
    protected String accountPath() {
        return "/fapi/v2/account";
    }

    @Override
    protected String positionRiskPath() {
        return "/fapi/v2/positionRisk";
    }

    @Override
    protected String bracketPath() {
        return "/fapi/v1/leverageBracket";
    }

    @Override
    protected Exchange bracketExchange() {
        return Exchange.BINANCE;
    }

    @Override
    protected String userSocketUrl(String listenKey) {
        return ws + "/private/ws?listenKey=" + listenKey + "&events=" + EVENTS;
    }

    @Override
    protected String marketSocketUrl(List<String> streams) {
        return ws + "/market/stream?streams=" + String.join("/", streams);
    }

    /**
     * The USDT asset's wallet, else {@code totalWalletBalance}; in single-asset mode beside it the wallet of every other
     * margin asset a contract names (USDC: Binance keeps each its own wallet, margining its own contracts only). In Multi-Assets mode ({@code multiAssetsMargin: true}) also
     * every margin asset of the pool, valued by {@code GET /fapi/v1/assetIndex} (index, bid and ask buffers; weight 10 for all).
     */
    @Override
    protected AccountSnapshot snapshotOf(long timeMs, Map<String, Double> wallets, JsonNode account, List<LivePosition> positions,
                                         Map<String, Double> marks, Map<String, MarkUpdate> funding) {
        Double usdt = wallets.get("USDT");
        double wallet = usdt != null ? usdt : num(account, "totalWalletBalance");
        multiAssets = account.path("multiAssetsMargin").asBoolean(false);
        if (!multiAssets) {
            return new AccountSnapshot(timeMs, wallet, positions, marks, funding, ownWallets(wallets, marginAssets()));
        }
        return new AccountSnapshot(timeMs, wallet, positions, marks, funding, Map.of(), collateral(account));
    }

    /** The pool's assets: each margin asset's wallet at its {@code <ASSET>USD} index with Binance's bid/ask buffers. */
    private List<CollateralAsset> collateral(JsonNode account) {
        Map<String, JsonNode> index = new HashMap<>();
        for (JsonNode i : get(rest, "/fapi/v1/assetIndex", "", false)) {
            index.put(i.path("symbol").asText().toUpperCase(Locale.ROOT), i);
        }
        List<CollateralAsset> out = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        for (JsonNode a : account.path("assets")) {
            String asset = a.path("asset").asText().toUpperCase(Locale.ROOT);
            if (!a.path("marginAvailable").asBoolean(true) || !a.hasNonNull("walletBalance")) {
                continue;
            }
            double amount = num(a, "walletBalance");
            JsonNode i = index.get(asset + "USD");
            if (i == null) {
                if (amount != 0) {
                    unpriced.add(asset);
                }
                continue;
            }
            out.add(new CollateralAsset(asset, amount, num(i, "index"),
                    CollateralRule.binanceMultiAssets(num(i, "bidBuffer"), num(i, "askBuffer"))));
        }
        if (!unpriced.isEmpty()) {
            fault(Fault.Kind.MALFORMED, "Binance assetIndex has no index for " + String.join(", ", unpriced)
                    + ": not counted as margin (the liquidation price shown is without it)");
        }
        return out;
    }

    /**
     * The USDⓈ-M contracts margined in another asset than USDT ({@code GET /fapi/v1/exchangeInfo}, weight 1:
     * {@code symbols[].marginAsset}, USDC for {@code BTCUSDC}), read once; empty when it cannot be read (then every
     * contract counts in USDT, and the view's pool says nothing different).
     */
    @Override
    public Map<String, String> marginAssets() {
        Map<String, String> known = marginAssets;
        if (known != null) {
            return known;
        }
        Map<String, String> out = new HashMap<>();
        try {
            for (JsonNode s : exchangeInfo().values()) {
                String asset = s.path("marginAsset").asText("USDT").toUpperCase(Locale.ROOT);
                if (!asset.isEmpty() && !asset.equals("USDT")) {
                    out.put(s.path("symbol").asText().toUpperCase(Locale.ROOT), asset);
                }
            }
        } catch (RuntimeException e) {
            return Map.of();   // read again next time
        }
        marginAssets = Map.copyOf(out);
        return marginAssets;
    }

    /**
     * Every symbol's rules from exchangeInfo ({@link #contract}); perpguard's bundled contracts keep theirs, a symbol it
     * does not bundle (DOGEUSDT, ETHUSDC) is priced and shown at the venue's tick and step instead of a default contract's.
     * Empty when it cannot be read.
     */
    @Override
    public Map<String, io.perpguard.instrument.Contract> contracts() {
        Map<String, io.perpguard.instrument.Contract> out = new java.util.LinkedHashMap<>();
        try {
            exchangeInfo().forEach((symbol, s) -> {
                try {
                    out.put(symbol, contract(s));
                } catch (RuntimeException bad) {
                    // a symbol whose rules do not read: the default contract
                }
            });
        } catch (RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    @Override
    public Map<String, io.perpguard.instrument.Contract> contractsOf(java.util.Set<String> symbols) {
        Map<String, io.perpguard.instrument.Contract> all = contracts(), out = new java.util.LinkedHashMap<>();
        symbols.stream().filter(all::containsKey).forEach(s -> out.put(s, all.get(s)));
        return out;
    }

    /** exchangeInfo's symbol entries by symbol, read once (weight 1); throws when it cannot be read (read again next time). */
    private Map<String, JsonNode> exchangeInfo() {
        Map<String, JsonNode> known = info;
        if (known != null) {
            return known;
        }
        info = java.util.Collections.unmodifiableMap(exchangeInfoSymbols());
        return info;
    }

    /**
     * One exchangeInfo symbol as a linear contract: tick from PRICE_FILTER, step and minimum from LOT_SIZE, the minimum
     * notional from MIN_NOTIONAL, the liquidation fee rate and the margin asset as settlement currency; fees Binance's
     * VIP 0 (taker 0.05 %, maker 0.02 %), funding every 8 h, as the default contract's.
     */
    static io.perpguard.instrument.Contract contract(JsonNode s) {
        String symbol = s.path("symbol").asText().toUpperCase(Locale.ROOT);
        Filters f = Filters.of(s);
        double tick = f.tick(), step = f.step(), minQty = Filters.or(f.minQty(), 0), minNotional = Filters.or(f.minNotional(), 0);
        io.perpguard.instrument.Contract d = io.perpguard.data.instrument.TierTables.defaultContract(symbol);
        double liqFee = s.hasNonNull("liquidationFee") ? num(s, "liquidationFee") : d.liquidationFeeRate();
        return new io.perpguard.instrument.Contract(symbol, tick, step, minQty, minNotional, d.takerFee(), d.makerFee(),
                d.fundingIntervalHours(), liqFee, Exchange.BINANCE, io.perpguard.venue.ContractType.LINEAR, 0,
                s.path("marginAsset").asText("USDT").toUpperCase(Locale.ROOT));
    }

    @Override
    protected AccountUpdate updateOf(long eventTimeMs, Map<String, Double> wallets, List<LivePosition> positions, String reason) {
        return new AccountUpdate(eventTimeMs, wallets.getOrDefault("USDT", Double.NaN), positions, reason,
                multiAssets || marginAssets == null ? Map.of() : ownWallets(wallets, marginAssets), multiAssets ? wallets : Map.of());
    }

    /**
     * Single-asset mode: the wallets, by asset, of the margin assets other than USDT that a contract names
     * ({@code marginAssets}, symbol → asset: USDC) — each margins its own contracts, cross within that asset.
     */
    private static Map<String, Double> ownWallets(Map<String, Double> wallets, Map<String, String> marginAssets) {
        Map<String, Double> out = new HashMap<>();
        wallets.forEach((asset, w) -> {
            if (marginAssets.containsValue(asset)) {
                out.put(asset, w);
            }
        });
        return out;
    }
}
