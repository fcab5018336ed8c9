package org.ecofoyer.drivers.utility.grdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.Samples;
import org.junit.jupiter.api.Test;

class GrdfParserTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void informativeSampleGivesVolumeInLitresEnergyInWhAndTheCoefficientAtSixOClockLocal() {
        String line = Samples.read(Samples.GRDF_INFORMATIVES).strip();
        GrdfParser.Record rec = (GrdfParser.Record) GrdfParser.line(line);
        GasConsumption g = GrdfParser.consumption(rec.json());
        assertThat(g.gasDay()).isEqualTo(LocalDate.of(2021, 8, 16));
        assertThat(g.status()).isEqualTo("Provisoire");
        assertThat(g.isDaily()).isTrue();
        // 2021-08-16T06:00:00+02:00 is 04:00 UTC; 1 m³ = 1000 L; 8 kWh = 8000 Wh; 11.16 kWh/m³ = 11160 Wh/m³
        Instant six = Instant.parse("2021-08-16T04:00:00Z");
        assertThat(GrdfParser.readings("gas-1", g, PARIS)).containsExactly(
                new Reading("gas-1", six, "gas.volume.daily", 1000),
                new Reading("gas-1", six, "gas.energy.daily", 8000),
                new Reading("gas-1", six, "gas.conversion.daily", 11160));
    }

    @Test
    void publishedSampleIsAPeriodRecordKeptWhole() {
        GrdfParser.Record rec = (GrdfParser.Record) GrdfParser.line(Samples.read(Samples.GRDF_PUBLISHED).strip());
        GasConsumption g = GrdfParser.consumption(rec.json());
        assertThat(g.volumeM3()).isEqualByComparingTo(new BigDecimal("180"));
        assertThat(g.energyKWh()).isEqualByComparingTo(new BigDecimal("2032"));
        assertThat(g.conversion()).isEqualByComparingTo(new BigDecimal("11.29"));
        assertThat(g.status()).isEqualTo("Définitive");
        assertThat(g.gasDay()).isNull();
        assertThat(g.isDaily()).isFalse();
        // 22 gas days: not a daily value, so no daily reading is made of it
        assertThat(GrdfParser.readings("gas-1", g, PARIS)).isEmpty();
    }

    @Test
    void accessRightsSampleHasOneRightThenASuccessStatusLine() {
        List<String> lines = Samples.read(Samples.GRDF_ACCESS_RIGHTS).lines().toList();
        assertThat(lines).hasSize(2);
        AccessRight right = GrdfParser.accessRight(((GrdfParser.Record) GrdfParser.line(lines.get(0))).json());
        assertThat(right).isEqualTo(new AccessRight("GI000000", "Active", true, true, LocalDate.of(2020, 1, 1),
                LocalDate.of(2025, 1, 1), LocalDate.of(2030, 1, 1)));
        assertThat(right.isActive()).isTrue();
        GrdfParser.Status status = (GrdfParser.Status) GrdfParser.line(lines.get(1));
        assertThat(status.ok()).isTrue();
        assertThat(status.message()).isEqualTo("L'opération s'est déroulée avec succès.");
    }

    @Test
    void aRestitutionStatusIsARefusalEvenWithoutHttpError() {
        GrdfParser.Line l = GrdfParser.line("{\"pce\":{\"id_pce\":\"1\"},\"consommation\":null,"
                + "\"statut_restitution\":{\"code\":\"1000\",\"message\":\"Absence de droit d'accès\"}}");
        assertThat(l).isEqualTo(new GrdfParser.Refusal("1000", "Absence de droit d'accès"));
        assertThat(GrdfClient.refusal((GrdfParser.Refusal) l, "1", "").kind().name()).isEqualTo("CONSENT_MISSING");
        assertThat(GrdfClient.refusal(new GrdfParser.Refusal("1001", "Aucune donnée disponible sur la période"), "1", "")
                .kind().name()).isEqualTo("NO_DATA");
        assertThat(GrdfClient.refusal(new GrdfParser.Refusal("1003", "Droit d'accès révoqué"), "1", "").kind().name())
                .isEqualTo("CONSENT_EXPIRED");
    }

    @Test
    void brokenLinesAreRefusedWithAReason() {
        assertThatThrownBy(() -> GrdfParser.line("{\"pce\": {\"id_pce\": ")).isInstanceOf(IllegalArgumentException.class);
        GrdfParser.Record rec = (GrdfParser.Record) GrdfParser.line("{\"consommation\":{\"date_debut_consommation\":\"x\"}}");
        assertThatThrownBy(() -> GrdfParser.consumption(rec.json())).hasMessageContaining("date_debut_consommation");
    }
}
