package io.perpguard.data.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.venue.Exchange;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.Position;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.SpotHolding;
import io.perpguard.portfolio.SubAccount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Reads the account file of DESIGN.md extended with sub-accounts and spot holdings:
 * <pre>{ "walletBalance": 10000, "positions": [ ... ],                       ← the master's own wallet, "main"
 *   "subAccounts": [ { "name": "degen", "walletBalance": 2000, "positions": [ ... ], "collateral": [ ... ] } ],
 *   "spot": [ { "asset": "BTC", "qty": 2, "price": 61000 } ] }</pre>
 * Positions are read exactly as {@link AccountFile} reads them. The top-level wallet and positions may be left out
 * when sub-accounts are given, and the wallet (then 0) when the top level holds no positions (a spot-only file). A spot holding without {@code price} takes the mark of a position in its USDT
 * perpetual, else {@code fallbackPrice} (e.g. the last daily close); NaN from it is an error naming the field.
 */
public final class PortfolioFile {
    private PortfolioFile() {
    }

    public static Portfolio read(Path file, ToDoubleFunction<String> fallbackPrice) {
        return read(file, fallbackPrice, AccountFile.PositionCheck.NONE);
    }

    /** As {@link #read(Path, ToDoubleFunction)}, each position passing {@code check} before its account's wallet is checked. */
    public static Portfolio read(Path file, ToDoubleFunction<String> fallbackPrice, AccountFile.PositionCheck check) {
        return read(file, fallbackPrice, check, null);
    }

    /**
     * Prices the collateral a sub-account states beside its wallet, as {@code calc --account} does (the app's
     * {@code PooledAccount}): the pool's assets, its wallet first; refused naming the field under {@code prefix}
     * ({@code subAccounts[0].collateral}).
     */
    @FunctionalInterface
    public interface Pooler {
        List<CollateralAsset> pool(Exchange exchange, double wallet, List<AccountFile.Collateral> stated, String prefix);
    }

    /**
     * Judges each account as it is read, naming the fields it came from ({@code walletBalance} and {@code positions}, or
     * {@code subAccounts[1].walletBalance} ...): the app refuses one stated past its liquidation at its own marks.
     */
    @FunctionalInterface
    public interface AccountCheck {
        AccountCheck NONE = (sub, walletField, positionsField) -> {
        };

        void check(SubAccount sub, String walletField, String positionsField);
    }

    /**
     * As {@link #read(Path, ToDoubleFunction, AccountFile.PositionCheck)}; an account's {@code collateral} list (read as
     * {@link AccountFile#parseCollateral} reads it) priced by {@code pooler} (null: collateral is refused).
     */
    public static Portfolio read(Path file, ToDoubleFunction<String> fallbackPrice, AccountFile.PositionCheck check, Pooler pooler) {
        return read(file, fallbackPrice, check, pooler, AccountCheck.NONE);
    }

    /** As {@link #read(Path, ToDoubleFunction, AccountFile.PositionCheck, Pooler)}, each account then judged by {@code accounts}. */
    public static Portfolio read(Path file, ToDoubleFunction<String> fallbackPrice, AccountFile.PositionCheck check, Pooler pooler,
                                 AccountCheck accounts) {
        JsonNode root = JsonInput.readFile("account", file);
        try {
            return parse(root, fallbackPrice, check, pooler, accounts);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), e.problem() + " (in " + file + ")");
        }
    }

    public static Portfolio parse(JsonNode root, ToDoubleFunction<String> fallbackPrice) {
        return parse(root, fallbackPrice, AccountFile.PositionCheck.NONE);
    }

    /** As {@link #parse(JsonNode, ToDoubleFunction)}, each position passing {@code check} before its account's wallet is checked. */
    public static Portfolio parse(JsonNode root, ToDoubleFunction<String> fallbackPrice, AccountFile.PositionCheck check) {
        return parse(root, fallbackPrice, check, null);
    }

    /** As {@link #parse(JsonNode, ToDoubleFunction, AccountFile.PositionCheck)}, each account's {@code collateral} priced by {@code pooler}. */
    public static Portfolio parse(JsonNode root, ToDoubleFunction<String> fallbackPrice, AccountFile.PositionCheck check, Pooler pooler) {
        return parse(root, fallbackPrice, check, pooler, AccountCheck.NONE);
    }

    /** As {@link #parse(JsonNode, ToDoubleFunction, AccountFile.PositionCheck, Pooler)}, each account then judged by {@code accounts}. */
    public static Portfolio parse(JsonNode root, ToDoubleFunction<String> fallbackPrice, AccountFile.PositionCheck check, Pooler pooler,
                                  AccountCheck accounts) {
        JsonInput.object(root, "account");
        JsonInput.onlyKnown(root, "", java.util.Set.of("exchange", "walletBalance", "positions", "subAccounts", "spot", "collateral"));
        List<SubAccount> subs = new ArrayList<>();
        JsonNode subArr = root.get("subAccounts");
        boolean hasSubs = subArr != null && !subArr.isNull();
        boolean hasMain = root.has("walletBalance") || root.has("positions") || !hasSubs;
        if (hasMain) {
            JsonNode arr = root.has("positions") ? JsonInput.array(root, "positions", "positions") : JsonInput.MAPPER.createArrayNode();
            // a futures wallet is only asked of an account that holds futures: a spot-only file (or one of sub-accounts)
            // has an empty one; positions without it are refused, never priced on a guessed 0, and so is a file of nothing
            JsonNode spotGiven = root.get("spot");
            boolean spotOnly = arr.isEmpty() && spotGiven != null && spotGiven.isArray() && !spotGiven.isEmpty();
            double wallet = hasSubs || spotOnly ? JsonInput.literalNumber(root, "walletBalance", "walletBalance", 0)
                    : JsonInput.literalNumber(root, "walletBalance", "walletBalance");
            Exchange ex = AccountFile.exchange(root, "exchange", null);
            subs.add(pooled(Portfolio.MAIN, account(wallet, AccountFile.parsePositions(arr, "positions", ex, check), "walletBalance", ex), root, "", pooler));
            accounts.check(subs.get(subs.size() - 1), "walletBalance", "positions");
        }
        if (hasSubs) {
            if (!subArr.isArray()) {
                throw new InvalidInputException("subAccounts", "must be an array");
            }
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < subArr.size(); i++) {
                String p = "subAccounts[" + i + "]";
                JsonNode n = JsonInput.object(subArr.get(i), p);
                JsonInput.onlyKnown(n, p + ".", java.util.Set.of("name", "exchange", "walletBalance", "positions", "collateral"));
                String name = io.perpguard.Checks.printable(p + ".name", JsonInput.text(n, "name", p + ".name")).trim();   // shown in every table
                if (name.isEmpty()) {
                    throw new InvalidInputException(p + ".name", "is empty");
                }
                if (hasMain && name.equals(Portfolio.MAIN)) {
                    throw new InvalidInputException(p + ".name", "'main' is the master account's own wallet (the top-level walletBalance); pick another name");
                }
                if (!names.add(name)) {
                    // named by its index in the file (the portfolio's own list starts with the master's wallet)
                    throw new InvalidInputException(p + ".name", "'" + name + "' is used twice; sub-account names must be unique");
                }
                double wallet = JsonInput.literalNumber(n, "walletBalance", p + ".walletBalance");
                JsonNode arr = n.has("positions") ? JsonInput.array(n, "positions", p + ".positions") : JsonInput.MAPPER.createArrayNode();
                // each account names its exchange (one per account); a sub-account without one is on the master's
                Exchange ex = AccountFile.exchange(n, p + ".exchange", AccountFile.exchange(root, "exchange", null));
                subs.add(pooled(name, account(wallet, AccountFile.parsePositions(arr, p + ".positions", ex, check), p + ".walletBalance", ex), n, p + ".", pooler));
                accounts.check(subs.get(subs.size() - 1), p + ".walletBalance", p + ".positions");
            }
        }
        List<SpotHolding> spot = new ArrayList<>();
        JsonNode spotArr = root.get("spot");
        if (spotArr != null && !spotArr.isNull()) {
            if (!spotArr.isArray()) {
                throw new InvalidInputException("spot", "must be an array");
            }
            Portfolio futuresOnly = subs.isEmpty() ? null : new Portfolio(subs, List.of());
            for (int i = 0; i < spotArr.size(); i++) {
                String p = "spot[" + i + "]";
                JsonNode n = JsonInput.object(spotArr.get(i), p);
                JsonInput.onlyKnown(n, p + ".", java.util.Set.of("asset", "qty", "price"));
                // "BTC USDT" was priced as the symbol "BTC USDTUSDT" and counted as exposure; "" asked for a USDT position
                String asset = AccountFile.assetCode(n, p + ".asset");
                double qty = JsonInput.literalNumber(n, "qty", p + ".qty");
                // a dollar stablecoin (USDT, USDC, …) is spot cash: at its stated price, else par; no USDCUSDT to look up
                double price = JsonInput.literalNumber(n, "price", p + ".price", SpotHolding.isCash(asset) ? 1.0 : Double.NaN);
                String symbol = SpotHolding.symbolOf(asset);
                if (Double.isNaN(price) && futuresOnly != null) {
                    price = futuresOnly.markOf(symbol);
                }
                if (Double.isNaN(price)) {
                    price = fallbackPrice.applyAsDouble(symbol);
                }
                if (Double.isNaN(price)) {
                    throw new InvalidInputException(p + ".price", "is missing: give the price, hold " + Checks.a(symbol)
                            + " position, or pass --returns with " + symbol + " daily candles");
                }
                try {
                    spot.add(new SpotHolding(asset, qty, price));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(p + "." + e.field(), e.problem());
                }
            }
        }
        return new Portfolio(subs, spot);
    }

    /** The exchanges a portfolio file's accounts name (empty when none does). */
    public static Set<Exchange> exchanges(Path file) {
        JsonNode root = JsonInput.readFile("account", file);
        Set<Exchange> out = new LinkedHashSet<>();
        Exchange top = AccountFile.exchange(root, "exchange", null);
        if (top != null) {
            out.add(top);
        }
        JsonNode subs = root.get("subAccounts");
        if (subs != null && subs.isArray()) {
            for (int i = 0; i < subs.size(); i++) {
                Exchange e = AccountFile.exchange(subs.get(i), "subAccounts[" + i + "].exchange", null);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The sub-account, on a pool when its object states {@code collateral} (an empty list: one wallet). */
    private static SubAccount pooled(String name, Account a, JsonNode n, String prefix, Pooler pooler) {
        JsonNode c = n.get("collateral");
        if (c == null || c.isNull()) {
            return new SubAccount(name, a);
        }
        List<AccountFile.Collateral> stated = AccountFile.parseCollateral(JsonInput.array(n, "collateral", prefix + "collateral"), prefix + "collateral");
        if (stated.isEmpty()) {
            return new SubAccount(name, a);
        }
        if (pooler == null) {
            throw new InvalidInputException(prefix + "collateral", "shared collateral is not priced here; give the account without it");
        }
        return new SubAccount(name, a, pooler.pool(a.exchange(), a.walletBalance(), stated, prefix + "collateral"));
    }

    private static Account account(double wallet, List<Position> positions, String walletField, Exchange ex) {
        try {
            return new Account(wallet, positions, ex);
        } catch (InvalidInputException e) {
            String f = e.field().equals("walletBalance") ? walletField : e.field();
            throw new InvalidInputException(f, e.problem());
        }
    }
}
