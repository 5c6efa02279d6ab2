package io.perpguard.stream;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instruments;
import io.perpguard.venue.Exchange;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A position's size in the stream's state, and on {@code account-risk}, is the venue's: a whole number of the venue's lots
 * as a decimal, after any run of openings, increases and reduces, sized in base units or in contracts — the double
 * arithmetic left OKX's 1.2 − 0.3 BTC as 0.8999999999999999 (and 7 contracts of 0.1 ETH as 0.7000000000000001).
 */
class PositionSizeTest {
    static final Instruments KEYED = keyed();
    static final long T0 = TopologyFixture.T0;

    /** Every venue's instruments under the stream's keys, with the tier responses of the all-venues parity test. */
    private static Instruments keyed() {
        Map<Exchange, Map<String, io.perpguard.instrument.RiskTiers>> overlay = new EnumMap<>(Exchange.class);
        for (var e : StreamAllVenuesParityTest.TIERS.entrySet()) {
            Exchange ex = Exchange.parse("x", e.getKey().substring(0, e.getKey().indexOf(':')));
            overlay.computeIfAbsent(ex, k -> new LinkedHashMap<>()).putAll(TierCatalog.parse(ex, e.getValue()));
        }
        for (String symbol : new String[]{"ETHUSDT", "SOLUSDT"}) {
            overlay.get(Exchange.BYBIT).putAll(TierCatalog.parse(Exchange.BYBIT, bybitTiers(symbol)));
        }
        return TierCatalog.venues(overlay);
    }

    /** Bybit's risk-limit response of the all-venues parity test's BTCUSDT, for {@code symbol}. */
    static String bybitTiers(String symbol) {
        return StreamAllVenuesParityTest.TIERS.get("bybit:BTCUSDT").replace("BTCUSDT", symbol);
    }

    /** {venue, symbol, size field}: OKX and XT in base units and in contracts, Binance USDⓈ-M and Bybit in base units. */
    static final String[][] CASES = {{"okx", "BTC-USDT-SWAP", "qty"}, {"okx", "BTC-USDT-SWAP", "contracts"},
            {"okx", "ETH-USDT-SWAP", "qty"}, {"okx", "ETH-USDT-SWAP", "contracts"}, {"xt", "BTC_USDT", "qty"},
            {"xt", "BTC_USDT", "contracts"}, {"binance", "BTCUSDT", "qty"}, {"bybit", "BTCUSDT", "qty"}};

    @Example
    void okx_reduce_1point2_by_0point3_leaves_0point9_inTheStateAndOnAccountRisk() {
        AccountState s = apply(null, "w", "wallet-transfer", "okx", null, null, 0, 1_000_000);
        s = apply(s, "o", "opened", "okx", "BTC-USDT-SWAP", "qty", 1.2, 60_000);
        AccountEngine.Outcome o = outcome(s, "r", "reduced", "okx", "BTC-USDT-SWAP", "qty", 0.3, 61_000);
        assertThat(o.state().positions().get(0).qty()).isEqualTo(0.9);
        assertThat(o.risk().positions().get(0).qty()).isEqualTo(0.9);
        assertThat(o.risk().positions().get(0).contracts()).isEqualTo(90);
        // and the rest of it is reduced as the venue holds it: 0.9 − 0.899 is one lot, not a refusal or 0.0009999999999998899
        o = outcome(o.state(), "r2", "reduced", "okx", "BTC-USDT-SWAP", "qty", 0.899, 61_000);
        assertThat(o.state().positions().get(0).qty()).isEqualTo(0.001);
    }

    /**
     * Random openings, increases and reduces of whole lots, each event's size in base units or in contracts as the case
     * says: after every event the stored size and the published {@code qty} (and {@code contracts}) are exactly the lots
     * held, as a decimal; a reduce to one lot leaves exactly one lot, and the close leaves nothing.
     */
    @Property(tries = 120)
    void addsAndReduces_onTheLotGrid_alwaysLandOnTheGrid(@ForAll @IntRange(min = 0, max = 7) int which, @ForAll long seed) {
        String[] c = CASES[which];
        String venue = c[0], symbol = c[1], field = c[2];
        Contract ct = KEYED.get(StreamVenue.key(Exchange.parse("x", venue), symbol)).contract();
        boolean inContracts = field.equals("contracts");
        // one lot: in base units (the step, or lot contracts × contract size), and in contracts where the venue counts them
        BigDecimal lotBase = ct.contractSize() > 0
                ? BigDecimal.valueOf(ct.lotContracts()).multiply(BigDecimal.valueOf(ct.contractSize())) : BigDecimal.valueOf(ct.stepSize());
        BigDecimal lotContracts = ct.contractSize() > 0 ? BigDecimal.valueOf(ct.lotContracts()) : null;
        BigDecimal lotGiven = inContracts ? lotContracts : lotBase;
        Random r = new Random(seed);
        // sizes below the largest tier cap of every case's tiers at its price (OKX BTC: 200 contracts = 2 BTC)
        int maxLots = (int) Math.min(3_000, BigDecimal.valueOf(symbol.startsWith("ETH") ? 30 : 1.5).divide(lotBase).intValue());
        double price = symbol.startsWith("ETH") ? 3_000 : 60_000;
        // an opening or increase is at least the venue's smallest order at the lowest price drawn (Binance's minimum
        // notional: 2 steps of BTCUSDT at 59,400; MinimumOrderTest); one lot elsewhere
        long minLots = ct.contractSize() > 0 ? 1 : Math.round(ct.minQtyFor(price * 0.99) / ct.stepSize());
        long held = minLots + r.nextInt(Math.max(1, maxLots / 4));
        AccountState s = apply(null, "w", "wallet-transfer", venue, null, null, 0, 10_000_000);
        s = apply(s, "o", "opened", venue, symbol, field, lotGiven.multiply(BigDecimal.valueOf(held)).doubleValue(), price);
        check(s, held, lotBase, lotContracts);
        for (int k = 0; k < 25; k++) {
            boolean reduce = held > 1 && (held > maxLots - minLots || r.nextBoolean());
            long lots = reduce ? 1 + (long) r.nextInt((int) Math.min(Integer.MAX_VALUE, held - 1))
                    : minLots + r.nextInt((int) (maxLots - held - minLots + 1));
            double size = lotGiven.multiply(BigDecimal.valueOf(lots)).doubleValue();
            s = apply(s, "e" + k, reduce ? "reduced" : "increased", venue, symbol, field, size, price * (1 + (r.nextDouble() - 0.5) / 50));
            held += reduce ? -lots : lots;
            check(s, held, lotBase, lotContracts);
        }
        if (held > 1) {
            s = apply(s, "last", "reduced", venue, symbol, field, lotGiven.multiply(BigDecimal.valueOf(held - 1)).doubleValue(), price);
            check(s, 1, lotBase, lotContracts);
        }
        s = apply(s, "close", "closed", venue, symbol, null, 0, price);
        assertThat(s.positions()).isEmpty();
    }

    private static void check(AccountState s, long lots, BigDecimal lotBase, BigDecimal lotContracts) {
        double exact = lotBase.multiply(BigDecimal.valueOf(lots)).doubleValue();
        assertThat(s.positions()).hasSize(1);
        assertThat(s.positions().get(0).qty()).as("stored size of %d lots", lots).isEqualTo(exact);
        AccountRisk.PositionRisk p = AccountEngine.price("a", s, "mark", s.positions().get(0).symbol(), T0, KEYED, PartitionBookTest.POLICY,
                java.util.List.of()).risk().positions().get(0);
        assertThat(p.qty()).as("published qty of %d lots", lots).isEqualTo(exact);
        if (lotContracts != null) {
            assertThat(p.contracts()).as("published contracts of %d lots", lots).isEqualTo(lotContracts.multiply(BigDecimal.valueOf(lots)).doubleValue());
        }
    }

    static AccountState apply(AccountState s, String id, String type, String venue, String symbol, String field, double size,
                                      double priceOrAmount) {
        return outcome(s, id, type, venue, symbol, field, size, priceOrAmount).state();
    }

    private static AccountEngine.Outcome outcome(AccountState s, String id, String type, String venue, String symbol, String field,
                                                 double size, double priceOrAmount) {
        StringBuilder json = new StringBuilder("{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"exchange\":\"" + venue + "\"");
        if (symbol == null) {
            json.append(",\"amount\":").append(priceOrAmount);
        } else {
            json.append(",\"symbol\":\"").append(symbol).append("\",\"price\":").append(String.format(Locale.ROOT, "%.1f", priceOrAmount));
            if (field != null) {
                json.append(",\"").append(field).append("\":").append(BigDecimal.valueOf(size).toPlainString());
            }
            if (type.equals("opened")) {
                json.append(",\"side\":\"long\",\"leverage\":10,\"marginMode\":\"cross\"");
            }
        }
        json.append(",\"eventTimeMs\":").append(T0).append('}');
        PositionEvent e = PositionEvent.parse("a", json.toString(), T0);
        return AccountEngine.applyPosition("a", s, e, KEYED, PartitionBookTest.POLICY);
    }
}
