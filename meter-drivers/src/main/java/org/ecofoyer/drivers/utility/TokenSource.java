package org.ecofoyer.drivers.utility;

import io.vertx.core.Future;

/** Where a client gets its bearer token: cached, renewed before it expires, and dropped when the API refuses it. */
public interface TokenSource {
    /** A token valid for at least a little while; may call the authorization server. */
    Future<String> token();

    /** The API refused {@code token} (401): forget it so that the next {@link #token()} gets a fresh one. */
    void invalidate(String token);
}
