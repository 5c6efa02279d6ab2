package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The COIN-M connector reads Binance's own documented examples (the research pack's {@code api/binance-coinm/} and
 * {@code tiers/binance-cm-*}, comments removed): the markPrice stream, ACCOUNT_UPDATE, positionRisk with account,
 * exchangeInfo and the v1/v2 leverageBracket answers with the docs' {@code qtylFloor} spelling.
 */
class BinanceCoinmParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String MARK_PRICE = """
            {"e":"markPriceUpdate","E":1596095725000,"s":"BTCUSD_201225","p":"10934.62615417","P":"10962.17178236",
             "i":"10933.62615417","r":"","T":0}""";

    static final String ACCOUNT_UPDATE = """
            {"e":"ACCOUNT_UPDATE","E":1564745798939,"T":1564745798938,"i":"SfsR","a":{"m":"ORDER",
             "B":[{"a":"BTC","wb":"122624.12345678","cw":"100.12345678","bc":"50.12345678"},
                  {"a":"ETH","wb":"1.00000000","cw":"0.00000000","bc":"-49.12345678"}],
             "P":[{"s":"BTCUSD_200925","pa":"0","ep":"0.0","bep":"0.0","cr":"200","up":"0","mt":"isolated","iw":"0.00000000","ps":"BOTH"},
                  {"s":"BTCUSD_200925","pa":"20","ep":"6563.6","bep":"6563.7","cr":"0","up":"2850.21200000","mt":"isolated","iw":"13200.70726908","ps":"LONG"},
                  {"s":"BTCUSD_200925","pa":"-10","ep":"6563.8","bep":"6563.6","cr":"-45.04000000","up":"-1423.15600000","mt":"isolated","iw":"6570.42511771","ps":"SHORT"}]}}""";

    static final String POSITION_RISK = """
            [{"symbol":"BTCUSD_201225","positionAmt":"0","entryPrice":"0.0","breakEvenPrice":"0.0","markPrice":"0.00000000",
              "unRealizedProfit":"0.00000000","liquidationPrice":"0","leverage":"125","maxQty":"50","marginType":"cross",
              "isolatedMargin":"0.00000000","isAutoAddMargin":"false","positionSide":"BOTH","updateTime":0},
             {"symbol":"BTCUSD_201225","positionAmt":"1","entryPrice":"11707.70000003","breakEvenPrice":"11707.80000005",
              "markPrice":"11788.66626667","unRealizedProfit":"0.00005866","liquidationPrice":"11667.63509587","leverage":"125",
              "maxQty":"50","marginType":"cross","isolatedMargin":"0.00000000","isAutoAddMargin":"false","positionSide":"LONG","updateTime":1627026881327},
             {"symbol":"BTCUSD_201225","positionAmt":"0","entryPrice":"0.0","breakEvenPrice":"0.0","markPrice":"0.00000000",
              "unRealizedProfit":"0.00000000","liquidationPrice":"0","leverage":"125","maxQty":"50","marginType":"cross",
              "isolatedMargin":"0.00000000","isAutoAddMargin":"false","positionSide":"SHORT","updateTime":1627026881327}]""";

    static final String ACCOUNT = """
            {"assets":[{"asset":"BTC","walletBalance":"0.00241969","unrealizedProfit":"0.00000000","marginBalance":"0.00241969",
              "maintMargin":"0.00000000","initialMargin":"0.00000000","positionInitialMargin":"0.00000000",
              "openOrderInitialMargin":"0.00000000","maxWithdrawAmount":"0.00241969","crossWalletBalance":"0.00241969",
              "crossUnPnl":"0.00000000","availableBalance":"0.00241969","updateTime":1625474304765}],
             "positions":[{"symbol":"BTCUSD_201225","positionAmt":"0","initialMargin":"0","maintMargin":"0","unrealizedProfit":"0.00000000",
              "positionInitialMargin":"0","openOrderInitialMargin":"0","leverage":"125","isolated":false,"positionSide":"BOTH",
              "entryPrice":"0.0","breakEvenPrice":"0.0","maxQty":"50","updateTime":0}],
             "canDeposit":true,"canTrade":true,"canWithdraw":true,"feeTier":2,"updateTime":0}""";

    static final String EXCHANGE_INFO_SYMBOL = """
            {"filters":[{"filterType":"PRICE_FILTER","maxPrice":"100000","minPrice":"0.1","tickSize":"0.1"},
                        {"filterType":"LOT_SIZE","maxQty":"100000","minQty":"1","stepSize":"1"},
                        {"filterType":"MARKET_LOT_SIZE","maxQty":"100000","minQty":"1","stepSize":"1"},
                        {"filterType":"MAX_NUM_ORDERS","limit":200},
                        {"filterType":"PERCENT_PRICE","multiplierUp":"1.0500","multiplierDown":"0.9500","multiplierDecimal":4}],
             "OrderType":["LIMIT","MARKET","STOP","TAKE_PROFIT","TRAILING_STOP_MARKET"],"timeInForce":["GTC","IOC","FOK","GTX"],
             "liquidationFee":"0.010000","marketTakeBound":"0.30","symbol":"BTCUSD_200925","pair":"BTCUSD",
             "contractType":"CURRENT_QUARTER","deliveryDate":1601020800000,"onboardDate":1590739200000,"contractStatus":"TRADING",
             "contractSize":100,"quoteAsset":"USD","baseAsset":"BTC","marginAsset":"BTC","pricePrecision":1,"quantityPrecision":0,
             "baseAssetPrecision":8,"quotePrecision":8,"equalQtyPrecision":4,"triggerProtect":"0.0500","maintMarginPercent":"2.5000",
             "requiredMarginPercent":"5.0000","underlyingType":"COIN","underlyingSubType":[]}""";

    static final String BRACKET_V2 = """
            [{"symbol":"BTCUSD_PERP","notionalCoef":1.50,"brackets":[{"bracket":1,"initialLeverage":125,"qtyCap":50,"qtylFloor":0,
              "maintMarginRatio":0.004,"cum":0.0}]}]""";

    static final String BRACKET_V1 = """
            [{"pair":"BTCUSD","brackets":[{"bracket":1,"initialLeverage":125,"qtyCap":50,"qtylFloor":0,"maintMarginRatio":0.004,"cum":0.0}]}]""";

    @Test
    void markPriceStreamOfADeliveryContractHasNoFunding() throws Exception {
        MarkUpdate m = BinanceFuturesConnector.markUpdate(JSON.readTree(MARK_PRICE), 7);
        assertThat(m.symbol()).isEqualTo("BTCUSD_201225");
        assertThat(m.mark()).isEqualTo(10934.62615417);
        assertThat(m.index()).isEqualTo(10933.62615417);
        assertThat(m.fundingRate()).as("r is \"\" for a delivery symbol").isNaN();
        assertThat(m.nextFundingMs()).isZero();
        assertThat(m.eventTimeMs()).isEqualTo(1596095725000L);
    }

    @Test
    void accountUpdateCarriesEveryCoinsWalletAndContractsBecomeUsdFace() throws Exception {
        try (BinanceCoinmConnector c = new BinanceCoinmConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            AccountUpdate u = c.accountUpdate(JSON.readTree(ACCOUNT_UPDATE));
            assertThat(u.eventTimeMs()).isEqualTo(1564745798939L);
            assertThat(u.walletBalance()).as("no single wallet on COIN-M").isNaN();
            assertThat(u.wallets()).isEqualTo(Map.of("BTC", 122624.12345678, "ETH", 1.0));
            assertThat(u.reason()).isEqualTo("ORDER");
            assertThat(u.positions()).hasSize(3);
            assertThat(u.positions().get(0).open()).isFalse();
            LivePosition lng = u.positions().get(1), sht = u.positions().get(2);
            // BTCUSD_200925 is not in exchangeInfo here: Binance's BTC face of 100 USD per contract
            assertThat(lng).isEqualTo(new LivePosition("BTCUSD_200925", Side.LONG, 2_000, 6563.6, Double.NaN, MarginMode.ISOLATED,
                    PositionSide.LONG, 13200.70726908));
            assertThat(sht.side()).isEqualTo(Side.SHORT);
            assertThat(sht.qty()).isEqualTo(1_000);
            assertThat(sht.isolatedWallet()).isEqualTo(6570.42511771);
            // an inverse isolated position: the wallet beyond face / entry / leverage, in coin
            assertThat(lng.withLeverage(10).marginAdded(ContractType.INVERSE)).isEqualTo(13200.70726908 - 2_000 / 6563.6 / 10);
        }
    }

    @Test
    void positionRiskAndAccountDocsExamplesMakeTheSnapshot() {
        try (FakeBinanceCoinm fake = new FakeBinanceCoinm("k", "s").raw(ACCOUNT, POSITION_RISK);
             BinanceCoinmConnector c = new BinanceCoinmConnector(new Credentials("k", "s"),
                     ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()))) {
            AccountSnapshot s = c.snapshot();
            assertThat(s.wallets()).isEqualTo(Map.of("BTC", 0.00241969));
            assertThat(s.walletBalance()).isNaN();
            assertThat(s.positions()).containsExactly(new LivePosition("BTCUSD_201225", Side.LONG, 100, 11707.70000003, 125,
                    MarginMode.CROSS, PositionSide.LONG, 0));
            assertThat(s.marks()).isEqualTo(Map.of("BTCUSD_201225", 11788.66626667));
            assertThat(fake.requests()).contains("GET /dapi/v1/exchangeInfo", "GET /dapi/v1/account", "GET /dapi/v1/positionRisk");
        }
    }

    @Test
    void isolatedWalletIsIsolatedMarginLessTheUnrealizedPnl() throws Exception {
        try (BinanceCoinmConnector c = new BinanceCoinmConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            JsonNode row = JSON.readTree("{\"isolatedMargin\":\"0.01005866\",\"unRealizedProfit\":\"0.00005866\"}");
            assertThat(c.isolatedWallet(row)).isEqualTo(0.01005866 - 0.00005866);
        }
    }

    @Test
    void exchangeInfoSymbolIsAnInverseContractInItsCoin() throws Exception {
        Contract k = BinanceCoinmConnector.contract(JSON.readTree(EXCHANGE_INFO_SYMBOL));
        assertThat(k.symbol()).isEqualTo("BTCUSD_200925");
        assertThat(k.exchange()).isEqualTo(Exchange.BINANCE_COINM);
        assertThat(k.type()).isEqualTo(ContractType.INVERSE);
        assertThat(k.contractSize()).isEqualTo(100);
        assertThat(k.tickSize()).isEqualTo(0.1);
        assertThat(k.stepSize()).as("one contract of 100 USD").isEqualTo(100);
        assertThat(k.liquidationFeeRate()).isEqualTo(0.01);
        assertThat(k.settlementCurrency()).isEqualTo("BTC");
    }

    @Test
    void leverageBracketsInCoinWithTheDocsSpellingAndTheSdkSpelling() {
        for (String json : new String[]{BRACKET_V2, BRACKET_V1, BRACKET_V2.replace("qtylFloor", "qtyFloor")}) {
            Map<String, RiskTiers> t = VenueTierFormats.readResponse(read(json), Exchange.BINANCE_COINM, "dapi leverageBracket");
            assertThat(t).containsOnlyKeys("BTCUSD_PERP");
            LeverageBracket b = t.get("BTCUSD_PERP").brackets().get(0);
            assertThat(b.notionalFloor()).isZero();
            assertThat(b.notionalCap()).as("50 BTC").isEqualTo(50);
            assertThat(b.maintenanceMarginRate()).isEqualTo(0.004);
            assertThat(b.maxLeverage()).isEqualTo(125);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
