package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.*;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Jdbc;

/**
 * {@code PUT /households/{id}/profile}: the household describes its home (surface, occupants, heating, hot water,
 * construction period, postcode, weather station). Only the household itself changes it; an advisor reads it with the
 * household ({@code GET /households/{id}}) under its consent. Every field is optional: null or absent clears it.
 */
public final class ProfileApi {
    private final Jdbc jdbc;

    public ProfileApi(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void mount(Router api) {
        api.put("/households/:household/profile").handler(this::put);
    }

    private void put(RoutingContext rc) {
        Access.Grant g = HouseholdApi.grant(rc);
        if (!g.owner()) {
            throw ApiError.forbidden("Only the household itself describes its home.");
        }
        HouseholdProfile profile = parse(body(rc));
        jdbc.run(c -> {
            Households.setProfile(c, new HouseholdId(g.householdId()), profile);
            return HouseholdData.profileJson(profile);
        }).onSuccess(p -> json(rc, 200, p)).onFailure(rc::fail);
    }

    /** The profile of a request body; a wrong value is a 400 that names the field. */
    static HouseholdProfile parse(JsonObject b) {
        try {
            return new HouseholdProfile(number(b, "surfaceM2"), integer(b, "occupants"),
                    HouseholdProfile.HeatingEnergy.parse(text(b, "heatingEnergy")),
                    HouseholdProfile.HeatingSystem.parse(text(b, "heatingSystem")),
                    HouseholdProfile.HotWater.parse(text(b, "hotWater")),
                    HouseholdProfile.ConstructionPeriod.parse(text(b, "constructionPeriod")),
                    text(b, "postcode"), text(b, "weatherStation"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static Double number(JsonObject b, String key) {
        Object v = b.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw ApiError.badRequest("'" + key + "' must be a number or null.");
        }
        return n.doubleValue();
    }

    private static Integer integer(JsonObject b, String key) {
        Double d = number(b, key);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Math.abs(d) > 1000) {
            throw ApiError.badRequest("'" + key + "' must be a whole number.");
        }
        return d.intValue();
    }

    private static String text(JsonObject b, String key) {
        Object v = b.getValue(key);
        if (v == null || v instanceof String s && s.isBlank()) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest("'" + key + "' must be a string or null.");
        }
        return s.trim();
    }
}
