package io.perpguard.live.xt;

import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.MarkUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * XT's REST snapshot of many held symbols: funding and open interest come from the one all-contracts summary
 * ({@code cg/contracts}) instead of the per-symbol {@code q/funding-rate} and {@code contract/open-interest}, which XT
 * holds to 1 per second each (N symbols took about N seconds); a contract the summary does not cover, or a summary
 * that cannot be read, is read per symbol as before. The summary's funding unit (percent or fraction) is measured once
 * against one per-symbol read. Against the fake XT holding the client to XT's published limits (a broken one locks).
 */
class XtSnapshotTest {
    static final String KEY = "xtSnapKey", SECRET = "xtsnapsecret";
    static final List<String> TEN = List.of("btc_usdt", "eth_usdt", "sol_usdt", "xrp_usdt", "doge_usdt", "ada_usdt", "bnb_usdt", "ltc_usdt",
            "link_usdt", "avax_usdt");
    FakeXt fake;
    XtUsdtConnector connector;

    XtUsdtConnector holding(List<String> symbols) {
        fake = new FakeXt(KEY, SECRET).wallet(10_000).enforceLimits(true);
        for (String s : symbols) {
            fake.position(new FakeXt.Pos(s, "LONG", 100, 100, 10, "CROSSED", 0));
            fake.mark(s, 100);
        }
        connector = new XtUsdtConnector(new Credentials(KEY, SECRET), ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()));
        return connector;
    }

    @AfterEach
    void tearDown() {
        if (connector != null) {
            connector.close();
        }
        fake.close();
    }

    private static Set<String> upper(List<String> symbols) {
        return symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The open interest the summary gives, in base units: contracts × the contract's size. */
    private double summaryOi(String symbol) {
        return FakeXt.SUMMARY_OI * connector.contractsOf(Set.of(symbol)).get(symbol).contractSize();
    }

    @Test
    void tenSymbols_fundingAndOpenInterestFromTheSummary_withoutThePerSymbolReads() {
        XtUsdtConnector c = holding(TEN);
        c.contractsOf(upper(TEN));   // contract sizes read first (start-up does it), so only the snapshot's own reads are counted
        long before = fake.requests().size();
        long t0 = System.nanoTime();
        AccountSnapshot s = c.snapshot();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long asked = fake.requests().size() - before;
        System.out.println("XT snapshot of 10 symbols with the summary: " + asked + " requests, " + ms + " ms");
        assertThat(s.positions()).hasSize(10);
        assertThat(fake.requestsTo("/public/cg/contracts")).isEqualTo(1);
        assertThat(fake.requestsTo("/public/contract/open-interest")).as("open interest from the summary").isZero();
        assertThat(fake.requestsTo("/public/q/funding-rate")).as("one read to learn the summary's funding unit").isEqualTo(1);
        for (String sym : upper(TEN)) {
            MarkUpdate f = s.funding().get(sym);
            assertThat(f.fundingRate()).as(sym + " funding rate, the summary's percent read as a fraction").isCloseTo(0.000086, within(1e-12));
            assertThat(f.nextFundingMs()).as(sym).isPositive();
            assertThat(f.openInterest()).as(sym + " open interest: the summary's contracts × contract size").isCloseTo(summaryOi(sym), within(1e-6));
        }
        assertThat(fake.locks()).as("no XT limit broken").isEmpty();
        // the next snapshot knows the unit: no per-symbol read at all
        c.snapshot();
        assertThat(fake.requestsTo("/public/q/funding-rate")).isEqualTo(1);
        assertThat(fake.requestsTo("/public/contract/open-interest")).isZero();
    }

    @Test
    void aSummaryGivingFundingAsAFraction_isReadAsOne() {
        XtUsdtConnector c = holding(List.of("btc_usdt", "eth_usdt"));
        fake.summaryFundingInPercent(false);
        AccountSnapshot s = c.snapshot();
        assertThat(s.funding().values()).allSatisfy(f -> assertThat(f.fundingRate()).isCloseTo(0.000086, within(1e-12)));
        c.snapshot();
        assertThat(c.snapshot().funding().values()).allSatisfy(f -> assertThat(f.fundingRate()).isCloseTo(0.000086, within(1e-12)));
        assertThat(fake.requestsTo("/public/q/funding-rate")).isEqualTo(1);
    }

    @Test
    void aContractTheSummaryLeavesOut_isReadOnItsOwn() {
        XtUsdtConnector c = holding(List.of("btc_usdt", "eth_usdt", "xrp_usdt"));
        fake.notInSummary("xrp_usdt").enforceLimits(false);   // two funding reads a second apart: the fake's wall-clock check can see 999 ms
        AccountSnapshot s = c.snapshot();
        assertThat(fake.requestsTo("/public/contract/open-interest")).as("only XRP's").isEqualTo(1);
        assertThat(s.funding().get("XRP_USDT").openInterest()).isCloseTo(623_654_031 * c.contractsOf(Set.of("XRP_USDT")).get("XRP_USDT").contractSize(), within(1e-6));
        assertThat(s.funding().get("XRP_USDT").fundingRate()).isCloseTo(0.000086, within(1e-12));
        assertThat(s.funding().get("BTC_USDT").openInterest()).isCloseTo(summaryOi("BTC_USDT"), within(1e-6));
    }

    @Test
    void aSummaryThatCannotBeRead_leavesEverySymbolToItsOwnReads() {
        XtUsdtConnector c = holding(List.of("btc_usdt", "eth_usdt"));
        // the fake's 1/s check runs on the wall clock at arrival, the connector's at sending: a second read can arrive a
        // little under a second after the first (XtFaultsTest holds the per-symbol path to the limits on a test clock)
        fake.summaryDown(true).enforceLimits(false);
        AccountSnapshot s = c.snapshot();
        assertThat(fake.requestsTo("/public/contract/open-interest")).isEqualTo(2);
        assertThat(fake.requestsTo("/public/q/funding-rate")).isEqualTo(2);
        assertThat(s.funding().get("ETH_USDT").openInterest()).isCloseTo(623_654_031 * c.contractsOf(Set.of("ETH_USDT")).get("ETH_USDT").contractSize(), within(1e-6));
        assertThat(s.funding().get("ETH_USDT").fundingRate()).isCloseTo(0.000086, within(1e-12));
    }

    @Test
    void xtsLockMetAtTheSummary_stopsTheSnapshotAsTheLock_notAsAnUnreadableSummary() {
        XtUsdtConnector c = holding(List.of("btc_usdt", "eth_usdt"));
        fake.lockAtSummary();
        assertThatThrownBy(c::snapshot).isInstanceOfSatisfying(io.perpguard.live.venue.VenueException.class,
                e -> assertThat(e.kind()).isEqualTo(io.perpguard.live.venue.Fault.Kind.RATE_LIMITED)).hasMessageContaining("locks the account for 10 minutes");
        assertThat(fake.requestsTo("/public/q/symbol-mark-price")).as("no read after the lock").isZero();
    }

    /** The old path (the summary unreadable: every symbol read on its own) for the same ten symbols, for the figures. */
    @Test
    void tenSymbols_perSymbolReads_forComparison() {
        XtUsdtConnector c = holding(TEN);
        fake.summaryDown(true).enforceLimits(false);   // the connector's own limiter still waits a second between reads
        c.contractsOf(upper(TEN));
        long before = fake.requests().size();
        long t0 = System.nanoTime();
        AccountSnapshot s = c.snapshot();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("XT snapshot of 10 symbols read per symbol: " + (fake.requests().size() - before) + " requests, " + ms + " ms");
        assertThat(s.funding()).hasSize(10);
        assertThat(fake.requestsTo("/public/contract/open-interest")).isEqualTo(10);
    }
}
