package org.ecofoyer.dashboard.engage;

/** Sends one e-mail (blocking: called on a worker). */
public interface Mailer {
    void send(String to, String subject, String text) throws Exception;
}
