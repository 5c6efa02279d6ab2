package io.perpguard.live.alert;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** E-mail through an SMTP server (Jakarta Mail, Eclipse Angus): one plain-text message per alert. */
public final class EmailChannel implements AlertChannel {
    /**
     * @param host     SMTP host
     * @param port     SMTP port (587 STARTTLS, 465 TLS, 25 plain)
     * @param user     login, or null for none
     * @param password password (from PERPGUARD_SMTP_PASSWORD), or null
     * @param from     sender address
     * @param to       recipient address(es), comma separated
     * @param starttls require STARTTLS
     */
    public record Smtp(String host, int port, String user, String password, String from, String to, boolean starttls) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + " to " + to + "]";
        }
    }

    private final Smtp smtp;
    private final Session session;

    public EmailChannel(Smtp smtp) {
        if (smtp.host() == null || smtp.host().isBlank() || smtp.to() == null || smtp.to().isBlank() || smtp.from() == null) {
            throw new IllegalArgumentException("mail: an SMTP host, a sender and a recipient are all needed");
        }
        this.smtp = smtp;
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.auth", Boolean.toString(smtp.user() != null));
        p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.ssl.enable", Boolean.toString(smtp.port() == 465));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        this.session = Session.getInstance(p);
    }

    @Override
    public String id() {
        return "mail-" + HttpDelivery.sha(smtp.host() + ":" + smtp.port() + "/" + smtp.to());
    }

    @Override
    public String describe() {
        return "mail to " + smtp.to();
    }

    @Override
    public void send(LiveAlert alert) throws DeliveryException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(smtp.from()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(smtp.to()));
            m.setSubject("perpguard " + alert.kind() + ": " + alert.message(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date(alert.raisedAtMs()));
            m.setHeader("X-Perpguard-Delivery", alert.dedupeKey());
            m.setText(alert.message() + "\n\n" + alert.toJson().toPrettyString() + "\n", StandardCharsets.UTF_8.name());
            if (smtp.user() != null) {
                Transport.send(m, smtp.user(), smtp.password());
            } else {
                Transport.send(m);
            }
        } catch (MessagingException e) {
            String what = describe() + " via " + smtp.host();
            int code = replyCode(e);
            if (e instanceof jakarta.mail.AuthenticationFailedException) {
                // the server's text is not quoted (it may echo the login); the reply code is enough
                throw DeliveryException.refused(what + " refused the login" + (code > 0 ? " (SMTP " + code + ")" : "")
                        + ": check --smtp-user and PERPGUARD_SMTP_PASSWORD");
            }
            if (code >= 500 && code < 600) {
                throw DeliveryException.refused(what + " refused the message (SMTP " + code + (mailboxRefused(e) ? ", mailbox unavailable" : "") + ")");
            }
            throw new DeliveryException(what + " failed (" + e.getClass().getSimpleName() + (code > 0 ? ", SMTP " + code : "") + ")");
        }
    }

    /**
     * The SMTP reply code behind a failure (the first of the exception chain's messages that starts with three digits,
     * as Angus words them: {@code 550 5.1.1 mailbox unavailable}), 0 when none: a connection that failed has none. A 5xx
     * is a permanent refusal (RFC 5321 §4.2.1: the same command will fail again), a 4xx a transient one.
     */
    static int replyCode(Exception e) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t instanceof MessagingException m && m.getNextException() != null
                ? m.getNextException() : t.getCause()) {
            int code = codeOf(t);
            if (code > 0) {
                return code;
            }
            try {
                java.lang.reflect.Method rc = t.getClass().getMethod("getReturnCode");   // Angus' SMTPSendFailedException and kin
                Object v = rc.invoke(t);
                if (v instanceof Integer i && i >= 200 && i < 600) {
                    return i;
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not an SMTP reply
            }
        }
        return 0;
    }

    private static int codeOf(Throwable t) {
        String m = t.getMessage();
        if (m == null) {
            return 0;
        }
        m = m.trim();
        if (m.length() >= 3 && Character.isDigit(m.charAt(0)) && Character.isDigit(m.charAt(1)) && Character.isDigit(m.charAt(2))
                && (m.length() == 3 || !Character.isDigit(m.charAt(3)))) {
            int c = Integer.parseInt(m.substring(0, 3));
            return c >= 200 && c < 600 ? c : 0;
        }
        return 0;
    }

    /** Every recipient was refused (the server's RCPT answer put them among the invalid addresses). */
    private static boolean mailboxRefused(MessagingException e) {
        return e instanceof jakarta.mail.SendFailedException s && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0
                && (s.getValidSentAddresses() == null || s.getValidSentAddresses().length == 0);
    }
}
