package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.VenueException;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance COIN-M futures (inverse, coin-margined), read-only: REST {@code https://dapi.binance.com} and WebSocket
 * {@code wss://dstream.binance.com} (not split like USDⓈ-M's in 2026): marks on
 * {@code <ws>/stream?streams=<symbol>@markPrice@1s/...}, user data on {@code <ws>/ws/<listenKey>}. Signing, key check,
 * listenKey, frames and the reconnect/resync path are USDⓈ-M's ({@link BinanceFuturesConnector}); what differs is here:
 * <ul>
 *   <li>sizes are contracts: {@code positionAmt} and {@code pa} × the contract's face value ({@code contractSize} of
 *       {@code GET /dapi/v1/exchangeInfo}: 100 USD for BTC, 10 for the others) is the engine's USD face;</li>
 *   <li>each margin asset is its own wallet ({@code assets[].walletBalance}, {@code B[].wb} by asset): a BTCUSD_PERP
 *       position is margined by the BTC wallet, cross within one coin — the snapshot and the pushes carry
 *       {@link AccountSnapshot#wallets()} by asset;</li>
 *   <li>brackets in coin from {@code GET /dapi/v2/leverageBracket} (per symbol), contract rules from exchangeInfo;</li>
 *   <li>positionRisk gives {@code isolatedMargin} (wallet + unrealized PnL, as on USDⓈ-M) and no {@code isolatedWallet}:
 *       the isolated wallet is {@code isolatedMargin − unRealizedProfit};</li>
 *   <li>open interest is counted in contracts: shown in coin at the mark (contracts × face / mark).</li>
 * </ul>
 */
public final class BinanceCoinmConnector extends BinanceFuturesConnector {
    public static final String DEFAULT_REST = "https://dapi.binance.com";
    public static final String DEFAULT_WS = "wss://dstream.binance.com";
    /** Binance's COIN-M face values when exchangeInfo cannot be read and nothing is bundled: 100 USD for BTC, 10 for the others. */
    static final double BTC_FACE = 100, OTHER_FACE = 10;

    /** exchangeInfo's symbol entries, by symbol (upper case); read before the first snapshot and at {@link #contracts()}. */
    private final Map<String, JsonNode> info = new ConcurrentHashMap<>();

    public BinanceCoinmConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS, "/dapi");
    }

    @Override
    public String venue() {
        return "binance-coinm";
    }

    @Override
    protected String accountPath() {
        return "/dapi/v1/account";
    }

    @Override
    protected String positionRiskPath() {
        return "/dapi/v1/positionRisk";
    }

    @Override
    protected String bracketPath() {
        return "/dapi/v2/leverageBracket";
    }

    @Override
    protected Exchange bracketExchange() {
        return Exchange.BINANCE_COINM;
    }

    @Override
    protected String userSocketUrl(String listenKey) {
        return ws + "/ws/" + listenKey;
    }

    @Override
    protected String marketSocketUrl(List<String> streams) {
        return ws + "/stream?streams=" + String.join("/", streams);
    }

    //-------------------------------------------------------------------------
    @Override
    protected void beforeSnapshot() {
        if (info.isEmpty()) {
            try {
                readExchangeInfo();
            } catch (VenueException e) {
                // sizes fall back to the bundled contracts, else Binance's 100 / 10 USD faces
            }
        }
    }

    /** Contracts × face value: the engine's USD face (signed). */
    @Override
    protected double size(String symbol, double amount) {
        return amount * contractSize(symbol);
    }

    /** positionRisk has no isolatedWallet on COIN-M: isolatedMargin less the unrealized PnL in it. */
    @Override
    protected double isolatedWallet(JsonNode p) {
        if (p.hasNonNull("isolatedWallet")) {
            return num(p, "isolatedWallet");
        }
        double upnl = optNum(p, "unRealizedProfit");
        return num(p, "isolatedMargin") - (Double.isNaN(upnl) ? 0 : upnl);
    }

    /** COIN-M open interest is in contracts: its coin value at the mark. */
    @Override
    protected double openInterestInBase(String symbol, double contracts, double mark) {
        return mark > 0 ? contracts * contractSize(symbol) / mark : Double.NaN;
    }

    @Override
    protected AccountSnapshot snapshotOf(long timeMs, Map<String, Double> wallets, JsonNode account, List<LivePosition> positions,
                                         Map<String, Double> marks, Map<String, MarkUpdate> funding) {
        return new AccountSnapshot(timeMs, Double.NaN, positions, marks, funding, wallets);
    }

    @Override
    protected AccountUpdate updateOf(long eventTimeMs, Map<String, Double> wallets, List<LivePosition> positions, String reason) {
        return new AccountUpdate(eventTimeMs, Double.NaN, positions, reason, wallets);
    }

    //------------------------------------------------------------------------- contract rules
    /** Face value per contract (USD): exchangeInfo's contractSize, else the bundled contract's, else 100 for BTC, 10 for others. */
    public double contractSize(String symbol) {
        JsonNode i = info.get(symbol);
        if (i != null && i.path("contractSize").asDouble(0) > 0) {
            return i.path("contractSize").asDouble();
        }
        double bundled = VenueInstruments.contractSize(Exchange.BINANCE_COINM, symbol);
        return bundled > 0 ? bundled : symbol.startsWith("BTCUSD") ? BTC_FACE : OTHER_FACE;
    }

    /** Every symbol's rules from {@code GET /dapi/v1/exchangeInfo}; empty when it cannot be read (the bundled ones are used). */
    @Override
    public Map<String, Contract> contracts() {
        try {
            readExchangeInfo();
        } catch (VenueException e) {
            return Map.of();
        }
        Map<String, Contract> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : info.entrySet()) {
            try {
                out.put(e.getKey(), contract(e.getValue()));
            } catch (RuntimeException bad) {
                // a symbol whose rules do not read: left to the bundled contract or unpriced
            }
        }
        return out;
    }

    @Override
    public Map<String, Contract> contractsOf(Set<String> symbols) {
        Map<String, Contract> all = contracts();
        Map<String, Contract> out = new LinkedHashMap<>();
        for (String s : symbols) {
            if (all.containsKey(s)) {
                out.put(s, all.get(s));
            }
        }
        return out;
    }

    /** The brackets of just these symbols ({@code /dapi/v2/leverageBracket?symbol=S}); unreadable ones are missing. */
    @Override
    public Map<String, RiskTiers> tiersOf(Set<String> symbols) {
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        for (String s : symbols) {
            try {
                out.putAll(io.perpguard.data.instrument.VenueTierFormats.readResponse(get(rest, bracketPath(), "symbol=" + s, true),
                        Exchange.BINANCE_COINM, "Binance dapi leverageBracket"));
            } catch (RuntimeException e) {
                // retried by the watcher
            }
        }
        return out;
    }

    private void readExchangeInfo() {
        info.putAll(exchangeInfoSymbols());
    }

    /**
     * One exchangeInfo symbol as an inverse contract: tick from PRICE_FILTER, step and minimum from LOT_SIZE (in
     * contracts, × face), the liquidation fee rate, the margin asset as settlement currency; fees are the bundled
     * contract's where there is one, else Binance's VIP 0 (taker 0.05 %, maker 0.02 %).
     */
    static Contract contract(JsonNode s) {
        String symbol = s.path("symbol").asText().toUpperCase(Locale.ROOT);
        double face = s.path("contractSize").asDouble(0);
        Filters f = Filters.of(s);
        double tick = f.tick(), step = Filters.or(f.step(), 1), minQty = Filters.or(f.minQty(), 1);
        Contract bundled = VenueInstruments.contract(Exchange.BINANCE_COINM, symbol);
        double taker = bundled != null ? bundled.takerFee() : 0.0005, maker = bundled != null ? bundled.makerFee() : 0.0002;
        double liqFee = s.hasNonNull("liquidationFee") ? num(s, "liquidationFee") : bundled != null ? bundled.liquidationFeeRate() : 0.01;
        String asset = s.path("marginAsset").asText(bundled != null ? bundled.settlementCurrency() : "").toUpperCase(Locale.ROOT);
        return new Contract(symbol, tick, step * face, minQty * face, 0, taker, maker, bundled != null ? bundled.fundingIntervalHours() : 8,
                liqFee, Exchange.BINANCE_COINM, ContractType.INVERSE, face, asset);
    }
}
