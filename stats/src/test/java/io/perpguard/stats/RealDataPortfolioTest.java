package io.perpguard.stats;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.market.DailyCandles;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.Betas;
import io.perpguard.portfolio.PortfolioNote;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.PortfolioRisk;
import io.perpguard.portfolio.SubAccount;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The portfolio engine on the real daily candles of shared/data (skipped when they are absent). */
class RealDataPortfolioTest {
    static final Path CANDLES = Path.of(System.getProperty("perpguard.samples", "../samples"), "candles");
    static final Path BTC_FILE = CANDLES.resolve("BTCUSDT-1d-spot-2017-08_2026-01.csv");
    static final Instruments INSTRUMENTS = TierTables.bundled();
    static Map<String, CandleSeries> daily;

    @BeforeAll
    static void load() {
        assertThat(BTC_FILE).as("shipped sample data").exists();
        daily = DailyCandles.load(CANDLES, List.of("BTCUSDT", "ETHUSDT", "SOLUSDT")).data();
    }

    static Position cross(String symbol, double qty, double entry, double mark) {
        return new Position(symbol, Side.LONG, qty, entry, 10, MarginMode.CROSS, PositionSide.BOTH, 0, mark);
    }

    static double lastClose(String symbol) {
        CandleSeries c = daily.get(symbol);
        return c.close()[c.size() - 1];
    }

    /** A long book: 1 BTC, 20 ETH, 400 SOL at the last daily closes, 30,000 USDT cross wallet. */
    static Portfolio threeSymbolBook() {
        return new Portfolio(List.of(new SubAccount("main", new Account(30_000, List.of(
                cross("BTCUSDT", 1, 92_000, lastClose("BTCUSDT")), cross("ETHUSDT", 20, 3_100, lastClose("ETHUSDT")),
                cross("SOLUSDT", 400, 130, lastClose("SOLUSDT")))))), List.of());
    }

    @Test
    void test_threeSymbolLongBook_isOneBetOnCrypto_andTheHedgePushesLiquidationAway() {
        PortfolioReport r = PortfolioRisk.analyse(threeSymbolBook(), INSTRUMENTS, daily, PortfolioRisk.Options.defaults());
        PortfolioAnalysis a = PortfolioAnalysis.of(r);
        assertThat(r.returns().days()).isEqualTo(365);
        // correlation of daily returns above 0.5 for every pair
        assertThat(a.correlation().get("BTCUSDT", "ETHUSDT")).isGreaterThan(0.5);
        assertThat(a.correlation().get("BTCUSDT", "SOLUSDT")).isGreaterThan(0.5);
        assertThat(a.correlation().get("ETHUSDT", "SOLUSDT")).isGreaterThan(0.5);
        // beta-weighted delta is larger than the BTC delta alone (and than the plain net delta: alt betas > 1)
        double btcDelta = r.exposure().line("BTCUSDT").netDeltaUsd();
        assertThat(r.exposure().betaWeightedDeltaUsd()).isGreaterThan(btcDelta).isGreaterThan(r.exposure().netDeltaUsd());
        // the suggested hedge is a BTC short; each step of it moves the liquidating fall further away
        PortfolioReport.HedgePlan h = r.hedge();
        assertThat(h.symbol()).isEqualTo("BTCUSDT");
        assertThat(h.side()).isEqualTo(Side.SHORT);
        // to the nearest BTCUSDT step (0.001): an order the venue accepts
        assertThat(h.qty() * lastClose("BTCUSDT")).isCloseTo(r.exposure().futuresBetaWeightedDeltaUsd(), within(0.0005 * lastClose("BTCUSDT")));
        assertThat(h.qty() * 1000).isEqualTo(Math.rint(h.qty() * 1000));
        double before = r.liquidationShock().downPct();
        assertThat(before).isNegative();
        double prev = before;
        for (PortfolioReport.HedgeStep s : h.steps().subList(0, 3)) {
            assertThat(s.shockAfter().downPct()).isLessThan(prev);
            prev = s.shockAfter().downPct();
        }
        // fully beta-neutral: no fall in range liquidates any more (or, if one does, it is further away still)
        double after = h.shockAfter().downPct();
        assertThat(Double.isNaN(after) || after < prev).isTrue();
        // min-variance BTC hedge on the same window equals the beta hedge: −Σ δ_i cov(r_i, r_BTC)/var(r_BTC) = −Σ β_i δ_i
        assertThat(h.minVariance().hedgeNotional()).isCloseTo(-r.exposure().futuresBetaWeightedDeltaUsd(), within(1e-6));
        assertThat(h.minVariance().effectiveness()).isBetween(0.5, 1.0);
        // alternatives are ranked by effectiveness, and each hedge moves the liquidating fall away
        List<PortfolioReport.Alternative> alts = h.alternatives();
        assertThat(alts).hasSize(3);
        for (int i = 1; i < alts.size(); i++) {
            assertThat(alts.get(i - 1).minVariance().effectiveness()).isGreaterThanOrEqualTo(alts.get(i).minVariance().effectiveness());
        }
        for (PortfolioReport.Alternative alt : alts) {
            assertThat(alt.shockAfter()).isNotNull();
            assertThat(Double.isNaN(alt.shockAfter().downPct()) || alt.shockAfter().downPct() < before).isTrue();
        }
        // VaR both ways exists, ES ≥ VaR
        assertThat(r.historicalVar().es99()).isGreaterThanOrEqualTo(r.historicalVar().var99());
        assertThat(a.parametric().var99()).isGreaterThan(a.parametric().var95()).isPositive();
        // crash days replayed; SOL had no candles on 2020-03-12 and is proxied (said in the notes)
        assertThat(r.scenarios()).hasSize(8);
        assertThat(r.scenarios().get(0).scenario().notes()).anyMatch(n -> n.code() == PortfolioNote.Code.SCENARIO_PROXIED
                && n.values().get("symbol").equals("SOLUSDT") && n.values().get("day").equals("2020-03-12"));
    }

    /**
     * Historical VaR on real data, by hand. Steps: (1) read BTCUSDT-1d-spot-2017-08_2026-01.csv as plain text; (2) take
     * the last 366 closes (2025-01-06 … 2026-01-06; the file has no gaps, checked below) and form the 365 returns
     * close[i]/close[i−1] − 1; (3) the P&amp;L of a 1 BTC long marked at the last close is mark × r; (4) sort ascending;
     * k = ceil(365 × 0.05) = 19 and ceil(365 × 0.01) = 4; VaR95 = −(19th smallest), VaR99 = −(4th smallest),
     * ES95 = −mean of the 19 smallest.
     */
    @Test
    void test_historicalVar_btcLong_reproducibleFromTheCsvByHand() throws IOException {
        List<String> lines = Files.readAllLines(BTC_FILE);
        List<String> rows = lines.subList(lines.size() - 366, lines.size());
        double[] close = new double[366];
        long prevTime = 0;
        for (int i = 0; i < 366; i++) {
            String[] f = rows.get(i).split(",");
            long t = Long.parseLong(f[0]);
            assertThat(i == 0 || t - prevTime == 86_400_000L).isTrue();
            prevTime = t;
            close[i] = Double.parseDouble(f[4]);
        }
        double mark = close[365];
        double[] pnl = new double[365];
        for (int i = 1; i < 366; i++) {
            pnl[i - 1] = mark * (close[i] / close[i - 1] - 1);
        }
        Arrays.sort(pnl);
        double var95 = -pnl[18], var99 = -pnl[3];
        double es95 = 0;
        for (int i = 0; i < 19; i++) {
            es95 -= pnl[i] / 19;
        }
        Portfolio oneBtc = new Portfolio(List.of(new SubAccount("main", new Account(50_000, List.of(cross("BTCUSDT", 1, 90_000, mark))))), List.of());
        PortfolioReport r = PortfolioRisk.analyse(oneBtc, INSTRUMENTS, Map.of("BTCUSDT", daily.get("BTCUSDT")), PortfolioRisk.Options.defaults());
        assertThat(r.historicalVar().var95()).isCloseTo(var95, within(1e-6));
        assertThat(r.historicalVar().var99()).isCloseTo(var99, within(1e-6));
        assertThat(r.historicalVar().es95()).isCloseTo(es95, within(1e-6));
        assertThat(r.returns().firstDay()).hasToString("2025-01-07");
        assertThat(r.returns().lastDay()).hasToString("2026-01-06");
    }

    @Test
    void test_window_changesTheSample_betaOfBtcStaysOne() {
        PortfolioReport r = PortfolioRisk.analyse(threeSymbolBook(), INSTRUMENTS, daily,
                new PortfolioRisk.Options(90, List.of(), List.of(), List.of(), Betas.DEFAULT_BENCHMARK));
        assertThat(r.returns().days()).isEqualTo(90);
        assertThat(r.betas().of("BTCUSDT")).isEqualTo(1.0);
        assertThat(r.betas().of("SOLUSDT")).isGreaterThan(0.5);
        assertThat(r.scenarios()).isEmpty();
    }

    @Test
    void test_ethBenchmark_betasHedgeAndWeightingAreToEth() {
        PortfolioReport btc = PortfolioRisk.analyse(threeSymbolBook(), INSTRUMENTS, daily, PortfolioRisk.Options.defaults());
        PortfolioReport r = PortfolioRisk.analyse(threeSymbolBook(), INSTRUMENTS, daily,
                new PortfolioRisk.Options(365, List.of(), List.of(), List.of(), "ETHUSDT"));
        assertThat(r.betas().benchmark()).isEqualTo("ETHUSDT");
        assertThat(r.betas().of("ETHUSDT")).isEqualTo(1.0);
        // β(BTC→ETH) = cov / var(ETH): BTC is no longer 1, and β(BTC→ETH) × β(ETH→BTC) = ρ²
        double rho = io.perpguard.portfolio.SampleMoments.correlation(r.returns().row("BTCUSDT"), r.returns().row("ETHUSDT"));
        assertThat(r.betas().of("BTCUSDT")).isLessThan(0.9);
        assertThat(r.betas().of("BTCUSDT") * btc.betas().of("ETHUSDT")).isCloseTo(rho * rho, within(1e-9));
        // the hedge is sized in ETH: qty × ETH mark = |futures beta-weighted delta to ETH|
        assertThat(r.hedge().symbol()).isEqualTo("ETHUSDT");
        assertThat(r.hedge().notional()).isCloseTo(Math.abs(r.exposure().futuresBetaWeightedDeltaUsd()), within(0.0005 * r.hedge().notional() / r.hedge().qty()));
        assertThat(r.exposure().betaWeightedDeltaUsd()).isNotCloseTo(btc.exposure().betaWeightedDeltaUsd(), within(1.0));
        assertThat(r.positions().stream().filter(p -> p.symbol().equals("ETHUSDT")).findFirst().orElseThrow().beta()).isEqualTo(1.0);
    }

    @Test
    void test_analysis_withoutReturns_hasNoCorrelationNorVaR() {
        PortfolioReport r = PortfolioRisk.analyse(threeSymbolBook(), INSTRUMENTS, null, PortfolioRisk.Options.defaults());
        PortfolioAnalysis a = PortfolioAnalysis.of(r);
        assertThat(a.correlation()).isNull();
        assertThat(a.parametric()).isNull();
        assertThat(r.historicalVar()).isNull();
        assertThat(r.warnings()).contains(PortfolioNote.of(PortfolioNote.Code.NO_RETURNS, "benchmark", "BTCUSDT"));
        assertThat(r.positions().get(1).beta()).isNaN();
    }
}
