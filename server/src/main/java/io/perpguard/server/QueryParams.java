package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each API route reads. Any other name is refused (400, naming it and the nearest known one), as a
 * misspelled body field is: {@code GET /api/positions?subaccountId=2} used to answer every sub-account's positions, and
 * {@code /api/alerts?limt=5} the default 100 alerts, as if the filter had been applied. A parameter given twice is
 * refused too (only the first was read).
 */
final class QueryParams {
    /** "METHOD path" (path as registered) → the parameters it reads. Endpoints not listed read none. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "GET /api/subaccounts", Set.of("accountId"),
            "GET /api/positions", Set.of("subAccountId"),
            "GET /api/closed", Set.of("subAccountId", "limit", "before"),
            "GET /api/alerts", Set.of("limit"),
            "GET /api/stream", Set.of("lastEventId"),
            "GET /api/journal", Set.of("limit", "offset"),
            "POST /api/journal/import", Set.of("source"));

    /** Read by {@link AccessGuard} on any request (the desk's link {@code /?token=…}). */
    private static final String TOKEN = "token";

    private QueryParams() {
    }

    /** The parameters {@code method endpointPath} reads (without the access token). */
    static Set<String> known(String method, String endpointPath) {
        return KNOWN.getOrDefault(method + " " + endpointPath, Set.of());
    }

    /** Refuses a parameter {@code method endpointPath} does not read, or one given more than once. */
    static void check(String method, String endpointPath, Map<String, List<String>> params) {
        if (params.isEmpty()) {
            return;
        }
        Set<String> known = known(method, endpointPath);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            if (name.equals(TOKEN)) {
                continue;
            }
            if (name.isBlank()) {
                if (e.getValue().stream().allMatch(String::isEmpty)) {
                    continue;   // "?&" or "?=": an empty separator, nothing asked
                }
                throw new InvalidInputException("query", "a value without a parameter name ('=" + e.getValue().get(0) + "')");
            }
            String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
            if (!known.contains(name)) {
                String near = JsonInput.closest(name, known);
                throw new InvalidInputException(shown, "unknown query parameter" + (near == null ? "" : " (did you mean '" + near + "'?)")
                        + "; " + (known.isEmpty() ? method + " " + endpointPath + " takes none" : "known: " + String.join(", ", new TreeSet<>(known))));
            }
            if (e.getValue().size() > 1) {
                throw new InvalidInputException(shown, "given " + e.getValue().size() + " times; give it once");
            }
        }
    }
}
