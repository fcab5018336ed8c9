package org.ecofoyer.drivers.utility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The captured API bodies of /work/shared/data/apis, copied verbatim into test resources. */
public final class Samples {
    public static final String GRDF_INFORMATIVES = "grdf_adict_v2_donnees_consos_informatives__lowatt-grdf_tests_test_api.ndjson";
    public static final String GRDF_PUBLISHED = "grdf_adict_v2_donnees_consos_publiees__lowatt-grdf_tests_test_api.ndjson";
    public static final String GRDF_ACCESS_RIGHTS = "grdf_adict_v2_droits_acces__lowatt-grdf_tests_test_api.ndjson";
    public static final String GRDF_CONTRACT = "grdf_adict_v2_donnees_contractuelles__lowatt-grdf_tests_test_api.json";
    public static final String ENEDIS_V5_DAILY = "enedis_v5_daily_consumption__aeneria_enedis-data-connect_tests_Unit_Service_MeteringDataV5ClientTest.json";
    public static final String ENEDIS_V5_CURVE_SHORT = "enedis_v5_consumption_load_curve__aeneria_enedis-data-connect_tests_Unit_Service_MeteringDataV5ClientTest.json";
    public static final String ENEDIS_V5_CURVE = "enedis_v5_consumption_load_curve__MyElectricalData_myelectricaldata_new_apps_api_tests_fixtures_enedis_2026.json";
    public static final String ENEDIS_2026_DAILY = "enedis_2026_mesure_consommation_quotidienne__MyElectricalData_myelectricaldata_new_apps_api_tests_fixtures_enedis_2026.json";
    public static final String ENEDIS_2026_CURVE = "enedis_2026_mesure_courbe_de_charge_consommation__MyElectricalData_myelectricaldata_new_apps_api_tests_fixtures_enedis_2026.json";
    public static final String ENEDIS_2026_MAX_POWER = "enedis_2026_mesure_puissance_conso_max_quotidienne__MyElectricalData_myelectricaldata_new_apps_api_tests_fixtures_enedis_2026.json";
    public static final String ENEDIS_2026_FORBIDDEN = "enedis_2026_erreur_comptage_non_souscrit_403__MyElectricalData_myelectricaldata_new_apps_api_tests_fixtures_enedis_2026.json";
    public static final String ENEDIS_TOKEN = "enedis_oauth2_v3_token_response__aeneria_enedis-data-connect_src_Model_Token_php_docblock.json";
    public static final String ENEDIS_CONTRACT_OPENAPI = "enedis_dataconnect_openapi_08-contract__MyElectricalData_myelectricaldata_new.json";

    private Samples() {
    }

    public static String read(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/apis/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource apis/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
