package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.*;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.ecofoyer.dashboard.Audit;
import org.ecofoyer.dashboard.DashboardConfig;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.OpenStreams;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.dashboard.auth.Reauthentication;
import org.ecofoyer.dashboard.auth.Tokens;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.auth.Sessions;
import org.ecofoyer.dashboard.auth.SignInThrottle;
import org.ecofoyer.dashboard.auth.User;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.Logs;
import org.ecofoyer.dashboard.web.Requests;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in, sign-out, the caller's account, password change and invitations. */
public final class AccountApi {
    private static final Logger LOG = LoggerFactory.getLogger(AccountApi.class);

    private final Jdbc jdbc;
    private final WorkerExecutor kdf;
    private final Accounts accounts;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final SessionAuth auth;
    private final Access access;
    private final DashboardConfig config;
    private final OpenStreams streams;
    private final Reauthentication reauth;

    public AccountApi(Jdbc jdbc, WorkerExecutor kdf, Accounts accounts, Sessions sessions, SignInThrottle throttle,
                      SessionAuth auth, Access access, DashboardConfig config, OpenStreams streams) {
        this.jdbc = jdbc;
        this.kdf = kdf;
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.auth = auth;
        this.access = access;
        this.config = config;
        this.streams = streams;
        this.reauth = new Reauthentication(jdbc, kdf, accounts, throttle);
    }

    public void mount(Router api) {
        api.get("/csrf").handler(this::csrf);
        api.post("/session").handler(this::signIn);
        api.delete("/session").handler(auth::require).handler(this::signOut);
        api.get("/me").handler(auth::require).handler(this::me);
        api.patch("/me").handler(auth::require).handler(this::updateMe);
        api.post("/me/password").handler(auth::require).handler(this::changePassword);
        api.post("/invitations").handler(auth::require).handler(this::invite);
        api.get("/invitations/:token").handler(this::invitation);
        api.post("/invitations/:token/accept").handler(this::accept);
    }

    private void csrf(RoutingContext rc) {
        json(rc, 200, new JsonObject().put("csrfToken", auth.ensureAnonymousCsrf(rc)));
    }

    private record Attempt(long retryAfter, Accounts.Credentials credentials) {
    }

    private record SignedIn(User user, Sessions.Opened opened) {
    }

    private void answerSignedIn(RoutingContext rc, int status, SignedIn s) {
        auth.signedIn(rc, s.opened());
        json(rc, status, new JsonObject().put("login", s.user().login()).put("role", s.user().role().wire())
                .put("household", s.user().householdId()).put("locale", s.user().locale())
                .put("csrfToken", s.opened().csrfToken()));
    }

    private void signIn(RoutingContext rc) {
        JsonObject body = body(rc);
        String login = Requests.identifier(string(body, "login").trim(), "login", 200);
        char[] password = string(body, "password").toCharArray();
        String address = address(rc);
        jdbc.run(c -> {
            long wait = throttle.retryAfter(c, login, address);
            return new Attempt(wait, wait > 0 ? null : accounts.credentials(c, login).orElse(null));
        }).compose(a -> {
            if (a.retryAfter() > 0) {
                LOG.warn("sign-in refused for {} from {}: too many failures, retry in {} s", Logs.quote(login), address, a.retryAfter());
                rc.response().putHeader("Retry-After", String.valueOf(a.retryAfter()));
                return Future.failedFuture(new ApiError(429, "Too many attempts",
                        "Too many failed sign-ins; try again in " + a.retryAfter() + " seconds.",
                        new JsonObject().put("retryAfter", a.retryAfter())));
            }
            PasswordHasher h = accounts.hasher();
            return kdf.executeBlocking(() -> a.credentials() == null ? h.verifyDecoy(password)
                    : h.verify(password, a.credentials().passwordHash()), false)
                    .compose(ok -> jdbc.inTransaction(c -> {
                        if (!ok) {
                            throttle.failed(c, login, address);
                            return Optional.<SignedIn>empty();
                        }
                        throttle.succeeded(c, login);
                        User user = a.credentials().user();
                        return Optional.of(new SignedIn(user, sessions.open(c, user.id())));
                    }));
        }).onSuccess(result -> {
            if (result.isEmpty()) {
                LOG.info("failed sign-in for {} from {}", Logs.quote(login), address);
                rc.fail(new ApiError(401, "Sign-in failed", "Wrong login or password."));
                return;
            }
            answerSignedIn(rc, 200, result.get());
        }).onFailure(rc::fail);
    }

    private void signOut(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        jdbc.run(c -> {
            sessions.close(c, caller.sessionHash());
            return null;
        }).onSuccess(v -> {
            streams.endSession(caller.sessionHash());
            auth.signedOut(rc);
            noContent(rc);
        }).onFailure(rc::fail);
    }

    private void me(RoutingContext rc) {
        Caller c = SessionAuth.caller(rc);
        json(rc, 200, new JsonObject().put("login", c.login()).put("role", Role.valueOf(c.role()).wire())
                .put("household", c.householdId()).put("locale", c.locale()).put("csrfToken", c.csrfToken()));
    }

    private void updateMe(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        String locale = string(body(rc), "locale");
        if (!locale.equals("fr") && !locale.equals("en")) {
            throw ApiError.badRequest("'locale' must be fr or en.");
        }
        jdbc.run(c -> {
            accounts.setLocale(c, caller.userId(), locale);
            return null;
        }).onSuccess(v -> noContent(rc)).onFailure(rc::fail);
    }

    private void changePassword(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        JsonObject body = body(rc);
        char[] current = string(body, "current").toCharArray();
        String next = string(body, "new");
        String weak = PasswordHasher.weakness(next, caller.login());
        if (weak != null) {
            throw ApiError.badRequest(weak);
        }
        reauth.verify(caller, current, address(rc), "The current password is wrong.")
                .compose(v -> kdf.executeBlocking(() -> accounts.hasher().hash(next.toCharArray()), false))
                .compose(hash -> jdbc.inTransaction(c -> {
                    accounts.setPasswordHash(c, caller.userId(), hash);
                    sessions.closeOthers(c, caller.userId(), caller.sessionHash());
                    throttle.succeeded(c, caller.login());
                    Audit.record(c, Audit.Event.of(caller, caller.householdId(), "password.changed", "account", address(rc), null));
                    return null;
                }))
                .onSuccess(v -> {
                    streams.endUserExcept(caller.userId(), caller.sessionHash());
                    noContent(rc);
                })
                .onFailure(rc::fail);
    }

    /** Operators invite anyone; a household account may invite another member of its own household. */
    private void invite(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        JsonObject body = body(rc);
        Role role = Role.parse(string(body, "role"));
        String household = body.getString("household");
        boolean ownHousehold = caller.roleEnum() == Role.HOUSEHOLD && role == Role.HOUSEHOLD
                && caller.householdId().equals(household);
        if (!access.canAdminister(caller) && !ownHousehold) {
            throw ApiError.forbidden("Only an operator can invite this account; a household can invite members of its own household.");
        }
        jdbc.inTransaction(c -> {
            String token = accounts.invite(c, role, household, caller.login(), config.invitationValidity());
            Audit.record(c, Audit.Event.of(caller, household, "invitation.created", "role " + role.wire(), address(rc), null));
            return token;
        }).onSuccess(token -> json(rc, 201, new JsonObject()
                .put("token", token)
                .put("url", publicBase() + "/invite?token=" + token)
                .put("validForSeconds", config.invitationValidity().toSeconds())))
                .onFailure(rc::fail);
    }

    /**
     * The link's base: only {@code dashboard.public-url}. Without it the link is relative (the page shows it on its own
     * origin): a {@code Host} header is the client's to choose, and a link built from it could send the invitee elsewhere.
     */
    private String publicBase() {
        return config.publicUrl() != null ? config.publicUrl() : "";
    }

    private void invitation(RoutingContext rc) {
        String token = rc.pathParam("token");
        jdbc.run(c -> accounts.invitation(c, token)).onSuccess(inv -> {
            if (inv.isEmpty()) {
                rc.fail(new ApiError(404, "Not found", "This invitation does not exist, was used, or has expired."));
                return;
            }
            json(rc, 200, new JsonObject().put("role", inv.get().role().wire()).put("expiresAt", inv.get().expiresAt().toString()));
        }).onFailure(rc::fail);
    }

    private void accept(RoutingContext rc) {
        String token = rc.pathParam("token");
        JsonObject body = body(rc);
        String login = string(body, "login").trim();
        String password = string(body, "password");
        String locale = "en".equals(body.getString("locale")) ? "en" : "fr";
        String address = address(rc);
        // Each refused login counts against the invitation and the address like a failed sign-in: an invitation is not
        // a way to test which logins exist (and the refusal does not say why a login cannot be used).
        String subject = "invitation:" + java.util.HexFormat.of().formatHex(Tokens.digest(token));
        jdbc.run(c -> {
            long wait = throttle.retryAfter(c, subject, address);
            if (wait > 0) {
                throw Reauthentication.tooMany(wait);
            }
            return accounts.invitation(c, token);
        }).compose(inv -> {
            if (inv.isEmpty()) {
                return Future.failedFuture(new ApiError(404, "Not found", "This invitation does not exist, was used, or has expired."));
            }
            return jdbc.run(c -> {
                try {
                    accounts.checkNew(c, login, password, inv.get().role(), inv.get().householdId());
                } catch (Accounts.LoginTakenException e) {
                    throttle.failed(c, subject, address);
                    throw new ApiError(400, "Bad request", "This login cannot be used: choose another.");
                }
                return inv.get();
            });
        }).compose(inv -> kdf.executeBlocking(() -> accounts.hasher().hash(password.toCharArray()), false)
                .compose(hash -> jdbc.inTransaction(c -> {
                    // Checked again under the row lock: two people racing for one link cannot both get in.
                    if (accounts.invitation(c, token).isEmpty()) {
                        throw new ApiError(404, "Not found", "This invitation does not exist, was used, or has expired.");
                    }
                    User user = accounts.insert(c, login, hash, inv.role(), inv.householdId(), null, locale);
                    accounts.markUsed(c, token, user.id());
                    Audit.record(c, new Audit.Event(inv.householdId(), user.id(), user.login(), user.role().name(),
                            "account.created", "invitation", address(rc), null));
                    return new SignedIn(user, sessions.open(c, user.id()));
                }))).onSuccess(s -> answerSignedIn(rc, 201, s)).onFailure(rc::fail);
    }
}
