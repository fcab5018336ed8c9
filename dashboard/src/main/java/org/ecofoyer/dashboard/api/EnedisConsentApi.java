package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.address;
import static org.ecofoyer.dashboard.web.Requests.json;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.dashboard.Audit;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.Tokens;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.Logs;
import org.ecofoyer.dashboard.web.Requests;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.drivers.utility.UtilityException;
import org.ecofoyer.ingest.sync.SyncProgress;
import org.ecofoyer.ingest.sync.UtilitySync;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.MeterTakenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A household connects its Linky through Enedis Data Connect: {@code POST .../enedis/consent} with the usage point
 * (PRM) it wants to connect answers the consent page's address with a random {@code state} bound to the caller's
 * session and to that PRM (only the state's SHA-256 is stored, for {@link #STATE_VALIDITY}); Enedis sends the browser
 * back to {@code /oauth/enedis/callback} with that state and the usage point consented for.
 *
 * <p>Everything the callback carries comes through the browser, so none of it is trusted on its own. The callback
 * accepts a state once, from the session that asked for it; the usage point must be the one bound to the state; Data
 * Connect must confirm the consent (the usage point's contract answers only under a live consent of its customer: the
 * {@code code} of the redirect cannot be exchanged since Data Connect moved to client-credentials tokens); and the PRM
 * must not belong to another household (a meter's external id is unique in the core model). Only then is the
 * household's {@code ENEDIS_API} meter registered and backfilled (the same as {@code ecofoyer sync --connect}). Anything
 * else (a forged, replayed, expired or another session's state, another PRM, no consent at Enedis, another household's
 * Linky) attaches nothing and is written to the household's access log.
 */
public final class EnedisConsentApi {
    private static final Logger LOG = LoggerFactory.getLogger(EnedisConsentApi.class);
    static final Duration STATE_VALIDITY = Duration.ofMinutes(30);
    public static final String CALLBACK = "/oauth/enedis/callback";

    /**
     * @param authorizeUrl Data Connect's consent page
     * @param clientId     the operator's Data Connect application (utility.enedis.client-id)
     */
    public record Settings(String authorizeUrl, String clientId) {
    }

    private final Jdbc jdbc;
    private final UtilitySync sync;
    private final Settings settings;
    private final Clock clock;

    public EnedisConsentApi(Jdbc jdbc, UtilitySync sync, Settings settings, Clock clock) {
        this.jdbc = jdbc;
        this.sync = sync;
        this.settings = settings;
        this.clock = clock;
    }

    /** Under the household routes (authorisation already done). */
    public void mount(Router api) {
        api.post("/households/:household/enedis/consent").handler(this::start);
    }

    /** The callback page route, next to the pages (a top-level navigation back from Enedis). */
    public void mountCallback(Router router) {
        router.get(CALLBACK).handler(this::callback);
    }

    private void start(RoutingContext rc) {
        Access.Grant g = HouseholdApi.grant(rc);
        if (!g.owner()) {
            throw ApiError.forbidden("Only the household itself can connect its meters.");
        }
        Caller caller = g.caller();
        String prm = Requests.string(Requests.body(rc), "usagePointId").trim();
        if (!isPrm(prm)) {
            throw ApiError.badRequest("'usagePointId' must be the Linky's PRM: 14 digits, as on the electricity bill or the meter's"
                    + " display (PRM / PDL).");
        }
        String state = Tokens.random();
        jdbc.inTransaction(c -> {
            if (hasGateway(HouseholdData.meters(c, g.householdId()))) {
                throw new ApiError(409, "Conflict", "This household's Linky already sends its data through a gateway.");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth_state WHERE expires_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth_state (state_hash, provider, session_hash, household_id,"
                    + " expires_at, usage_point_id) VALUES (?, 'enedis', ?, ?, ?, ?)")) {
                ps.setBytes(1, Tokens.digest(state));
                ps.setBytes(2, caller.sessionHash());
                ps.setString(3, g.householdId());
                ps.setTimestamp(4, Timestamp.from(clock.instant().plus(STATE_VALIDITY)));
                ps.setString(5, prm);
                ps.executeUpdate();
            }
            return null;
        }).onSuccess(v -> json(rc, 200, new JsonObject().put("url", settings.authorizeUrl() + "?client_id="
                + enc(settings.clientId()) + "&response_type=code&duration=P3Y&state=" + enc(state))))
                .onFailure(rc::fail);
    }

    static boolean isPrm(String s) {
        return s != null && s.length() == 14 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** What a state was issued for. */
    private record Pending(String household, String usagePoint) {
    }

    static boolean hasGateway(List<Meter> meters) {
        return meters.stream().anyMatch(m -> m.fluid() == Fluid.ELECTRICITY && m.kind() == MeterKind.LINKY_TIC);
    }

    private void callback(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        String state = rc.request().getParam("state");
        String prm = rc.request().getParam("usage_point_id");
        if (caller == null) {
            back(rc, "invalid");
            return;
        }
        if (rc.request().getParam("error") != null) {
            back(rc, "declined");
            return;
        }
        if (state == null || state.isEmpty()) {
            refuse(rc, caller, "no state");
            return;
        }
        jdbc.inTransaction(c -> {
            // Used once, only by the session that asked, before it expires.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth_state WHERE state_hash = ? AND provider = 'enedis'"
                    + " AND session_hash = ? AND expires_at > ? RETURNING household_id, usage_point_id")) {
                ps.setBytes(1, Tokens.digest(state));
                ps.setBytes(2, caller.sessionHash());
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Pending(rs.getString(1), rs.getString(2)) : null;
                }
            }
        }).onFailure(rc::fail).onSuccess(pending -> {
            if (pending == null) {
                refuse(rc, caller, "unknown, used, expired or another session's state", "invalid");
            } else if (!pending.usagePoint().equals(prm)) {
                refuse(rc, caller, "usage point " + Logs.quote(prm) + " is not the one the consent was asked for ("
                        + pending.usagePoint() + ")", "invalid");
            } else {
                verify(rc, caller, pending.household(), prm);
            }
        });
    }

    /** Data Connect confirms the consent before anything is attached. */
    private void verify(RoutingContext rc, Caller caller, String household, String prm) {
        sync.verifyAccess(MeterKind.ENEDIS_API, prm).onComplete(ar -> {
            if (ar.succeeded()) {
                connect(rc, caller, household, prm);
            } else if (ar.cause() instanceof UtilityException e && (e.kind() == UtilityException.Kind.CONSENT_MISSING
                    || e.kind() == UtilityException.Kind.CONSENT_EXPIRED || e.kind() == UtilityException.Kind.BAD_REQUEST)) {
                refuse(rc, caller, "Enedis does not confirm a consent for PRM " + prm + ": " + e.getMessage(), "unconfirmed");
            } else {
                LOG.warn("cannot check the Enedis consent of PRM {} for household '{}': {}", prm, household, ar.cause().toString());
                back(rc, "failed");
            }
        });
    }

    private void connect(RoutingContext rc, Caller caller, String household, String prm) {
        jdbc.run(c -> HouseholdData.meters(c, household)).compose(meters -> {
            if (hasGateway(meters)) {
                return Future.succeededFuture("gateway");
            }
            String code = meters.stream().filter(m -> m.kind() == MeterKind.ENEDIS_API).map(m -> m.code().value()).findFirst()
                    .orElse(household + "-enedis");
            return sync.connect(code, household, MeterKind.ENEDIS_API, prm)
                    .compose(v -> jdbc.run(c -> {
                        Audit.record(c, Audit.Event.of(caller, household, "enedis.connected", "PRM " + prm, address(rc), null));
                        return null;
                    }))
                    .map(v -> {
                        LOG.info("household '{}' connected its Linky {} through Enedis (by {}); backfill starts", household, prm, caller.login());
                        sync.sync(code, null, SyncProgress.NONE)
                                .onFailure(e -> LOG.warn("first Enedis sync of {} failed: {}", code, e.toString()));
                        return "connected";
                    });
        }).onSuccess(outcome -> back(rc, outcome)).onFailure(e -> {
            if (e instanceof MeterTakenException taken) {
                LOG.warn("household '{}' asked for Enedis PRM {}: {}", household, prm, taken.getMessage());
                refuse(rc, caller, "PRM " + prm + " is connected to another household", "taken");
                return;
            }
            LOG.warn("cannot connect household '{}' to Enedis PRM {}: {}", household, prm, e.toString());
            back(rc, "failed");
        });
    }

    private void refuse(RoutingContext rc, Caller caller, String why) {
        refuse(rc, caller, why, "invalid");
    }

    private void refuse(RoutingContext rc, Caller caller, String why, String outcome) {
        LOG.warn("refused an Enedis consent callback for {} ({}): {}", Logs.quote(caller.login()), address(rc), why);
        if (caller.householdId() == null) {
            back(rc, outcome);
            return;
        }
        // Recorded before answering, so that the access log already shows it when the page does.
        jdbc.run(c -> {
            Audit.record(c, Audit.Event.of(caller, caller.householdId(), "access.refused", "GET " + CALLBACK, address(rc), why));
            return null;
        }).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("cannot record a refused callback: {}", ar.cause().toString());
            }
            back(rc, outcome);
        });
    }

    private static void back(RoutingContext rc, String outcome) {
        rc.response().setStatusCode(303).putHeader("location", "/app/data?enedis=" + outcome).putHeader("cache-control", "no-store").end();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
