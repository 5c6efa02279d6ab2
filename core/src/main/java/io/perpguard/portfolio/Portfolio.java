package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Position;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A master account: its named sub-accounts (the master's own wallet is the sub-account {@link #MAIN}) and the
 * spot holdings that sit beside them.
 *
 * @param subAccounts futures sub-accounts, names unique
 * @param spot        spot balances (not margin for any futures position); dollar stablecoins among them are cash ({@link #market})
 */
public record Portfolio(List<SubAccount> subAccounts, List<SpotHolding> spot) {
    /** Name of the master account's own futures wallet. */
    public static final String MAIN = "main";

    public Portfolio {
        subAccounts = List.copyOf(Checks.notNull("subAccounts", subAccounts));
        spot = List.copyOf(Checks.notNull("spot", spot));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < subAccounts.size(); i++) {
            String n = subAccounts.get(i).name();
            if (!names.add(n)) {
                throw new InvalidInputException("subAccounts[" + i + "].name", "'" + n + "' is used twice; sub-account names must be unique");
            }
        }
        Set<String> assets = new HashSet<>();
        for (int i = 0; i < spot.size(); i++) {
            if (!assets.add(spot.get(i).asset())) {
                throw new InvalidInputException("spot[" + i + "].asset", spot.get(i).asset() + " is listed twice; add the quantities");
            }
        }
        if (subAccounts.isEmpty() && spot.isEmpty()) {
            throw new InvalidInputException("account", "has no sub-account and no spot holding");
        }
    }

    /** The sub-account called {@code name}; refused with the list of names when absent. */
    public SubAccount subAccount(String name) {
        for (SubAccount s : subAccounts) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new InvalidInputException("subAccount", "no sub-account named '" + name + "'; known: " + String.join(", ", names()));
    }

    public List<String> names() {
        return subAccounts.stream().map(SubAccount::name).toList();
    }

    /** A copy with {@code replacement} in place of the sub-account of the same name. */
    public Portfolio with(SubAccount replacement) {
        subAccount(replacement.name());
        List<SubAccount> out = new ArrayList<>(subAccounts.size());
        for (SubAccount s : subAccounts) {
            out.add(s.name().equals(replacement.name()) ? replacement : s);
        }
        return new Portfolio(out, spot);
    }

    /** The spot holdings that carry market exposure: all but the dollar stablecoins ({@link SpotHolding#cash}), in order. */
    public List<SpotHolding> market() {
        return spot.stream().filter(h -> !h.cash()).toList();
    }

    /** The USD value of the spot stablecoins: cash, in equity and in nothing that moves with the market. */
    public double cashUsd() {
        return spot.stream().filter(SpotHolding::cash).mapToDouble(SpotHolding::value).sum();
    }

    /**
     * Every symbol the portfolio is exposed to (positions, then spot, then the coins of pooled sub-accounts, each by its
     * USDT contract: {@link SubAccount#coins}), in first-seen order.
     */
    public List<String> symbols() {
        Set<String> out = new LinkedHashSet<>();
        for (SubAccount s : subAccounts) {
            for (Position p : s.account().positions()) {
                out.add(p.symbol());
            }
        }
        for (SpotHolding h : market()) {
            out.add(h.symbol());
        }
        for (SubAccount s : subAccounts) {
            for (io.perpguard.margin.CollateralAsset c : s.coins()) {
                out.add(SpotHolding.symbolOf(c.asset()));
            }
        }
        return List.copyOf(out);
    }

    /** The mark of {@code symbol} from any position that holds it, else a spot price, else a pool coin's index; NaN when none. */
    public double markOf(String symbol) {
        for (SubAccount s : subAccounts) {
            for (Position p : s.account().positions()) {
                if (p.symbol().equals(symbol)) {
                    return p.markPrice();
                }
            }
        }
        for (SpotHolding h : market()) {
            if (h.symbol().equals(symbol)) {
                return h.price();
            }
        }
        for (SubAccount s : subAccounts) {
            for (io.perpguard.margin.CollateralAsset c : s.coins()) {
                if (SpotHolding.symbolOf(c.asset()).equals(symbol)) {
                    return c.indexPrice();
                }
            }
        }
        return Double.NaN;
    }
}
