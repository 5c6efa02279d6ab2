package io.perpguard.portfolio;

import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;

import java.util.List;
import java.util.Map;

/**
 * One sub-account's positions re-valued under price moves: the kernel of the market-shock solver and of the stress
 * scenarios. Each trial asks the margin engine itself ({@link MarginCalculator#crossRequirementAt},
 * {@link MarginCalculator#isolatedRequirementAt}): every position's venue convention prices its maintenance requirement
 * (tier of the notional <em>at the moved price</em>, fee terms such as Bybit inverse's closing fee, margin added as the
 * venue counts it) and its PnL (linear or inverse), so the move found is the account's liquidation on its own venue's
 * rules, the same condition as its liquidation price. Amounts are in the sub-account's settlement currency (USDT, or the
 * coin of a coin-margined account); a pooled sub-account's cross book is core's {@link CollateralPool} in USD, each asset's
 * index moving with the position whose own coin it is, else by its USDT contract's beta (1 when unknown), a dollar
 * stablecoin held.
 */
public final class ShockBook {
    private final String name;
    private final Account account;
    private final Instruments instruments;
    private final List<Position> positions;
    private final String[] symbol;
    private final double[] mark;
    private final double[] beta;
    private final boolean[] isolated;
    private final boolean anyCross;
    /** A pooled sub-account's pool (null: one wallet), and per asset: the position it moves with (-1: none), its beta (NaN: held). */
    private final CollateralPool pool;
    private final int[] follows;
    private final String[] coinSymbol;
    private final double[] coinBeta;

    private ShockBook(SubAccount sub, Instruments instruments, Map<String, Double> betas) {
        name = sub.name();
        account = sub.account();
        this.instruments = instruments;
        positions = sub.account().positions();
        int n = positions.size();
        symbol = new String[n];
        mark = new double[n];
        beta = new double[n];
        isolated = new boolean[n];
        boolean cross = false;
        for (int i = 0; i < n; i++) {
            Position p = positions.get(i);
            symbol[i] = p.symbol();
            mark[i] = p.markPrice();
            Double b = betas.get(p.symbol());
            beta[i] = b == null || !Double.isFinite(b) ? 1.0 : b;
            isolated[i] = p.marginMode() == MarginMode.ISOLATED;
            cross |= !isolated[i];
            instruments.get(p.symbol()); // unknown symbols refused when laid out, not at the first trial
        }
        anyCross = cross;
        if (sub.pooled()) {
            pool = new CollateralPool(sub.pool(), positions, account.exchange());
            follows = pool.followedBy(instruments);
            coinSymbol = new String[follows.length];
            coinBeta = new double[follows.length];
            for (int a = 0; a < follows.length; a++) {
                coinSymbol[a] = SpotHolding.symbolOf(sub.pool().get(a).asset());
                Double b = betas.get(coinSymbol[a]);
                // a dollar stablecoin is held; a coin moves by its USDT contract's beta, one for one where that is unknown (as a position)
                coinBeta[a] = sub.pool().get(a).dollar() ? Double.NaN : b == null || !Double.isFinite(b) ? 1.0 : b;
            }
        } else {
            pool = null;
            follows = new int[0];
            coinSymbol = new String[0];
            coinBeta = new double[0];
        }
    }

    /**
     * Lays out a sub-account. {@code betas} gives each symbol's beta to the benchmark; a symbol without one (or NaN) moves
     * one for one with the benchmark.
     */
    public static ShockBook of(SubAccount sub, Instruments instruments, Map<String, Double> betas) {
        return new ShockBook(sub, instruments, betas);
    }

    public String name() {
        return name;
    }

    public boolean isEmpty() {
        return positions.isEmpty();
    }

    public List<Position> positions() {
        return positions;
    }

    /** Beta used for position {@code i}. */
    public double beta(int i) {
        return beta[i];
    }

    /**
     * Calculates the liquidation gap under a market-wide shock {@code s} (every price × max(0, 1 + β_i s)): the largest,
     * over the cross book and each isolated position, of
     * <pre>gap = requirement(moved prices) − margin balance(moved prices)</pre>
     * (DESIGN.md: liquidation when margin ratio = requirement / margin balance reaches 100 %, i.e. gap &ge; 0).
     * −∞ when the sub-account holds no position.
     */
    public double gap(double s) {
        double[] price = new double[mark.length];
        for (int i = 0; i < price.length; i++) {
            price[i] = mark[i] * Math.max(0, 1 + beta[i] * s); // a price cannot fall below 0
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < price.length; i++) {
            if (isolated[i]) {
                double[] rb = MarginCalculator.isolatedRequirementAt(positions.get(i), instruments.get(symbol[i]), price[i]);
                worst = Math.max(worst, rb[0] - rb[1]);
            }
        }
        if (anyCross) {
            double[] rb = cross(price, coinMoves(s));
            worst = Math.max(worst, rb[0] - rb[1]);
        }
        return worst;
    }

    /**
     * The cross requirement and margin balance at {@code price}: the one wallet's (its currency), or a pool's in USD with
     * each asset's index moved — with the position whose own coin it is (BTC beside BTCUSDT, or settling BTCUSD), else
     * by {@code coinMoves[a]} (0: held).
     */
    private double[] cross(double[] price, double[] coinMoves) {
        if (pool == null) {
            return MarginCalculator.crossRequirementAt(account, instruments, price);
        }
        return pool.totalsAt(instruments, price, indexFactors(price, coinMoves));
    }

    private double[] indexFactors(double[] price, double[] coinMoves) {
        double[] f = new double[follows.length];
        for (int a = 0; a < f.length; a++) {
            f[a] = follows[a] >= 0 ? price[follows[a]] / mark[follows[a]] : Math.max(0, 1 + coinMoves[a]);
        }
        return f;
    }

    /** Each pool asset's move under a market-wide shock {@code s}: β × s (a dollar stablecoin: 0, held). */
    private double[] coinMoves(double s) {
        double[] m = new double[coinBeta.length];
        for (int a = 0; a < m.length; a++) {
            m[a] = Double.isFinite(coinBeta[a]) ? coinBeta[a] * s : 0;
        }
        return m;
    }

    /** Whether the sub-account is priced on a pool of assets. */
    public boolean pooled() {
        return pool != null;
    }

    /**
     * How each pool asset moves (empty for one wallet): the symbol of the position it moves with, or of its USDT contract
     * whose beta moves it (1 when unknown), or null (a dollar stablecoin, held); its beta (NaN unless it moves by beta).
     */
    public List<CoinMove> coinMoves() {
        List<CoinMove> out = new java.util.ArrayList<>();
        for (int a = 0; a < follows.length; a++) {
            CollateralAsset c = pool.assets().get(a);
            out.add(new CoinMove(c.asset(), c.amount(), c.indexPrice(), follows[a] >= 0 ? symbol[follows[a]] : Double.isFinite(coinBeta[a])
                    ? coinSymbol[a] : null, follows[a] >= 0, follows[a] >= 0 ? Double.NaN : coinBeta[a]));
        }
        return out;
    }

    /**
     * How one asset of a pool moves with the market.
     *
     * @param symbol          the position it moves with ({@code withPosition}), or its USDT contract whose beta moves it; null: held (a dollar stablecoin)
     * @param withPosition    whether it is a position's own coin (BTC beside BTCUSDT, or settling BTCUSD), moving with its mark
     * @param beta            its USDT contract's beta to the benchmark when it moves by beta, else NaN
     */
    public record CoinMove(String asset, double amount, double indexPrice, String symbol, boolean withPosition, double beta) {
    }

    /** Each pool asset's move from moves per symbol: its USDT contract's (a symbol not in the map: 0); empty for one wallet. */
    public double[] coinMovesFor(Map<String, Double> bySymbol) {
        double[] m = new double[coinSymbol.length];
        for (int a = 0; a < m.length; a++) {
            Double v = bySymbol.get(coinSymbol[a]);
            m[a] = v == null ? 0 : v;
        }
        return m;
    }

    /** Cross margin ratio under a market-wide shock {@code s}; NaN without cross positions, +∞ once balance ≤ 0. */
    public double crossMarginRatio(double s) {
        double[] moves = new double[mark.length];
        for (int i = 0; i < moves.length; i++) {
            moves[i] = beta[i] * s;
        }
        return value(moves, coinMoves(s)).crossMarginRatio();
    }

    /** Moves per position from moves per symbol (a symbol not in the map does not move). */
    public double[] movesFor(Map<String, Double> bySymbol) {
        double[] m = new double[symbol.length];
        for (int i = 0; i < m.length; i++) {
            Double v = bySymbol.get(symbol[i]);
            m[i] = v == null ? 0 : v;
        }
        return m;
    }

    /**
     * The sub-account re-valued with each position's price moved by {@code moves[i]} (a fraction; −1 or less puts
     * the price at 0).
     */
    public Valuation value(double[] moves) {
        return value(moves, new double[coinSymbol.length]);
    }

    /** {@link #value(double[])} with each pool asset not moving with a position moved by {@code coinMoves[a]}. */
    public Valuation value(double[] moves, double[] coinMoves) {
        int n = mark.length;
        double[] isoRatio = new double[n];
        double[] price = new double[n];
        for (int i = 0; i < n; i++) {
            price[i] = mark[i] * Math.max(0, 1 + moves[i]);
        }
        for (int i = 0; i < n; i++) {
            if (isolated[i]) {
                double[] rb = MarginCalculator.isolatedRequirementAt(positions.get(i), instruments.get(symbol[i]), price[i]);
                isoRatio[i] = ratio(rb[0], rb[1]);
            } else {
                isoRatio[i] = Double.NaN;
            }
        }
        double[] pooled = pool == null ? null : pool.totalsAt(instruments, price, indexFactors(price, coinMoves));
        double walletUsd = pooled == null ? Double.NaN : pooled[3];
        if (!anyCross) {
            return new Valuation(price, Double.NaN, 0, account.crossWalletBalance(), isoRatio, walletUsd);
        }
        double[] rb = pooled == null ? MarginCalculator.crossRequirementAt(account, instruments, price) : pooled;
        return new Valuation(price, ratio(rb[0], rb[1]), rb[0], rb[1], isoRatio, walletUsd);
    }

    /**
     * A re-valuation.
     *
     * @param prices           moved price of each position
     * @param crossMarginRatio cross requirement / cross margin balance (NaN without cross positions)
     * @param crossMaintenance cross maintenance requirement at the moved prices (the venue's, fee terms included)
     * @param crossBalance     cross wallet + cross unrealized PnL at the moved prices
     * @param isolatedRatio    each isolated position's margin ratio (NaN for cross positions)
     * @param walletUsd        a pool's wallets at the moved indexes, USD (NaN for one wallet)
     */
    public record Valuation(double[] prices, double crossMarginRatio, double crossMaintenance, double crossBalance,
                            double[] isolatedRatio, double walletUsd) {
    }

    /** Margin ratio = MM / margin balance (DESIGN.md); +∞ once the balance is 0 or less. */
    static double ratio(double mm, double balance) {
        return MarginCalculator.marginRatio(mm, balance);
    }
}
