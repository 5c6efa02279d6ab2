package io.perpguard.server;

import org.junit.jupiter.api.Test;

final class ZzProbeTest {
    @Test
    void probe() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            String[][] reqs = {
                {"GET", "/api/subaccounts", ""},
                {"GET", "/api/positions", ""},
                {"GET", "/api/marks", ""},
                {"POST", "/api/subaccounts", "{\"accountId\":1,\"name\":\"tiny\",\"walletBalance\":0.001}"},
                {"POST", "/api/positions", "{\"subAccountId\":3,\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":5,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\"}"},
                {"POST", "/api/positions", "{\"subAccountId\":3,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":50,\"leverage\":20,\"marginMode\":\"cross\",\"entryPrice\":3000}"},
                {"PUT", "/api/subaccounts/1", "{\"walletBalance\":0.001}"},
                {"GET", "/api/desk", ""},
                {"POST", "/api/calc", "{\"walletBalance\":0.001,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":5,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\",\"markPrice\":60000}]}"},
                {"POST", "/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":5,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\",\"walletBalance\":0.001,\"markPrice\":60000}"},
            };
            for (String[] r : reqs) {
                TestDesk.Response x = switch (r[0]) {
                    case "GET" -> d.get(r[1]);
                    case "PUT" -> d.put(r[1], r[2]);
                    default -> d.post(r[1], r[2]);
                };
                String b = x.body();
                System.out.println("PROBE " + r[0] + " " + r[1] + " " + r[2] + "\n   -> " + x.status() + " " + (b.length() > 1500 ? b.substring(0, 1500) : b));
            }
        }
    }
}
