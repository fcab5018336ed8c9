package org.ecofoyer.dashboard.auth;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The long-lived answers (live streams) this instance is serving, with the access they were opened under, so that
 * whatever ends that access (sign-out, a password change, the household's erasure, a narrowed or revoked consent) ends them
 * at once rather than when the browser next reconnects. Streams served by other instances are ended by their own
 * periodic session check ({@code LiveApi}).
 */
public final class OpenStreams {
    /** One open stream: who opened it, through which session, for which household, and how to end it. */
    public record Stream(String sessionKey, long userId, String householdId, Long consentId, Runnable end) {
    }

    private final Map<Object, Stream> open = new ConcurrentHashMap<>();

    /** Registers a stream; the returned handle is what {@link #remove} takes when the stream ends by itself. */
    public Object add(Caller caller, String householdId, Runnable end) {
        return add(caller, householdId, null, end);
    }

    /** Registers a stream opened under a consent (an advisor's): narrowing or revoking that consent ends it. */
    public Object add(Caller caller, String householdId, Long consentId, Runnable end) {
        Object handle = new Object();
        open.put(handle, new Stream(key(caller.sessionHash()), caller.userId(), householdId, consentId, end));
        return handle;
    }

    public void remove(Object handle) {
        open.remove(handle);
    }

    /** Ends the streams of one session (signed out). */
    public int endSession(byte[] sessionHash) {
        String k = key(sessionHash);
        return end(s -> s.sessionKey().equals(k));
    }

    /** Ends every stream of an account but those of {@code keep} (a password change signs the others out). */
    public int endUserExcept(long userId, byte[] keep) {
        String k = key(keep);
        return end(s -> s.userId() == userId && !s.sessionKey().equals(k));
    }

    /** Ends every stream showing a household's data, whoever opened it (the household is erased). */
    public int endHousehold(String householdId) {
        return end(s -> s.householdId().equals(householdId));
    }

    /** Ends every stream opened under a consent (the household narrowed or revoked it). */
    public int endConsent(long consentId) {
        return end(s -> s.consentId() != null && s.consentId() == consentId);
    }

    public int size() {
        return open.size();
    }

    private int end(Predicate<Stream> which) {
        int n = 0;
        for (var e : open.entrySet()) {
            if (which.test(e.getValue()) && open.remove(e.getKey()) != null) {
                e.getValue().end().run();
                n++;
            }
        }
        return n;
    }

    private static String key(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
