package io.perpguard.data.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
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
 * <pre>{ "walletBalance": 10000, "positions": [ { "symbol", "side", "qty", "entryPrice", "leverage",
 *   "marginMode", "positionSide", "markPrice", "marginAdded" } ] }</pre>
 * {@code marginMode} defaults to cross, {@code positionSide} to both, {@code markPrice} to the entry price,
 * {@code marginAdded} to 0.
 */
public final class AccountFile {
    /** The fields of an account object. */
    public static final java.util.Set<String> ACCOUNT_FIELDS = java.util.Set.of("walletBalance", "positions");
    /** The fields of a position object. */
    public static final java.util.Set<String> POSITION_FIELDS = java.util.Set.of("symbol", "side", "qty", "entryPrice", "leverage",
            "marginMode", "positionSide", "markPrice", "marginAdded");
    private AccountFile() {
    }

    public static Account read(Path file) {
        JsonNode root = JsonInput.readFile("account", file);
        try {
            return parse(root);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + " (in " + file + ")");
        }
    }

    /** Parses an account object (also used by the API). */
    public static Account parse(JsonNode root) {
        JsonInput.object(root, "account");
        JsonInput.onlyKnown(root, "", ACCOUNT_FIELDS);
        double wallet = JsonInput.number(root, "walletBalance", "walletBalance");
        JsonNode arr = JsonInput.array(root, "positions", "positions");
        return new Account(wallet, parsePositions(arr, "positions"));
    }

    /** Parses a positions array; each error names {@code prefix[i].field}. */
    public static List<Position> parsePositions(JsonNode arr, String prefix) {
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String p = prefix + "[" + i + "]";
            positions.add(parsePosition(JsonInput.object(arr.get(i), p), p));
        }
        return positions;
    }

    /** Parses one position object. */
    public static Position parsePosition(JsonNode n, String p) {
        JsonInput.onlyKnown(n, p + ".", POSITION_FIELDS);
        return parsePositionFields(n, p);
    }

    /** Parses the position fields of {@code n}; the caller has checked which other fields it allows. */
    public static Position parsePositionFields(JsonNode n, String p) {
        try {
            String symbol = JsonInput.text(n, "symbol", p + ".symbol").trim().toUpperCase(Locale.ROOT);
            Side side = Side.parse(p + ".side", JsonInput.text(n, "side", p + ".side"));
            double qty = JsonInput.number(n, "qty", p + ".qty");
            double entry = JsonInput.number(n, "entryPrice", p + ".entryPrice");
            double lev = JsonInput.number(n, "leverage", p + ".leverage");
            MarginMode mode = MarginMode.parse(p + ".marginMode", JsonInput.text(n, "marginMode", p + ".marginMode", "cross"));
            PositionSide ps = PositionSide.parse(p + ".positionSide", JsonInput.text(n, "positionSide", p + ".positionSide", "both"));
            double mark = JsonInput.number(n, "markPrice", p + ".markPrice", entry);
            double added = JsonInput.number(n, "marginAdded", p + ".marginAdded", 0);
            return new Position(symbol, side, qty, entry, lev, mode, ps, added, mark);
        } catch (InvalidInputException e) {
            if (e.field().startsWith(p)) {
                throw e;
            }
            // a record check names the bare field: prefix it with the position's path
            throw new InvalidInputException(p + "." + e.field(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }
}
