package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {
    @TempDir
    Path dir;

    static final String TRADER_A = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"\",\"entryPrice\":60000,\"stop\":null,\"stopMethod\":\"none\","
            + "\"targets\":[],\"leverage\":50,\"equity\":10000,\"qty\":8.3333}";
    static final String TRADER_B = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
            + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void test_check_traderA_exits1_withFailingStopSizeLeverage() throws Exception {
        CliRun r = CliRun.of("check", "--plan", write("a.json", TRADER_A).toString(), "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode j = r.json();
        assertThat(j.get("verdict").asText()).isEqualTo("fail");
        for (JsonNode rule : j.get("rules")) {
            if (rule.get("id").asText().matches("stop|size|leverage")) {
                assertThat(rule.get("verdict").asText()).isEqualTo("fail");
            }
        }
    }

    @Test
    void test_check_aPlanQtyOffTheStep_failsTheSizeRule_asTheExchangeRefusesIt() throws Exception {
        // 0.0025 BTC (notional 150, above the minimum) passed "size" although BTCUSDT trades steps of 0.001 and calc refuses it
        CliRun r = CliRun.of("check", "--plan", write("q.json", TRADER_B.replace("\"riskPct\":2", "\"qty\":0.0025")).toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL  size          qty 0.0025 is not a whole number of BTCUSDT's step 0.001; the exchange refuses it:"
                + " the nearest accepted sizes are 0.002 and 0.003");
        // a qty on the step passes as before
        assertThat(CliRun.of("check", "--plan", write("q2.json", TRADER_B.replace("\"riskPct\":2", "\"qty\":0.003")).toString()).out())
                .contains("PASS  size");
    }

    @Test
    void test_check_traderB_exits0_andTheTableNamesEachRule() throws Exception {
        CliRun r = CliRun.of("check", "--plan", write("b.json", TRADER_B).toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("BTCUSDT long 60,000.0: WARN");
        for (String id : new String[]{"thesis", "trend", "stop", "size", "leverage", "liquidation", "rewardRisk", "funding", "openInterest", "exposure"}) {
            assertThat(r.out()).contains(id);
        }
    }

    @Test
    void test_check_policyOverride_turnsTraderBIntoAFail() throws Exception {
        CliRun r = CliRun.of("check", "--plan", write("b.json", TRADER_B).toString(), "--policy",
                write("p.json", "{\"maxRiskPct\": 1}").toString(), "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("above the 1 % limit");
    }

    @Test
    void test_check_candlesGiveTheTrend() throws Exception {
        StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
        for (int i = 0; i < 120; i++) {
            double c = 50_000 + 50 * i;
            csv.append(1_700_000_000_000L + i * 3_600_000L).append(',').append(c - 10).append(',').append(c + 300).append(',')
                    .append(c - 300).append(',').append(c).append(",1\n");
        }
        CliRun r = CliRun.of("check", "--plan", write("b.json", TRADER_B).toString(), "--candles",
                write("c.csv", csv.toString()).toString(), "--json");
        JsonNode trend = null;
        for (JsonNode rule : r.json().get("rules")) {
            if (rule.get("id").asText().equals("trend")) {
                trend = rule;
            }
        }
        assertThat(trend.get("verdict").asText()).isEqualTo("pass");
        assertThat(trend.get("values").get("trend").asText()).isEqualTo("up");
    }

    @Test
    void test_check_badPlan_isOneLineExit2() throws Exception {
        CliRun r = CliRun.of("check", "--plan", write("bad.json", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,"
                + "\"leverage\":10,\"equity\":10000,\"levrage\":3}").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().trim()).startsWith("error: levrage: unknown field").doesNotContain("\n");
    }

    @Test
    void test_check_quotedNumberInPlan_isOneLineExit2() throws Exception {
        // a plan file is a trader's file, as an account file: "stop": "58400" is refused naming the field
        CliRun r = CliRun.of("check", "--plan", write("quoted.json", TRADER_B.replace("\"stop\":58400", "\"stop\":\"58400\"")).toString());
        assertThat(r.exit()).isEqualTo(2);
        // the file is named, as an account file's error names it
        assertThat(r.err().trim()).startsWith("error: stop: \"58400\" is a string; write the number without quotes (in ").endsWith("quoted.json)");
    }

    @Test
    void test_check_quotedNumberInPolicy_isOneLineExit2() throws Exception {
        // a policy file is a trader's file too: "maxLeverage": "20" was read as 20
        CliRun r = CliRun.of("check", "--plan", write("b.json", TRADER_B).toString(),
                "--policy", write("policy.json", "{\"maxLeverage\":\"20\"}").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().trim()).startsWith("error: maxLeverage: \"20\" is a string; write the number without quotes (in ").endsWith("policy.json)");
        assertThat(CliRun.of("check", "--plan", write("b.json", TRADER_B).toString(),
                "--policy", write("policy.json", "{\"maxLeverage\":20}").toString()).exit()).isNotEqualTo(2);
    }

    @Test
    void test_check_withReturns_weightsTheNetDeltaByTheSameBetaAsPortfolio() throws Exception {
        assertThat(PortfolioCommandTest.CANDLES).as("shipped sample data").isDirectory();
        String account = "{\"walletBalance\":20000,\"positions\":[{\"symbol\":\"SOLUSDT\",\"side\":\"long\",\"qty\":100,\"entryPrice\":150,"
                + "\"leverage\":5,\"marginMode\":\"cross\",\"positionSide\":\"both\",\"markPrice\":150}]}";
        Path acct = write("acct.json", account);
        String candles = PortfolioCommandTest.CANDLES.toString();
        CliRun r = CliRun.of("check", "--plan", write("b.json", TRADER_B).toString(), "--account", acct.toString(), "--returns", candles, "--json");
        JsonNode exposure = null;
        for (JsonNode rule : r.json().get("rules")) {
            if (rule.get("id").asText().equals("exposure")) {
                exposure = rule.get("values");
            }
        }
        assertThat(exposure.get("betaWeighted").asBoolean()).isTrue();
        double solBeta = CliRun.of("portfolio", "--account", acct.toString(), "--returns", candles, "--json").json().get("betas").get("SOLUSDT").asDouble();
        assertThat(solBeta).isNotEqualTo(1.0);
        double btcNotional = r.json().get("sized").get("notional").asDouble();
        // net delta = BTC notional (beta 1) + SOL notional × SOL's beta to BTC
        assertThat(exposure.get("netDelta").asDouble()).isCloseTo(btcNotional + 15_000 * solBeta, org.assertj.core.api.Assertions.within(1e-6));
    }
}
