package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.perpguard.InvalidInputException;
import io.perpguard.app.CascadeUseCase;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instruments;

import java.util.Set;

/**
 * Liquidation-cascade scenarios: {@code GET /api/cascade} lists the built-in events ({@code cascade --list --json}),
 * {@code POST /api/cascade {scenario, core?}} runs one as {@code cascade --scenario NAME --json} does. Only built-in
 * scenarios: the desk reads no file a request names.
 */
final class CascadeRoutes implements Routes {
    private final Http http;
    private final Instruments instruments;

    CascadeRoutes(Http http, Instruments instruments) {
        this.http = http;
        this.instruments = instruments;
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/cascade", ctx -> Http.json(ctx, new CascadeUseCase.Lists(CascadeUseCase.scenarioList(), null)));
        a.post("/api/cascade", ctx -> {
            JsonNode n = ApiInput.object(http.jsonBody(ctx));
            ApiInput.onlyKnown(n, Set.of("scenario", "core"));
            String name = JsonInput.text(n, "scenario", "scenario");
            if (!ScenarioFile.builtInNames().contains(name)) {
                throw new InvalidInputException("scenario", "'" + name + "' is not a built-in scenario (" + String.join(", ", ScenarioFile.builtInNames()) + ")");
            }
            String core = JsonInput.text(n, "core", "core", "event");
            Http.json(ctx, CascadeUseCase.scenario(ScenarioFile.load(name), core, instruments));
        });
    }
}
