package org.ecofoyer.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ecofoyer.drivers.utility.UtilityException;
import org.junit.jupiter.api.Test;

/**
 * Everything the pages show exists in French and in English: both dictionaries have the same keys, every key the
 * scripts name literally is in them, and so is every member of the key families the scripts build from API values
 * (statuses, advice codes, utility error kinds, meter kinds, audit actions).
 */
class TranslationsTest {
    static final Path JS = Path.of("src/main/resources/webroot/js");
    /** t('key'), has('key'), and message keys given as values in problemText's maps ({ 403: 'key' }). */
    static final Pattern KEY = Pattern.compile("\\b(?:t|has)\\('([A-Za-z0-9_.]+)'|\\d{3}: '([A-Za-z0-9_.]+)'");

    static final JsonObject FR = Pages.messages("fr");
    static final JsonObject EN = Pages.messages("en");

    @Test
    void bothLanguagesHaveTheSameKeys() {
        assertThat(FR.fieldNames()).containsExactlyInAnyOrderElementsOf(EN.fieldNames());
        for (String k : EN.fieldNames()) {
            assertThat(FR.getString(k)).as("fr " + k).isNotBlank();
            assertThat(EN.getString(k)).as("en " + k).isNotBlank();
        }
    }

    @Test
    void everyKeyTheScriptsNameExists() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(JS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = KEY.matcher(Files.readString(f));
                while (m.find()) {
                    String key = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!key.endsWith(".")) { // t('period.' + p): a family, checked below
                        used.add(key);
                    }
                }
            }
        }
        assertThat(used).as("keys found in the scripts").contains("data.sources", "fluid.dailyOnly", "password.weak");
        assertThat(missing(used)).isEmpty();
    }

    @Test
    void everyKeyBuiltFromAnApiValueExists() {
        List<String> keys = new ArrayList<>();
        for (String s : List.of("ok", "waiting", "stale", "error")) {
            keys.add("data.status." + s);
        }
        for (String a : List.of("CONSENT_MISSING", "CONSENT_EXPIRED", "CREDENTIALS_REJECTED", "BAD_REQUEST", "RETRY", "STALE",
                "WAITING_GATEWAY", "WAITING_SYNC")) {
            keys.add("data.advice." + a);
        }
        for (UtilityException.Kind k : UtilityException.Kind.values()) {
            keys.add("data.error." + k.name());
        }
        for (String k : List.of("LINKY_TIC", "ENEDIS_API", "GAZPAR", "TELEO")) {
            keys.add("kind." + k);
        }
        for (String a : List.of("export", "read", "access.refused", "password.changed", "invitation.created", "account.created",
                "household.erased", "enedis.connected")) {
            keys.add("audit." + a);
        }
        // Issue #15: consent states and history, granularities, comparison notes, the profile's choices.
        for (String s : List.of("live", "revoked", "expired")) {
            keys.add("consent.state." + s);
        }
        for (String s : List.of("granted", "narrowed", "revoked", "replaced", "expired")) {
            keys.add("consent.event." + s);
        }
        for (var g : org.ecofoyer.dashboard.consent.ConsentGranularity.values()) {
            keys.add("granularity." + g.wire());
        }
        for (String n : List.of("UNEQUAL_SPANS", "INCOMPLETE_A", "INCOMPLETE_B", "NO_DJU", "NO_SIGNATURE", "NO_SURFACE", "MISSING_PRICE")) {
            keys.add("cmp.note." + n);
        }
        for (var e : org.ecofoyer.core.HouseholdProfile.HeatingEnergy.values()) {
            keys.add("profile.heatingEnergy." + e.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (var e : org.ecofoyer.core.HouseholdProfile.HeatingSystem.values()) {
            keys.add("profile.heatingSystem." + e.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (var e : org.ecofoyer.core.HouseholdProfile.HotWater.values()) {
            keys.add("profile.hotWater." + e.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (var e : org.ecofoyer.core.HouseholdProfile.ConstructionPeriod.values()) {
            keys.add("profile.constructionPeriod." + e.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String p : Pages.ADVISOR_PAGES) {
            keys.add("page." + p);
        }
        // Issue #16: seasons of the standby, the kinds of advice on the subscribed power.
        for (var season : org.ecofoyer.aggregation.maths.Season.values()) {
            keys.add("analysis.season." + season.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (var colour : org.ecofoyer.core.TempoColour.values()) {
            keys.add("live.tempo." + colour.name());
        }
        for (var kind : org.ecofoyer.aggregation.maths.PowerAdvice.Kind.values()) {
            keys.add("analysis.advice." + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String o : List.of("connected", "invalid", "declined", "gateway", "failed")) {
            keys.add("data.enedis." + o);
        }
        for (String r : List.of("household", "advisor", "installer", "operator")) {
            keys.add("role." + r);
        }
        for (String p : List.of("BASE", "HP", "HC", "TEMPO_BLUE_HP", "TEMPO_BLUE_HC", "TEMPO_WHITE_HP", "TEMPO_WHITE_HC",
                "TEMPO_RED_HP", "TEMPO_RED_HC", "EJP_HN", "EJP_HPM")) {
            keys.add("period." + p);
        }
        for (String s : List.of("half_hour", "day", "week", "month", "year")) {
            keys.add("step." + s);
        }
        // Issue #14: the commissioning page's checks, states and diagnoses, by the codes the API answers.
        for (String p : Pages.INSTALLER_PAGES) {
            keys.add("page." + p);
        }
        for (var st : org.ecofoyer.gateway.GatewayState.values()) {
            keys.add("cx.stateName." + st.wireName());
        }
        for (var st : org.ecofoyer.gateway.Checklist.Status.values()) {
            keys.add("cx.status." + st.wireName());
        }
        for (String i : org.ecofoyer.gateway.Checklist.ITEMS) {
            keys.add("cx.item." + i);
        }
        for (String d : org.ecofoyer.gateway.Checklist.DIAGNOSES) {
            keys.add("cx.dx." + d);
        }
        assertThat(missing(keys)).isEmpty();
    }

    private static List<String> missing(Iterable<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!FR.containsKey(k)) {
                out.add("fr:" + k);
            }
            if (!EN.containsKey(k)) {
                out.add("en:" + k);
            }
        }
        return out;
    }
}
