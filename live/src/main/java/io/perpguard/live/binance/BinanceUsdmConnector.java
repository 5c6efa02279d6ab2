package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.venue.Exchange;

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

    public BinanceUsdmConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS, "/fapi");
    }

    @Override
    public String venue() {
        return "binance";
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

    /** The USDT asset's wallet, else {@code totalWalletBalance}. */
    @Override
    protected AccountSnapshot snapshotOf(long timeMs, Map<String, Double> wallets, JsonNode account, List<LivePosition> positions,
                                         Map<String, Double> marks, Map<String, MarkUpdate> funding) {
        Double usdt = wallets.get("USDT");
        return new AccountSnapshot(timeMs, usdt != null ? usdt : num(account, "totalWalletBalance"), positions, marks, funding);
    }

    @Override
    protected AccountUpdate updateOf(long eventTimeMs, Map<String, Double> wallets, List<LivePosition> positions, String reason) {
        return new AccountUpdate(eventTimeMs, wallets.getOrDefault("USDT", Double.NaN), positions, reason);
    }
}
