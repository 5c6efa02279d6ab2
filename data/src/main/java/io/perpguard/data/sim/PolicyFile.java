package io.perpguard.data.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Side;
import io.perpguard.sim.Policy;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a simulation policy from JSON:
 * <pre>
 * {"type": "all-in", "leverage": 50, "side": "short"}
 * {"type": "risk", "riskPct": 2, "atrMultiple": 2, "atrPeriod": 14, "leverage": 10, "targetR": 2, "maxBars": 72,
 *  "liquidationBufferAtr": 1, "side": "long"}
 * </pre>
 * Fields left out take Trader A's or Trader B's defaults ({@code side}: long); unknown fields are refused (a typo must not
 * pass silently).
 */
public final class PolicyFile {
    private static final Set<String> ALL_IN = Set.of("type", "leverage", "side");
    private static final Set<String> RISK = Set.of("type", "riskPct", "atrMultiple", "atrPeriod", "leverage", "targetR", "maxBars", "liquidationBufferAtr", "side");

    private PolicyFile() {
    }

    public static Policy read(Path file) {
        return parse(JsonInput.readFile("policy", file), "policy (" + file + ")");
    }

    public static Policy parse(JsonNode root, String where) {
        try {
            return read(root, where);
        } catch (InvalidInputException e) {
            // a figure the policy refuses (leverage 200) is named by its place in the file, as a malformed one is: "leverage:
            // 200 ..." read as the --leverage option
            if (e.field().startsWith(where)) {
                throw e;
            }
            throw new InvalidInputException(where + "." + e.field(), e.problem());
        }
    }

    private static Policy read(JsonNode root, String where) {
        JsonNode o = JsonInput.object(root, where);
        String type = JsonInput.text(o, "type", where + ".type").trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "all-in", "allin", "a" -> {
                known(o, ALL_IN, where);
                Policy.AllIn d = Policy.traderA();
                return new Policy.AllIn(JsonInput.literalNumber(o, "leverage", where + ".leverage", d.leverage()), side(o, where));
            }
            case "risk", "risk-per-trade", "b" -> {
                known(o, RISK, where);
                Policy.RiskPerTrade d = Policy.traderB();
                return new Policy.RiskPerTrade(
                        JsonInput.literalNumber(o, "riskPct", where + ".riskPct", d.riskPct()),
                        JsonInput.literalNumber(o, "atrMultiple", where + ".atrMultiple", d.atrMultiple()),
                        whole(o, "atrPeriod", where, d.atrPeriod(), Policy.MAX_ATR_PERIOD),
                        JsonInput.literalNumber(o, "leverage", where + ".leverage", d.leverage()),
                        JsonInput.literalNumber(o, "targetR", where + ".targetR", d.targetR()),
                        whole(o, "maxBars", where, d.maxBars(), Policy.MAX_BARS),
                        JsonInput.literalNumber(o, "liquidationBufferAtr", where + ".liquidationBufferAtr", d.liquidationBufferAtr()),
                        side(o, where));
            }
            default -> throw new InvalidInputException(where + ".type", "'" + type + "' is not a policy type; use all-in or risk");
        }
    }

    /** The policy's side, {@code long} or {@code short} (long when left out). */
    private static Side side(JsonNode o, String where) {
        String text = JsonInput.text(o, "side", where + ".side", null);
        return text == null ? Side.LONG : Side.parse(where + ".side", text);
    }

    /** A whole number from 1 to {@code max} (1e12 bars said "at most 2,147,483,647", not the policy's bound). */
    private static int whole(JsonNode o, String name, String where, int fallback, int max) {
        String path = where + "." + name;
        long v = JsonInput.wholeNumber(o, name, path, fallback, Long.MAX_VALUE);
        return (int) io.perpguard.Checks.inRange(path, (double) v, 1, max);
    }

    private static void known(JsonNode o, Set<String> allowed, String where) {
        io.perpguard.data.json.JsonInput.onlyKnown(o, where + ".", allowed);
    }
}
