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
            throw new DeliveryException(describe() + " via " + smtp.host() + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
