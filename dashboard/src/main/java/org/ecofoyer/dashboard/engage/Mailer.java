package org.ecofoyer.dashboard.engage;

/** Sends one e-mail (blocking: called on a worker). */
public interface Mailer {
    /**
     * @param text the plain-text body (always sent: every client reads it)
     * @param html the same in HTML, or null: with it, the mail is multipart/alternative (the text first, the HTML the
     *             client prefers last, as RFC 2046 orders them)
     */
    void send(String to, String subject, String text, String html) throws Exception;
}
