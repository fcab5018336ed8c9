package org.ecofoyer.drivers.utility.enedis;

/** Which Enedis metering API a deployment speaks (configuration: {@code utility.enedis.api}). */
public enum EnedisApi {
    /** Data Connect v5 ({@code metering_data_*}/v5), values in {@code meter_reading.interval_reading}. */
    V5("/metering_data_dc/v5/daily_consumption", "/metering_data_clc/v5/consumption_load_curve",
            "/metering_data_dcmp/v5/daily_consumption_max_power", "usage_point_id", "start", "end"),
    /** The 2026 replacement ({@code mesure_synchrone_auto/v2}), values in {@code grandeur[].points}. */
    DC2026("/mesure_synchrone_auto/v2/consommation_quotidienne", "/mesure_synchrone_auto/v2/courbe_de_charge_consommation",
            "/mesure_synchrone_auto/v2/puissance_conso_max_quotidienne", "pointId", "dateDebut", "dateFin");

    final String dailyPath;
    final String loadCurvePath;
    final String maxPowerPath;
    final String pointParam;
    final String startParam;
    final String endParam;

    EnedisApi(String dailyPath, String loadCurvePath, String maxPowerPath, String pointParam, String startParam,
              String endParam) {
        this.dailyPath = dailyPath;
        this.loadCurvePath = loadCurvePath;
        this.maxPowerPath = maxPowerPath;
        this.pointParam = pointParam;
        this.startParam = startParam;
        this.endParam = endParam;
    }

    public String dailyPath() {
        return dailyPath;
    }

    public String loadCurvePath() {
        return loadCurvePath;
    }

    public String maxPowerPath() {
        return maxPowerPath;
    }

    public String pointParam() {
        return pointParam;
    }

    public String startParam() {
        return startParam;
    }

    public String endParam() {
        return endParam;
    }
}
