package io.perpguard.data.account;

import io.perpguard.InputBounds;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the account file of DESIGN.md:
 * <pre>{ "exchange": "binance", "walletBalance": 10000, "positions": [ { "symbol", "side", "qty" | "contracts",
 *   "entryPrice", "leverage", "marginMode", "positionSide", "markPrice", "marginAdded" } ] }</pre>
 * {@code exchange} (one per account: binance, binance-coinm, bybit, bybit-uta, okx, xt) is optional — then the
 * command's {@code --exchange} decides; amounts are in the settlement currency of its contracts (coin for
 * coin-margined). A size is {@code qty} in base units (coin for inverse) or {@code contracts} (whole).
 * {@code marginMode} defaults to cross, {@code positionSide} to both, {@code markPrice} to the entry price,
 * {@code marginAdded} to 0.
 */
public final class AccountFile {
    /** The fields of an account object. */
    public static final java.util.Set<String> ACCOUNT_FIELDS = java.util.Set.of("exchange", "walletBalance", "positions");
    /** The fields of a position object. */
    public static final java.util.Set<String> POSITION_FIELDS = java.util.Set.of("symbol", "side", "qty", "contracts", "entryPrice",
            "leverage", "marginMode", "positionSide", "markPrice", "marginAdded");
    /** The fields of an account object that states its collateral ({@code calc --account}, {@code check --account}, the desk's check). */
    public static final java.util.Set<String> POOLED_ACCOUNT_FIELDS = java.util.Set.of("exchange", "walletBalance", "positions", "collateral");
    /** The fields of a collateral object. */
    public static final java.util.Set<String> COLLATERAL_FIELDS = java.util.Set.of("asset", "amount", "collateralRatio", "indexPrice");
    private AccountFile() {
    }

    /**
     * One collateral asset as the trader states it, read from the venue (perpguard bundles no asset index): how much of
     * it the futures wallet holds, the share of its value the venue counts (1 − haircut: Binance's Multi-Assets "collateral
     * ratio", Bybit's collateral value ratio) and its USD index price.
     *
     * @param asset           the asset's code, upper case ({@code BTC}, {@code USDC})
     * @param amount          in the asset, 0 to 10¹⁵
     * @param collateralRatio more than 0, at most 1
     * @param indexPrice      USD per unit, above 0, at most 10⁹
     */
    public record Collateral(String asset, double amount, double collateralRatio, double indexPrice) {
    }

    /** An account file with the collateral it states beside its wallet (empty: none stated). */
    public record Pooled(Account account, List<Collateral> collateral) {
        public Pooled {
            collateral = List.copyOf(collateral);
        }
    }

    /** As {@link #read(Path, Exchange, PositionCheck)}, the {@code collateral} list read too. */
    public static Pooled readPooled(Path file, Exchange fallback, PositionCheck check) {
        JsonNode root = JsonInput.readFile("account", file);
        try {
            return parsePooled(root, fallback, check);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), e.problem() + " (in " + file + ")");
        }
    }

    /** As {@link #parse(JsonNode, Exchange, PositionCheck)}, the {@code collateral} list read too. */
    public static Pooled parsePooled(JsonNode root, Exchange fallback, PositionCheck check) {
        JsonInput.object(root, "account");
        JsonInput.onlyKnown(root, "", POOLED_ACCOUNT_FIELDS);
        Exchange ex = exchange(root, "exchange", fallback);
        double wallet = JsonInput.literalNumber(root, "walletBalance", "walletBalance");
        JsonNode arr = JsonInput.array(root, "positions", "positions");
        Account a = new Account(wallet, parsePositions(arr, "positions", ex, check), ex);
        JsonNode c = root.get("collateral");
        return new Pooled(a, c == null || c.isNull() ? List.of() : parseCollateral(JsonInput.array(root, "collateral", "collateral"), "collateral"));
    }

    /** An asset code read from {@code n.asset}, upper case: 2 to 12 letters or digits (BTC, USDC, 1000PEPE), else refused naming it. */
    public static String assetCode(JsonNode n, String field) {
        String asset = JsonInput.text(n, "asset", field).trim().toUpperCase(Locale.ROOT);
        if (!asset.matches("[A-Z0-9]{2,12}")) {
            throw new InvalidInputException(field, "'" + io.perpguard.data.io.Excerpt.of(asset) + "' is not an asset code (2 to 12 letters or digits, e.g. BTC)");
        }
        return asset;
    }

    /**
     * Parses a collateral array: each entry {@code {asset, amount, collateralRatio, indexPrice}}, every field required, an
     * asset once. Which assets a venue takes is the pricing's to say, not the file's.
     */
    public static List<Collateral> parseCollateral(JsonNode arr, String prefix) {
        List<Collateral> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String p = prefix + "[" + i + "]";
            JsonNode n = JsonInput.object(arr.get(i), p);
            JsonInput.onlyKnown(n, p + ".", COLLATERAL_FIELDS);
            String asset = assetCode(n, p + ".asset");
            if (!seen.add(asset)) {
                throw new InvalidInputException(p + ".asset", asset + " is listed twice; give each asset once");
            }
            double amount = JsonInput.literalNumber(n, "amount", p + ".amount");
            InputBounds.balance(p + ".amount", amount);
            double ratio = JsonInput.literalNumber(n, "collateralRatio", p + ".collateralRatio");
            collateralRatio(p + ".collateralRatio", ratio);
            double index = InputBounds.price(p + ".indexPrice", JsonInput.literalNumber(n, "indexPrice", p + ".indexPrice"));
            out.add(new Collateral(asset, amount, ratio, index));
        }
        return out;
    }

    /** A collateral ratio (1 − haircut): more than 0, at most 1. */
    public static double collateralRatio(String field, double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new InvalidInputException(field, Checks.fmt(ratio) + " is outside the allowed range more than 0 to 1 (the share of the "
                    + "asset's value the venue counts, 1 − its haircut)");
        }
        return ratio;
    }

    /**
     * A check of each position as read against what prices it (its venue's tiers), run before the account's wallet is
     * checked against the isolated margins: a qty no tier holds is that qty's fault, not the wallet's that cannot fund it.
     */
    @FunctionalInterface
    public interface PositionCheck {
        PositionCheck NONE = (path, p, ex) -> { };

        /**
         * @param path the position's path in the file ({@code positions[0]}); a field the check blames is named under it
         * @param ex   the account's exchange (null: not stated)
         */
        void check(String path, Position p, Exchange ex);
    }

    public static Account read(Path file) {
        return read(file, null);
    }

    /** Reads an account file; {@code fallback} is the exchange when the file names none. */
    public static Account read(Path file, Exchange fallback) {
        return read(file, fallback, PositionCheck.NONE);
    }

    /** As {@link #read(Path, Exchange)}, each position passing {@code check} before the wallet is checked. */
    public static Account read(Path file, Exchange fallback, PositionCheck check) {
        JsonNode root = JsonInput.readFile("account", file);
        try {
            return parse(root, fallback, check);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), e.problem() + " (in " + file + ")");
        }
    }

    /** Parses an account object (also used by the API). */
    public static Account parse(JsonNode root) {
        return parse(root, null);
    }

    /** Parses an account object; {@code fallback} is the exchange when the object names none (null: not stated). */
    public static Account parse(JsonNode root, Exchange fallback) {
        return parse(root, fallback, PositionCheck.NONE);
    }

    /** As {@link #parse(JsonNode, Exchange)}, each position passing {@code check} before the wallet is checked. */
    public static Account parse(JsonNode root, Exchange fallback, PositionCheck check) {
        JsonInput.object(root, "account");
        JsonInput.onlyKnown(root, "", ACCOUNT_FIELDS);
        Exchange ex = exchange(root, "exchange", fallback);
        double wallet = JsonInput.literalNumber(root, "walletBalance", "walletBalance");
        JsonNode arr = JsonInput.array(root, "positions", "positions");
        return new Account(wallet, parsePositions(arr, "positions", ex, check), ex);
    }

    /** The {@code exchange} field of an object, or {@code fallback}. */
    public static Exchange exchange(JsonNode obj, String path, Exchange fallback) {
        JsonNode e = obj.get("exchange");
        return e == null || e.isNull() ? fallback : Exchange.parse(path, e.asText());
    }

    /** Parses a positions array; each error names {@code prefix[i].field}. */
    public static List<Position> parsePositions(JsonNode arr, String prefix) {
        return parsePositions(arr, prefix, null);
    }

    /** Parses a positions array of an account on {@code ex} (null: linear contracts). */
    public static List<Position> parsePositions(JsonNode arr, String prefix, Exchange ex) {
        return parsePositions(arr, prefix, ex, PositionCheck.NONE);
    }

    /** As {@link #parsePositions(JsonNode, String, Exchange)}, each position passing {@code check}; its errors named under the position. */
    public static List<Position> parsePositions(JsonNode arr, String prefix, Exchange ex, PositionCheck check) {
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String p = prefix + "[" + i + "]";
            Position position = parsePosition(JsonInput.object(arr.get(i), p), p, ex);
            try {
                check.check(p, position, ex);
            } catch (InvalidInputException e) {
                if (e.field().startsWith(p)) {
                    throw e;
                }
                throw new InvalidInputException(p + "." + e.field(), e.problem());
            }
            positions.add(position);
        }
        return positions;
    }

    /** Parses one position object. */
    public static Position parsePosition(JsonNode n, String p) {
        return parsePosition(n, p, null);
    }

    /**
     * Parses one position object of an account on {@code ex}: the symbol's spelling there gives its contract type;
     * {@code contracts} are whole contracts of the venue's bundled contract size. Unknown fields are refused.
     */
    public static Position parsePosition(JsonNode n, String p, Exchange ex) {
        JsonInput.onlyKnown(n, p + ".", POSITION_FIELDS);
        return parsePositionFields(n, p, ex);
    }

    /** Parses the position fields of {@code n}; the caller has checked which other fields it allows. */
    public static Position parsePositionFields(JsonNode n, String p) {
        return parsePositionFields(n, p, null);
    }

    /** As {@link #parsePositionFields(JsonNode, String)} on {@code ex}. */
    public static Position parsePositionFields(JsonNode n, String p, Exchange ex) {
        try {
            String symbol = JsonInput.text(n, "symbol", p + ".symbol").trim().toUpperCase(Locale.ROOT);
            Side side = Side.parse(p + ".side", JsonInput.text(n, "side", p + ".side"));
            // the sane bounds every position's figures have (InputBounds: the stream's and the desk's): a mark of 10^15 was stored
            double entry = InputBounds.price(p + ".entryPrice", JsonInput.literalNumber(n, "entryPrice", p + ".entryPrice"));
            ContractType type = ex == null ? ContractType.LINEAR : ex.typeOf(symbol);
            double qty;
            if (n.has("contracts")) {
                if (n.has("qty")) {
                    throw new InvalidInputException(p + ".qty", "give qty or contracts, not both");
                }
                double contracts = JsonInput.literalNumber(n, "contracts", p + ".contracts");
                double size = ex == null ? 0 : VenueInstruments.contractSize(ex, symbol);
                if (size <= 0) {
                    throw new InvalidInputException(p + ".contracts", symbol + (ex == null ? " has no exchange named" : " on " + ex.displayName()
                            + " has no known contract size") + "; give qty");
                }
                InputBounds.contracts(p + ".contracts", contracts, size);
                io.perpguard.instrument.Contract ct = VenueInstruments.contract(ex, symbol);
                if (ct.lotContracts() == 1) {
                    if (Math.abs(contracts - Math.rint(contracts)) > 1e-9 * Math.max(1, contracts)) {
                        throw new InvalidInputException(p + ".contracts", Checks.fmt(contracts) + " is not a whole number of contracts");
                    }
                    contracts = Math.rint(contracts);
                } else {
                    contracts = ct.requireWholeLots(p + ".contracts", contracts);   // OKX: tenths of a contract
                }
                // as the venue counts it: 30 contracts of 0.1 ETH are 3 ETH, not the product's 3.0000000000000004
                qty = ct.qtyOfContracts(contracts);
            } else {
                qty = InputBounds.qty(p + ".qty", JsonInput.literalNumber(n, "qty", p + ".qty"));
                // coin size → USD face, whole contracts of the venue
                if (type == ContractType.INVERSE) {
                    io.perpguard.instrument.Contract ct = VenueInstruments.contract(ex, symbol);
                    qty = ct == null ? qty * entry : ct.requireWholeContractsOfCoin(p + ".qty", qty, entry);
                }
            }
            double lev = JsonInput.literalNumber(n, "leverage", p + ".leverage");
            MarginMode mode = MarginMode.parse(p + ".marginMode", JsonInput.text(n, "marginMode", p + ".marginMode", "cross"));
            PositionSide ps = PositionSide.parse(p + ".positionSide", JsonInput.text(n, "positionSide", p + ".positionSide", "both"));
            double mark = InputBounds.price(p + ".markPrice", JsonInput.literalNumber(n, "markPrice", p + ".markPrice", entry));
            // as calc --margin-added: 1e308 was blamed on the wallet that could not fund it
            double added = Checks.inRange(p + ".marginAdded", JsonInput.literalNumber(n, "marginAdded", p + ".marginAdded", 0), -Checks.MAX_AMOUNT,
                    Checks.MAX_AMOUNT);
            if (mode == MarginMode.CROSS && added != 0) {
                // a cross position's margin is the cross wallet: its marginAdded used to be read and ignored
                throw new InvalidInputException(p + ".marginAdded", Checks.fmt(added) + " goes with an isolated position; "
                        + "a cross position's margin is the cross wallet (walletBalance)");
            }
            return new Position(symbol, side, qty, entry, lev, mode, ps, added, mark, type);
        } catch (InvalidInputException e) {
            if (e.field().startsWith(p)) {
                throw e;
            }
            // a record check names the bare field: prefix it with the position's path
            throw new InvalidInputException(p + "." + e.field(), e.problem());
        }
    }
}
