package io.perpguard.live.venue;

import io.perpguard.live.fake.ManualClock;
import io.perpguard.live.xt.XtUsdtConnector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests are spaced by send time, but the venue counts them as they arrive: a request's slot is held a guard beyond
 * the window, so two requests sent a window apart cannot arrive inside one window when the first is delayed by up to
 * the guard. On the test's clock: waiting moves it, nothing sleeps.
 */
class RequestLimitsTest {
    static final String FUNDING = "/future/market/v1/public/q/funding-rate";

    @Test
    void test_xtsOncePerSecondLimit_spacesSendsBeyondASecond_byTheGuard() throws InterruptedException {
        ManualClock clock = new ManualClock(1_000_000);
        RequestLimits limits = new RequestLimits(XtUsdtConnector.xtLimits(), clock);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            limits.acquire(FUNDING, "symbol=btc_usdt");
            sent.add(clock.millis());
        }
        for (int i = 1; i < sent.size(); i++) {
            // 1,000 ms before: a first request 40 ms late on the way arrived 960 ms before the second
            assertThat(sent.get(i) - sent.get(i - 1)).as("gap %d", i).isEqualTo(1_000 + RequestLimits.MIN_GUARD_MS);
        }
    }

    @Test
    void test_aFirstRequestDelayedUpToTheGuard_stillArrivesAWindowBeforeTheNext() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        RequestLimits limits = new RequestLimits(List.of(new RequestLimits.Rule("1/s", (p, q) -> "ip", 1, 1_000)), clock);
        limits.acquire("/x", "");
        long firstArrives = clock.millis() + RequestLimits.guardMs(1_000);   // the slowest way in the guard's budget
        limits.acquire("/x", "");
        long secondArrives = clock.millis();                                 // the fastest way: no delay at all
        assertThat(secondArrives - firstArrives).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void test_guard_isFivePercentOfTheWindow_atLeast50ms() {
        assertThat(RequestLimits.guardMs(1_000)).isEqualTo(50);
        assertThat(RequestLimits.guardMs(2_000)).isEqualTo(100);
        assertThat(RequestLimits.guardMs(60_000)).isEqualTo(3_000);
        assertThat(RequestLimits.guardMs(200)).isEqualTo(50);
        // a burst within the limit is not held back: 3 in a window of 3/s go at once
        ManualClock clock = new ManualClock(0);
        RequestLimits limits = new RequestLimits(List.of(new RequestLimits.Rule("3/s", (p, q) -> "u", 3, 1_000)), clock);
        try {
            for (int i = 0; i < 3; i++) {
                limits.acquire("/y", "");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(clock.millis()).isZero();
    }
}
