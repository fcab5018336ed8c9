package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.address;
import static org.ecofoyer.dashboard.web.Requests.body;
import static org.ecofoyer.dashboard.web.Requests.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.aggregation.store.PriceFile;
import org.ecofoyer.aggregation.store.PriceStore;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.Audit;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.storage.Jdbc;

/**
 * The price tables: every signed-in user reads them (they are public tariffs); only an operator adds or corrects
 * prices, which marks the affected meters dirty ({@link PriceStore#upsert}) so that the recompute replaces their
 * rollups. {@code POST} and {@code PUT} both add or correct by key (fluid, option, component, period, kVA, start).
 */
public final class PriceApi {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final int MAX_PRICES = 1000;

    private final Jdbc jdbc;
    private final Access access;
    private final SessionAuth auth;

    public PriceApi(Jdbc jdbc, Access access, SessionAuth auth) {
        this.jdbc = jdbc;
        this.access = access;
        this.auth = auth;
    }

    public void mount(Router api) {
        api.get("/prices").handler(auth::require).handler(this::list);
        api.post("/prices").handler(auth::require).handler(this::upsert);
        api.put("/prices").handler(auth::require).handler(this::upsert);
    }

    private void list(RoutingContext rc) {
        String f = rc.queryParams().get("fluid");
        List<Fluid> fluids;
        try {
            fluids = f == null ? List.of(Fluid.values()) : List.of(Fluid.valueOf(f.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("fluid: expected electricity, gas or water, got '" + f + "'.");
        }
        jdbc.run(c -> {
            List<Price> out = new ArrayList<>();
            for (Fluid fluid : fluids) {
                out.addAll(PriceStore.load(c, fluid));
            }
            return out;
        }).onSuccess(prices -> {
            JsonArray a = new JsonArray();
            prices.forEach(p -> a.add(toJson(p)));
            json(rc, 200, new JsonObject().put("prices", a));
        }).onFailure(rc::fail);
    }

    private void upsert(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        if (!access.canAdminister(caller)) {
            throw ApiError.forbidden("Only an operator can add or correct prices.");
        }
        JsonObject body = body(rc);
        Object v = body.getValue("prices");
        if (!(v instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_PRICES) {
            throw ApiError.badRequest("'prices' is required: an array of 1 to " + MAX_PRICES + " prices.");
        }
        List<Price> prices = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject o)) {
                throw ApiError.badRequest("prices[" + i + "]: expected an object.");
            }
            try {
                prices.add(fromJson(o, caller));
            } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
                throw ApiError.badRequest("prices[" + i + "]: " + e.getMessage());
            }
        }
        jdbc.inTransaction(c -> {
            int n = PriceStore.upsert(c, prices);
            Audit.record(c, Audit.Event.of(caller, null, "prices.changed", n + " price(s) from "
                    + prices.stream().map(Price::from).min(Instant::compareTo).orElseThrow(), address(rc), null));
            return n;
        }).onSuccess(n -> json(rc, 200, new JsonObject().put("written", n)
                .put("note", "the affected rollups are recomputed within the recompute interval")))
                .onFailure(rc::fail);
    }

    static JsonObject toJson(Price p) {
        return new JsonObject().put("fluid", p.fluid().name()).put("option", p.option()).put("component", p.component())
                .put("period", p.period()).put("kva", p.kva()).put("validFrom", date(p.from()))
                .put("validTo", p.to() == null ? null : date(p.to())).put("amount", p.amount()).put("source", p.source());
    }

    /** A local date when the instant is a Paris midnight (as prices are published), else the instant. */
    static String date(Instant t) {
        LocalDate d = LocalDate.ofInstant(t, PARIS);
        return d.atStartOfDay(PARIS).toInstant().equals(t) ? d.toString() : t.toString();
    }

    static Price fromJson(JsonObject o, Caller caller) {
        Fluid fluid;
        try {
            fluid = Fluid.valueOf(text(o, "fluid").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fluid: expected ELECTRICITY, GAS or WATER");
        }
        String component = text(o, "component").toLowerCase(Locale.ROOT);
        String period = Price.SUBSCRIPTION.equals(component) ? "*" : text(o, "period").toUpperCase(Locale.ROOT);
        Object kvaValue = o.getValue("kva", 0);
        if (!(kvaValue instanceof Integer || kvaValue instanceof Long) || ((Number) kvaValue).longValue() != ((Number) kvaValue).intValue()) {
            throw new IllegalArgumentException("kva: expected a whole number, 0 (every level) to 36");
        }
        int kva = ((Number) kvaValue).intValue();
        Object amount = o.getValue("amount");
        if (!(amount instanceof Number) && !(amount instanceof String)) {
            throw new IllegalArgumentException("amount: required, a number (euros TTC per kWh, per m³ or per year)");
        }
        BigDecimal value;
        String text = amount.toString();
        try {
            // A bounded decimal: the exponent is checked before any arithmetic (1E+999999999 is a valid BigDecimal).
            value = new BigDecimal(text.length() > 40 ? "x" : text);
            if (value.scale() < -10 || value.precision() - value.scale() > 10) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount: expected a decimal number of euros, 0 to " + Price.MAX_AMOUNT.toPlainString());
        }
        String to = o.getString("validTo");
        String source = o.getString("source");
        return new Price(fluid, text(o, "option").toUpperCase(Locale.ROOT), component, period, kva,
                PriceFile.instant(text(o, "validFrom")), to == null || to.isBlank() ? null : PriceFile.instant(to), value,
                source == null || source.isBlank() ? "operator " + caller.login() : source);
    }

    private static String text(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(key + ": required, a string");
        }
        return s.trim();
    }
}
