package org.ecofoyer.dashboard.engage;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.Properties;

/** E-mails through the operator's SMTP server with Jakarta Mail (Eclipse Angus). */
public final class SmtpMailer implements Mailer {
    private final MailConfig config;
    private final Session session;

    public SmtpMailer(MailConfig config) {
        if (!config.configured()) {
            throw new IllegalArgumentException("mail.host: not set");
        }
        this.config = config;
        Properties p = new Properties();
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", String.valueOf(config.port()));
        p.put("mail.smtp.starttls.enable", String.valueOf(config.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(config.startTls()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        boolean auth = config.username() != null && !config.username().isBlank();
        p.put("mail.smtp.auth", String.valueOf(auth));
        this.session = auth ? Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.username(), config.password());
            }
        }) : Session.getInstance(p);
    }

    @Override
    public void send(String to, String subject, String text, String html) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(config.from()));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
        if (html == null) {
            m.setText(text, "UTF-8");
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            m.setContent(alternative);
        }
        Transport.send(m);
    }
}
