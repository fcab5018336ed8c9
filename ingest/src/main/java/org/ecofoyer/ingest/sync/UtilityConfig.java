package org.ecofoyer.ingest.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.enedis.EnedisApi;
import org.ecofoyer.drivers.utility.enedis.EnedisClient;
import org.ecofoyer.drivers.utility.grdf.GrdfClient;
import org.ecofoyer.drivers.utility.teleo.TeleoClient;

/**
 * The {@code utility} section: the operator's credentials for each utility API, and when meters are synced. A
 * utility without a client id (Téléo: without a username) is not configured, and its meters report so. Secrets come
 * from the environment ({@code ECOFOYER_UTILITY_GRDF_CLIENT_SECRET}...) or, better, from a file readable only by the
 * service ({@code *-file} keys); they are never logged ({@link Secret}).
 *
 * @param refetchDays  how many days back every sync fetches again, for late or corrected data
 * @param dailyAt      local time of the daily sync, {@code HH:mm}
 * @param jitter       random delay added to the daily time, so that installations do not call at the same second
 * @param checkEvery   how often the scheduler looks for due meters
 * @param scheduler    whether {@code serve} syncs meters by itself
 */
public record UtilityConfig(Integer refetchDays, String dailyAt, Duration jitter, Duration checkEvery, Boolean scheduler,
                            Grdf grdf, Enedis enedis, Teleo teleo) {
    public static final UtilityConfig DEFAULTS = new UtilityConfig(null, null, null, null, null, null, null, null);

    public UtilityConfig {
        refetchDays = refetchDays == null ? 10 : refetchDays;
        if (refetchDays < 0 || refetchDays > 365) {
            throw new IllegalArgumentException("refetchDays: expected a number of days between 0 and 365, got " + refetchDays);
        }
        dailyAt = dailyAt == null || dailyAt.isBlank() ? "07:30" : dailyAt.trim();
        try {
            LocalTime.parse(dailyAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dailyAt: expected a local time HH:mm such as 07:30, got '" + dailyAt + "'");
        }
        jitter = jitter == null ? Duration.ofHours(2) : jitter;
        checkEvery = checkEvery == null ? Duration.ofMinutes(1) : checkEvery;
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("checkEvery: expected a positive duration such as 1m, got " + checkEvery);
        }
        scheduler = scheduler == null || scheduler;
        grdf = grdf == null ? Grdf.DEFAULTS : grdf;
        enedis = enedis == null ? Enedis.DEFAULTS : enedis;
        teleo = teleo == null ? Teleo.DEFAULTS : teleo;
    }

    public LocalTime dailyTime() {
        return LocalTime.parse(dailyAt);
    }

    /** GRDF ADICT: the operator's client id and secret, from GRDF's partner registration. */
    public record Grdf(String apiUrl, String tokenUrl, String clientId, String clientSecret, String clientSecretFile) {
        public static final Grdf DEFAULTS = new Grdf(null, null, null, null, null);

        public Grdf {
            apiUrl = apiUrl == null || apiUrl.isBlank() ? GrdfClient.API_URL : apiUrl;
            tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? GrdfClient.TOKEN_URL : tokenUrl;
        }

        public boolean configured() {
            return clientId != null && !clientId.isBlank();
        }

        public Secret secret() {
            return UtilityConfig.secret(clientSecret, clientSecretFile, "utility.grdf.client-secret");
        }

        @Override
        public String toString() {
            return "Grdf[apiUrl=" + apiUrl + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /** Enedis Data Connect: the operator's application id and secret, and which API generation to speak. */
    public record Enedis(String apiUrl, String tokenUrl, String clientId, String clientSecret, String clientSecretFile,
                         EnedisApi api, Boolean loadCurve) {
        public static final Enedis DEFAULTS = new Enedis(null, null, null, null, null, null, null);

        public Enedis {
            apiUrl = apiUrl == null || apiUrl.isBlank() ? EnedisClient.API_URL : apiUrl;
            tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? EnedisClient.TOKEN_URL : tokenUrl;
            api = api == null ? EnedisApi.DC2026 : api;
            loadCurve = loadCurve == null || loadCurve;
        }

        public boolean configured() {
            return clientId != null && !clientId.isBlank();
        }

        public Secret secret() {
            return UtilityConfig.secret(clientSecret, clientSecretFile, "utility.enedis.client-secret");
        }

        @Override
        public String toString() {
            return "Enedis[apiUrl=" + apiUrl + ", clientId=" + clientId + ", clientSecret=***, api=" + api + "]";
        }
    }

    /** Eau du Grand Lyon: the household's portal login (there is no third-party API). */
    public record Teleo(String authUrl, String apiUrl, String clientId, String redirectUri, String username,
                        String password, String passwordFile) {
        public static final Teleo DEFAULTS = new Teleo(null, null, null, null, null, null, null);

        public Teleo {
            authUrl = authUrl == null || authUrl.isBlank() ? TeleoClient.PORTAL_URL + "/application/auth" : authUrl;
            apiUrl = apiUrl == null || apiUrl.isBlank() ? TeleoClient.PORTAL_URL + "/application" : apiUrl;
            clientId = clientId == null || clientId.isBlank() ? "agence-client" : clientId;
            redirectUri = redirectUri == null || redirectUri.isBlank() ? TeleoClient.PORTAL_URL + "/callback" : redirectUri;
        }

        public boolean configured() {
            return username != null && !username.isBlank();
        }

        public Secret secret() {
            return UtilityConfig.secret(password, passwordFile, "utility.teleo.password");
        }

        @Override
        public String toString() {
            return "Teleo[apiUrl=" + apiUrl + ", username=" + username + ", password=***]";
        }
    }

    static Secret secret(String value, String file, String key) {
        if (file != null && !file.isBlank()) {
            return Secret.fromFile(Path.of(file));
        }
        if (value != null && !value.isBlank()) {
            return Secret.of(value);
        }
        throw new IllegalArgumentException(key + " is not set: put the secret in a file readable only by Ecofoyer and set "
                + key + "-file, or set the environment variable " + envName(key));
    }

    static String envName(String key) {
        return "ECOFOYER_" + key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return "UtilityConfig[refetchDays=" + refetchDays + ", dailyAt=" + dailyAt + ", " + grdf + ", " + enedis + ", " + teleo + "]";
    }
}
