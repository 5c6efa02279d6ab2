package io.perpguard.data.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Strict reading of user-supplied JSON: every problem becomes an {@link InvalidInputException} naming the file,
 * the field path and what was wrong — never a parser stack trace.
 */
public final class JsonInput {
    /** Shared, thread-safe mapper; rejects duplicate keys and trailing tokens, keeps big numbers exact. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonInput() {
    }

    /** Reads and parses a JSON file; a missing or malformed file is reported as a bad value of {@code field}. */
    public static JsonNode readFile(String field, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(field, "file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + e.getMessage());
        }
        return parse(field + " (" + file + ")", text);
    }

    /** Parses JSON text; malformed text names the line and column. */
    public static JsonNode parse(String field, String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new InvalidInputException(field, "is empty, expected JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidInputException(field, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    /** A required number at {@code path} (e.g. {@code positions[0].qty}); strings such as "NaN" or "lots" are refused. */
    public static double number(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(path, "is missing");
        }
        return asNumber(n, path);
    }

    /** An optional number, {@code fallback} when absent or null. */
    public static double number(JsonNode obj, String name, String path, double fallback) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        return asNumber(n, path);
    }

    /** The node as a finite number; numeric strings (as Binance sends them, "0.0040") are accepted. */
    public static double asNumber(JsonNode n, String path) {
        double v;
        if (n.isNumber()) {
            v = n.doubleValue();
        } else if (n.isTextual()) {
            try {
                v = Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(path, "'" + n.textValue() + "' is not a number");
            }
        } else {
            throw new InvalidInputException(path, n + " is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(path, n.asText() + " is not a finite number");
        }
        return v;
    }

    /** A required string. */
    public static String text(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(path, "is missing");
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(path, n + " is not a string");
        }
        return n.textValue();
    }

    /** An optional string. */
    public static String text(JsonNode obj, String name, String path, String fallback) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(path, n + " is not a string");
        }
        return n.textValue();
    }

    /** A required array. */
    public static JsonNode array(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || !n.isArray()) {
            throw new InvalidInputException(path, n == null ? "is missing" : "must be an array");
        }
        return n;
    }

    /** Requires an object node. */
    public static JsonNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(path, "must be a JSON object");
        }
        return n;
    }
}
