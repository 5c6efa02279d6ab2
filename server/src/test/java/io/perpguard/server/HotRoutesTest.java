package io.perpguard.server;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HotRoutes} (a Jetty handler ahead of Javalin, calc and plan bodies read by streaming) against the Javalin routes with
 * the tree reader it replaces: two desks alike but for that, the same raw requests to both, the same status, headers
 * (but Date) and body byte for byte — answers, one-line errors, and the access checks.
 */
class HotRoutesTest {
    static final String TOKEN = "hot-token-0123456789abcdef";
    static final String CALC = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20}";
    static final String CHECK = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
            + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";
    static DeskServer hot;
    static DeskServer javalin;

    @BeforeAll
    static void start() {
        hot = DeskServer.start(config(), null, true);
        javalin = DeskServer.start(config(), null, false);
    }

    @AfterAll
    static void stop() {
        hot.close();
        javalin.close();
    }

    static DeskConfig config() {
        return new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:hot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 0, DeskConfig.DEFAULT_WARMUP,
                AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY).withAccess(new DeskAccess(TOKEN, List.of("desk.example")));
    }

    @Test
    void test_answersAndErrors_areTheJavalinRoutesByteForByte() throws IOException {
        List<String> calc = List.of(CALC,
                "{\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"entryPrice\":3000.5,\"notional\":20000,\"leverage\":10,\"markPrice\":3100}",
                "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20,\"marginMode\":\"cross\",\"walletBalance\":5000}",
                "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"contracts\":3,\"leverage\":20,\"marginAdded\":100}",
                " \n{ \"leverage\" : 5 , \"qty\" : 2e-1, \"entryPrice\" : 6E4, \"side\" : \"SHORT\", \"symbol\" : \"BTCUSDT\" } \n",
                // the streaming reader's own errors: the same calls as the tree reader's
                CALC.replace("\"long\"", "\"up\""), CALC.replace("\"long\"", "\"LONG\""), CALC.replace("}", ",\"marginMode\":\"portfolio\"}"),
                CALC.replace("60000", "-1"), CALC.replace("}", ",\"notional\":100}"), CALC.replace("BTCUSDT", "NOPEUSDT"),
                CALC.replace("}", ",\"marginMode\":\"cross\"}"), CALC.replace("20}", "0}"),
                // bodies the tree reader takes over
                CALC.replace("entryPrice", "entry"), CALC.replace("entryPrice", "entry_price"), CALC.replace("\"symbol\":\"BTCUSDT\",", ""),
                CALC.replace("60000", "\"60000\""), CALC.replace("0.5", "null"), CALC.replace("0.5", "{\"a\":1}"), CALC.replace("0.5", "[1]"),
                CALC.replace("}", ",\"qty\":1}"), CALC.replace("}", ",\"exchange\":\"okx\"}"), CALC.replace("}", ",\"mmr\":0.01}"),
                CALC.replace("60000", "1e999"), CALC.replace("\"long\"", "1"), CALC + "x", CALC + " {}", CALC.substring(0, 30), "", "  ",
                "[]", "null", "7", "{}", "{\"walletBalance\":10000,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,"
                        + "\"qty\":0.5,\"leverage\":20}]}", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20,"
                        + "\"positions\":[]}", "{\"a\":\"\u00e9\u20ac\"}");
        for (String body : calc) {
            assertSame("POST", "/api/calc", body, auth());
        }
        for (String body : List.of(CHECK, CHECK.replace("entryPrice", "entry"), "{\"plan\":" + CHECK + ",\"policy\":{\"maxLeverage\":5}}",
                "{\"plan\":" + CHECK + ",\"subAccountId\":1}", "{\"plan\":" + CHECK + ",\"subAccountId\":999999}", "{\"plan\":{\"symbol\":\"BTCUSDT\"}}",
                CHECK.substring(0, 40), "")) {
            assertSame("POST", "/api/check", body, auth());
        }
    }

    @Test
    void test_randomCalcBodies_answerAsTheTreeReader() throws IOException {
        String[] names = {"symbol", "side", "entryPrice", "qty", "notional", "contracts", "leverage", "marginMode", "walletBalance", "markPrice",
                "marginAdded", "entry"};
        String[][] values = {{"\"BTCUSDT\"", "\"ETHUSDT\"", "\"btcusdt\"", "1", "null"}, {"\"long\"", "\"short\"", "\"buy\"", "0"},
                {"60000", "3000.25", "-5", "0", "\"60000\"", "1e300"}, {"0.5", "0.001", "-1", "1e-9", "null"}, {"20000", "5", "\"x\""},
                {"3", "0.5"}, {"20", "1", "200", "0.5", "true"}, {"\"isolated\"", "\"cross\"", "\"x\"", "null"}, {"5000", "0", "-3"},
                {"61000", "59000.5", "0"}, {"100", "-50"}, {"60000"}};
        int streamed = randomBodies(new Random(19), 150, "/api/calc", names, values,
                (f, in) -> f < 3 || f == 6 ? 0.92 : f == names.length - 1 ? 0.03 : 0.3, body -> CalcBody.read(body) != null);
        assertThat(streamed).as("bodies read by streaming (the rest by the tree)").isGreaterThan(20);
    }

    @Test
    void test_randomCheckBodies_answerAsTheTreeReader() throws IOException {
        String[] names = {"symbol", "side", "entryPrice", "leverage", "equity", "qty", "riskPct", "stop", "stopMethod", "targets", "thesis",
                "fundingRate", "openInterestChangePct", "entry", "closes", "levrage"};
        String[][] values = {{"\"BTCUSDT\"", "\" ethusdt \"", "\"NOPEUSDT\"", "\"\"", "1"}, {"\"long\"", "\"short\"", "\"flat\""},
                {"60000", "3000.5", "-1", "\"60000\""}, {"10", "1", "150", "null"}, {"10000", "0", "250.5"}, {"0.1", "1e-9", "-2"},
                {"2", "0.5", "40"}, {"58400", "61000", "0", "null"}, {"\"structure\"", "\"atr\"", "\"guess\"", "\"none\""},
                {"[64000]", "[]", "[64000, 70000.5]", "[\"64000\"]", "[1e999]", "{}", "null"}, {"\"range low reclaim\"", "\"\"", "7"},
                {"0.0001", "-0.01"}, {"3.5", "-20"}, {"60000"}, {"[1,2,3]"}, {"5"}};
        // mostly one of qty or riskPct, and a stop with its method: plans the streaming reader takes
        int streamed = randomBodies(new Random(4), 120, "/api/check", names, values,
                (f, in) -> f < 5 ? 0.95 : f == 6 ? (in[5] ? 0.05 : 0.95) : f == 8 ? (in[7] ? 0.95 : 0.1) : f >= 13 ? 0.03 : 0.4,
                body -> PlanBody.read(body) != null);
        assertThat(streamed).as("bodies read by streaming (the rest by the tree)").isGreaterThan(15);
    }

    /** How likely field {@code f} is to be in a body, given the fields already in it. */
    interface Keep {
        double of(int f, boolean[] in);
    }

    /** A body the streaming reader takes (true) or leaves to the tree reader (false); it may refuse it outright. */
    interface Streams {
        boolean read(byte[] body);
    }

    /**
     * {@code n} random bodies of fields from {@code names} with values from {@code values}: each must answer on the hot desk as on
     * Javalin. Returns how many the streaming reader took (or refused by the request's own checks) rather than passed on.
     */
    private static int randomBodies(Random rnd, int n, String path, String[] names, String[][] values, Keep keep, Streams streams)
            throws IOException {
        int streamed = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder("{");
            boolean[] in = new boolean[names.length];
            for (int f = 0; f < names.length; f++) {
                if (rnd.nextDouble() < keep.of(f, in)) {
                    in[f] = true;
                    b.append(b.length() > 1 ? "," : "").append('"').append(names[f]).append("\":").append(values[f][rnd.nextInt(values[f].length)]);
                }
            }
            String body = b.append('}').toString();
            try {
                if (streams.read(body.getBytes(StandardCharsets.UTF_8))) {
                    streamed++;
                }
            } catch (IllegalArgumentException e) {
                streamed++;   // read whole, refused by the request's own checks
            }
            assertSame("POST", path, body, auth());
        }
        return streamed;
    }

    @Test
    void test_accessChecks_andTheBodyLimit_areTheJavalinPipelines() throws IOException {
        for (String path : List.of("/api/calc", "/api/check")) {
            String body = path.equals("/api/calc") ? CALC : CHECK;
            assertSame("POST", path, body, "");                                                  // no token: 401 + challenge
            assertSame("POST", path, body, "Authorization: Bearer wrong-wrong-wrong\r\n");
            assertSame("POST", path, body, "Authorization: bearer " + TOKEN + "\r\n");
            assertSame("POST", path, body, "Cookie: perpguard_token=" + TOKEN + "\r\n");
            assertSame("POST", path, body, "Cookie: other=1; perpguard_token=nope\r\n");
            assertSame("POST", path, body, auth() + "Origin: http://evil.example\r\n");
            assertSame("POST", path, body, auth() + "Origin: http://127.0.0.1:{port}\r\n");       // each desk's own page
            assertSame("POST", path, body, auth() + "Origin: http://localhost:{port}\r\n");
            assertSame("POST", path, body, auth() + "Origin: http://127.0.0.1:1\r\n");            // another port
            assertSame("POST", path, body, auth() + "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\n");
            assertSame("POST", path, body, auth() + "Sec-Fetch-Site: same-origin\r\n");
            assertSame("POST", path, body, "Host: evil.example\r\n" + auth());
            assertSame("POST", path, body, "Host: desk.example\r\n" + auth());
            assertSame("POST", path, "{\"x\":\"" + "a".repeat(70_000) + "\"}", auth());      // Content-Length over the limit: 413
            assertSame("GET", path, "", auth());                                                // other methods: Javalin's
            assertSame("PUT", path, body, auth());
            assertSame("POST", path + "/", body, auth());
        }
    }

    @Test
    void test_sameOrigin_isTheHotDesksOwn() throws IOException {
        // the desk's own page (its own port) passes on the hot path; the other desk's port does not
        Reply own = exchange(hot.port(), "POST", "/api/calc", CALC, auth() + "Origin: http://127.0.0.1:" + hot.port() + "\r\n");
        Reply other = exchange(hot.port(), "POST", "/api/calc", CALC, auth() + "Origin: http://127.0.0.1:" + javalin.port() + "\r\n");
        assertThat(own.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body()).contains("cross-origin");
    }

    @Test
    void test_streamingReader_takesPlainBodies_andLeavesTheRestToTheTree() {
        assertThat(CalcBody.read(CALC.getBytes(StandardCharsets.UTF_8))).isNotNull()
                .satisfies(r -> assertThat(r.qty()).isEqualTo(0.5)).satisfies(r -> assertThat(r.entryPrice()).isEqualTo(60000));
        for (String other : List.of(CALC.replace("entryPrice", "entry"), CALC.replace("}", ",\"qty\":1}"), CALC.replace("0.5", "\"0.5\""),
                CALC.replace("0.5", "null"), CALC + "x", CALC.replace("}", ",\"exchange\":\"okx\"}"), "[]", "")) {
            assertThat(CalcBody.read(other.getBytes(StandardCharsets.UTF_8))).as(other).isNull();
        }
        assertThat(PlanBody.read(CHECK.getBytes(StandardCharsets.UTF_8))).isNotNull()
                .satisfies(p -> assertThat(p.targets()).containsExactly(64000.0)).satisfies(p -> assertThat(p.riskPct()).isEqualTo(2));
        for (String other : List.of(CHECK.replace("entryPrice", "entry"), "{\"plan\":" + CHECK + "}", CHECK.replace("[64000]", "[\"64000\"]"),
                CHECK.replace(",\"stopMethod\":\"structure\"", ""), CHECK.replace("}", ",\"qty\":1}"), CHECK.replace("}", ",\"closes\":[1]}"))) {
            assertThat(PlanBody.read(other.getBytes(StandardCharsets.UTF_8))).as(other).isNull();
        }
    }

    private static String auth() {
        return "Authorization: Bearer " + TOKEN + "\r\n";
    }

    /**
     * The same request to both desks: the same status, headers but Date, and body bytes. In {@code headers},
     * {port} is the desk's own port.
     */
    private static void assertSame(String method, String path, String body, String headers) throws IOException {
        Reply expected = exchange(javalin.port(), method, path, body,
                headers.replace("{port}", "" + javalin.port()));
        Reply actual = exchange(hot.port(), method, path, body, headers.replace("{port}", "" + hot.port()));
        String what = method + " " + path + " " + headers.replace("\r\n", "; ") + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        assertThat(actual.status()).as(what).isEqualTo(expected.status());
        assertThat(actual.body()).as(what).isEqualTo(expected.body());
        assertThat(actual.headers()).as(what).isEqualTo(expected.headers());
    }

    record Reply(int status, TreeMap<String, String> headers, String body) {
    }

    /** One raw HTTP/1.1 exchange (Host and other headers as given), the body de-chunked. */
    static Reply exchange(int port, String method, String path, String body, String headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String host = headers.contains("Host:") ? "" : "Host: 127.0.0.1:" + port + "\r\n";
        String head = method + " " + path + " HTTP/1.1\r\n" + host + headers + "Content-Type: application/json\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(b);
                out.flush();
            } catch (IOException e) {
                // the server may answer 413 and close before reading a large body
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException e) {
                // a reset after the answer (unread body)
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as("an HTTP answer to " + method + " " + path).isPositive();
            String[] lines = text.substring(0, split).split("\r\n");
            TreeMap<String, String> h = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                String name = lines[i].substring(0, c).toLowerCase(Locale.ROOT);
                if (!name.equals("date")) {
                    h.merge(name, lines[i].substring(c + 1).trim(), (x, y) -> x + ", " + y);
                }
            }
            String raw = text.substring(split + 4);
            if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
                raw = dechunk(raw);
            }
            return new Reply(Integer.parseInt(lines[0].split(" ")[1]), h, new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    private static String dechunk(String raw) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = raw.indexOf("\r\n", i);
            int n = Integer.parseInt(raw.substring(i, eol).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(raw, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }
}
