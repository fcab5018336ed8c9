package org.ecofoyer.dashboard.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.storage.Jdbc;

/**
 * Checks a signed-in caller's password again before something irreversible (a password change, the household's
 * erasure), under the sign-in throttle: a stolen session must not become a password oracle, nor a way to spend the
 * password-hashing pool. Wrong guesses count against the account and the address exactly as failed sign-ins do.
 */
public final class Reauthentication {
    private final Jdbc jdbc;
    private final WorkerExecutor kdf;
    private final Accounts accounts;
    private final SignInThrottle throttle;

    public Reauthentication(Jdbc jdbc, WorkerExecutor kdf, Accounts accounts, SignInThrottle throttle) {
        this.jdbc = jdbc;
        this.kdf = kdf;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /**
     * Succeeds when {@code password} is the caller's; fails with a 429 problem (carrying {@code retryAfter}) while
     * throttled, without running the hash, and with a 403 problem saying {@code wrong} when the password is wrong.
     */
    public Future<Void> verify(Caller caller, char[] password, String address, String wrong) {
        return jdbc.run(c -> {
            long wait = throttle.retryAfter(c, caller.login(), address);
            if (wait > 0) {
                throw tooMany(wait);
            }
            return accounts.credentials(c, caller.userId()).orElseThrow(ApiError::unauthorized);
        }).compose(cr -> kdf.executeBlocking(() -> accounts.hasher().verify(password, cr.passwordHash()), false))
                .compose(ok -> jdbc.run(c -> {
                    if (!ok) {
                        throttle.failed(c, caller.login(), address);
                        throw ApiError.forbidden(wrong);
                    }
                    return null;
                }));
    }

    /** The 429 answer of a throttled attempt (the error mapper turns {@code retryAfter} into a Retry-After header). */
    public static ApiError tooMany(long retryAfter) {
        return new ApiError(429, "Too many attempts", "Too many failed attempts; try again in " + retryAfter + " seconds.",
                new JsonObject().put("retryAfter", retryAfter));
    }
}
