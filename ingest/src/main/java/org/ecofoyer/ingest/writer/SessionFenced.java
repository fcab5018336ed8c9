package org.ecofoyer.ingest.writer;

import java.sql.SQLException;

/**
 * Thrown by a submission's transaction hook when a message whose values it carries was received on an MQTT session
 * fenced since (its lease lapsed here; a peer adopts the session and stores the message from the broker's resend):
 * the transaction does not commit them. A data error's SQLSTATE class ({@code P0}), so that the writer retries the
 * batch one submission at a time and this one fails alone ({@link ReadingWriter#isDataError}).
 */
public final class SessionFenced extends SQLException {
    /** A raise_exception-class state of our own: a data error, never a real server's. */
    public static final String SQLSTATE = "P0F19";

    public SessionFenced() {
        super("the MQTT session of this message was fenced since its reception: left to the instance that adopts it", SQLSTATE);
    }
}
