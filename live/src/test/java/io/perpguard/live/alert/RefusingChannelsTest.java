package io.perpguard.live.alert;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which answers of Telegram and of an SMTP server are refusals for good (held, told once, not retried until restart)
 * and which are retried: against a local Telegram stand-in and a scripted local SMTP server.
 */
class RefusingChannelsTest {
    static final LiveAlert ALERT = ChannelsTest.ALERT;

    @Test
    void test_telegram_chatNotFound_botBlocked_unauthorized_refuseForGood_namingTelegramsWords_neverTheToken() throws Exception {
        AtomicReference<String[]> answer = new AtomicReference<>();
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            try {
                ex.getRequestBody().readAllBytes();
                String[] a = answer.get();
                byte[] b = a[1].getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(Integer.parseInt(a[0]), b.length);
                ex.getResponseBody().write(b);
                ex.close();
            } catch (Exception e) {
                // the client may have gone
            }
        });
        s.start();
        try {
            TelegramChannel t = new TelegramChannel("http://127.0.0.1:" + s.getAddress().getPort(), "123456:ABCtokenXYZ", "-1001");
            String[][] forGood = {
                    {"400", "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}", "Bad Request: chat not found"},
                    {"403", "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}", "Forbidden: bot was blocked by the user"},
                    {"401", "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}", "Unauthorized"},
                    {"404", "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}", "Not Found"}};
            for (String[] a : forGood) {
                answer.set(a);
                assertThatThrownBy(() -> t.send(ALERT)).as(a[2]).isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).as(a[2]).isTrue();
                    assertThat(e.getMessage()).isEqualTo("telegram chat -1001 answered HTTP " + a[0] + " (" + a[2] + ")");
                    assertThat(e.getMessage()).doesNotContain("ABCtoken");
                });
            }
            String[][] retried = {
                    {"429", "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\",\"parameters\":{\"retry_after\":3}}"},
                    {"502", "<html>Bad Gateway</html>"},
                    {"400", "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}"}};
            for (String[] a : retried) {
                answer.set(a);
                assertThatThrownBy(() -> t.send(ALERT)).as(a[0]).isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.permanent()).as(a[1]).isFalse());
            }
        } finally {
            s.stop(0);
        }
    }

    @Test
    void test_smtp_loginRefused_isARefusalForGood_namingTheReplyCode_neverThePassword() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp("535 5.7.8 Authentication credentials invalid", "250 2.1.5 OK")) {
            EmailChannel mail = new EmailChannel(new EmailChannel.Smtp("127.0.0.1", smtp.port(), "me", "pw-secret", "me@example.com", "me@example.com", false));
            assertThatThrownBy(() -> mail.send(ALERT)).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.permanent()).isTrue();
                assertThat(e.getMessage()).isEqualTo("mail to me@example.com via 127.0.0.1 refused the login (SMTP 535): check --smtp-user and PERPGUARD_SMTP_PASSWORD");
                assertThat(e.getMessage()).doesNotContain("pw-secret");
            });
        }
    }

    @Test
    void test_smtp_mailboxUnavailable_isARefusalForGood_whileABusyMailboxIsRetried() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp(null, "550 5.1.1 mailbox unavailable")) {
            EmailChannel mail = new EmailChannel(new EmailChannel.Smtp("127.0.0.1", smtp.port(), null, null, "me@example.com", "gone@example.com", false));
            assertThatThrownBy(() -> mail.send(ALERT)).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.permanent()).isTrue();
                assertThat(e.getMessage()).isEqualTo("mail to gone@example.com via 127.0.0.1 refused the message (SMTP 550, mailbox unavailable)");
            });
        }
        try (FakeSmtp smtp = new FakeSmtp(null, "450 4.2.1 mailbox busy, try later")) {
            EmailChannel mail = new EmailChannel(new EmailChannel.Smtp("127.0.0.1", smtp.port(), null, null, "me@example.com", "busy@example.com", false));
            assertThatThrownBy(() -> mail.send(ALERT)).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.permanent()).as(e.getMessage()).isFalse();
                assertThat(e.getMessage()).contains("450");
            });
        }
        try (FakeSmtp smtp = new FakeSmtp(null, "250 2.1.5 OK")) {
            new EmailChannel(new EmailChannel.Smtp("127.0.0.1", smtp.port(), null, null, "me@example.com", "ok@example.com", false)).send(ALERT);
            assertThat(smtp.commands()).anyMatch(c -> c.startsWith("DATA"));
        }
    }

    /**
     * A loopback SMTP server answering from a script: {@code auth} to AUTH (null: no AUTH offered), {@code rcpt} to RCPT TO,
     * 250 to the rest, 354 then 250 to DATA. One connection at a time; a closing client is fine.
     */
    static final class FakeSmtp implements AutoCloseable {
        private final ServerSocket server;
        private final List<String> commands = new CopyOnWriteArrayList<>();

        FakeSmtp(String auth, String rcpt) throws Exception {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket c = server.accept()) {
                        serve(c, auth, rcpt);
                    } catch (Exception e) {
                        // closed, or the client went away
                    }
                }
            }, "fake-smtp");
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket c, String auth, String rcpt) throws Exception {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter out = new PrintWriter(c.getOutputStream(), true, StandardCharsets.US_ASCII);
            reply(out, "220 fake ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String cmd = line.toUpperCase(java.util.Locale.ROOT);
                if (cmd.startsWith("EHLO")) {
                    reply(out, auth != null ? "250-fake\r\n250 AUTH PLAIN LOGIN" : "250 fake");
                } else if (cmd.startsWith("AUTH")) {
                    int rounds = cmd.startsWith("AUTH LOGIN") ? 2 : cmd.trim().split(" ").length > 2 ? 0 : 1;
                    for (int i = 0; i < rounds; i++) {
                        reply(out, "334 ");
                        in.readLine();
                    }
                    reply(out, auth);
                } else if (cmd.startsWith("RCPT")) {
                    reply(out, rcpt);
                } else if (cmd.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the message
                    }
                    reply(out, "250 2.0.0 queued");
                } else if (cmd.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 OK");
                }
            }
        }

        private static void reply(PrintWriter out, String text) {
            out.print(text + "\r\n");
            out.flush();
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> commands() {
            return commands;
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
