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
import org.ecofoyer.dashboard.Audit;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.Tokens;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.ingest.sync.SyncProgress;
import org.ecofoyer.ingest.sync.UtilitySync;
import org.ecofoyer.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A household connects its Linky through Enedis Data Connect: {@code POST .../enedis/consent} answers the consent
 * page's address with a random {@code state} bound to the caller's session (only its SHA-256 is stored, for
 * {@link #STATE_VALIDITY}); Enedis sends the browser back to {@code /oauth/enedis/callback} with that state and the
 * usage point (PRM) consented for. The callback accepts a state once, from the session that asked for it, then registers
 * the household's {@code ENEDIS_API} meter with that PRM and starts its backfill (the same as {@code ecofoyer sync
 * --connect}). Anything else (a forged, replayed, expired or another session's state) changes nothing.
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
                    + " expires_at) VALUES (?, 'enedis', ?, ?, ?)")) {
                ps.setBytes(1, Tokens.digest(state));
                ps.setBytes(2, caller.sessionHash());
                ps.setString(3, g.householdId());
                ps.setTimestamp(4, Timestamp.from(clock.instant().plus(STATE_VALIDITY)));
                ps.executeUpdate();
            }
            return null;
        }).onSuccess(v -> json(rc, 200, new JsonObject().put("url", settings.authorizeUrl() + "?client_id="
                + enc(settings.clientId()) + "&response_type=code&duration=P3Y&state=" + enc(state))))
                .onFailure(rc::fail);
    }

    static boolean hasGateway(List<HouseholdData.Meter> meters) {
        return meters.stream().anyMatch(m -> "ELECTRICITY".equals(m.fluid()) && "LINKY_TIC".equals(m.kind()));
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
                    + " AND session_hash = ? AND expires_at > ? RETURNING household_id")) {
                ps.setBytes(1, Tokens.digest(state));
                ps.setBytes(2, caller.sessionHash());
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }).onFailure(rc::fail).onSuccess(household -> {
            if (household == null) {
                refuse(rc, caller, "unknown, used, expired or another session's state");
            } else if (prm == null || !prm.matches("\\d{14}")) {
                refuse(rc, caller, "usage point '" + prm + "' is not a PRM (14 digits)");
            } else {
                connect(rc, caller, household, prm);
            }
        });
    }

    private void connect(RoutingContext rc, Caller caller, String household, String prm) {
        jdbc.run(c -> HouseholdData.meters(c, household)).compose(meters -> {
            if (hasGateway(meters)) {
                return Future.succeededFuture("gateway");
            }
            String code = meters.stream().filter(m -> "ENEDIS_API".equals(m.kind())).map(HouseholdData.Meter::code).findFirst()
                    .orElse(household + "-enedis");
            return sync.connect(code, household, "ENEDIS_API", prm)
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
            LOG.warn("cannot connect household '{}' to Enedis PRM {}: {}", household, prm, e.toString());
            back(rc, "failed");
        });
    }

    private void refuse(RoutingContext rc, Caller caller, String why) {
        LOG.warn("refused an Enedis consent callback for {} ({}): {}", caller.login(), address(rc), why);
        if (caller.householdId() == null) {
            back(rc, "invalid");
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
            back(rc, "invalid");
        });
    }

    private static void back(RoutingContext rc, String outcome) {
        rc.response().setStatusCode(303).putHeader("location", "/app/data?enedis=" + outcome).putHeader("cache-control", "no-store").end();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
