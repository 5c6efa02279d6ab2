package io.perpguard.live;

import io.perpguard.InvalidInputException;
import io.perpguard.live.alert.AlertChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A misconfigured alert sink is refused at start, in one line naming the option, never quoting a secret — not found
 * at the first alert and retried forever.
 */
class LiveOptionsChannelsTest {
    private static final String TOKEN = "123456:AAH-secret_tokenXYZ";
    private final Function<String, String> saved = LiveOptions.env;
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void restore() {
        LiveOptions.env = saved;
    }

    private List<AlertChannel> channels(Consumer<LiveOptions> set) {
        LiveOptions.env = env::get;
        LiveOptions o = new LiveOptions();
        set.accept(o);
        return o.channels();
    }

    private void refused(Consumer<LiveOptions> set, String field, String says) {
        assertThatThrownBy(() -> channels(set)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(says).doesNotContain("\n").doesNotContain("secret_token").doesNotContain("pw-secret");
                });
    }

    @Test
    void test_wellConfiguredSinks_areAccepted() {
        env.put("PERPGUARD_TELEGRAM_TOKEN", TOKEN);
        env.put("PERPGUARD_SMTP_PASSWORD", "pw-secret");
        assertThat(channels(o -> {
            o.webhooks.add("https://hooks.example.com:8443/perpguard");
            o.telegramChat = "-1001234";
            o.telegramApi = "http://127.0.0.1:9000";
            o.smtp = "smtp.example.com:587";
            o.smtpUser = "me";
            o.mailTo = "me@example.com, desk@example.com";
        })).extracting(AlertChannel::describe)
                .containsExactly("webhook hooks.example.com:8443", "telegram chat -1001234", "mail to me@example.com, desk@example.com");
    }

    @Test
    void test_webhook_badUrlOrPort_isRefusedAtStart() {
        refused(o -> o.webhooks.add("hooks.example.com/perpguard"), "webhook", "is not an http(s) URL");
        refused(o -> o.webhooks.add("http://hooks.example.com:99999/x"), "webhook", "port 99999 is outside 1 to 65535");
    }

    @Test
    void test_telegram_missingOrMalformedToken_orBadApiUrl_isRefusedAtStart() {
        refused(o -> o.telegramChat = "42", "telegram-chat", "PERPGUARD_TELEGRAM_TOKEN");
        env.put("PERPGUARD_TELEGRAM_TOKEN", "bot" + TOKEN + " ");
        refused(o -> o.telegramChat = "42", "PERPGUARD_TELEGRAM_TOKEN", "is not a bot token (digits:letters, as BotFather gives it)");
        env.put("PERPGUARD_TELEGRAM_TOKEN", TOKEN);
        refused(o -> {
            o.telegramChat = "42";
            o.telegramApi = "api.telegram.org";
        }, "telegram-api", "is not an http(s) URL");
    }

    @Test
    void test_mail_badAddressesPortOrMissingPassword_isRefusedAtStart() {
        refused(o -> {
            o.smtp = "smtp.example.com:99999";
            o.mailTo = "me@example.com";
        }, "smtp", "port 99999 is outside 1 to 65535");
        refused(o -> {
            o.smtp = ":25";
            o.mailTo = "me@example.com";
        }, "smtp", "is not HOST:PORT");
        refused(o -> {
            o.smtp = "smtp.example.com:25";
            o.mailTo = "me at example dot com";
        }, "mail-to", "is not an e-mail address");
        refused(o -> {
            o.smtp = "smtp.example.com:25";
            o.mailTo = "me@example.com";
            o.mailFrom = "perpguard@@example.com";
        }, "mail-from", "is not an e-mail address");
        refused(o -> {
            o.smtp = "smtp.example.com:587";
            o.smtpUser = "me";
            o.mailTo = "me@example.com";
        }, "smtp-user", "needs the password in PERPGUARD_SMTP_PASSWORD, which is not set");
    }
}
