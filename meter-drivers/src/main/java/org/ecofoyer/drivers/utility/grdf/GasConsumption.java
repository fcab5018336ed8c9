package org.ecofoyer.drivers.utility.grdf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One consumption record of GRDF ADICT ({@code consommation} of an informative or published record).
 *
 * @param start        {@code date_debut_consommation} (06:00 local on a gas day)
 * @param end          {@code date_fin_consommation}
 * @param gasDay       {@code journee_gaziere}, for daily records; {@code null} for periodic (published) ones
 * @param volumeM3     {@code volume_brut}, m³
 * @param energyKWh    {@code energie}, kWh; {@code null} when not computed yet
 * @param conversion   {@code coeff_calcul.coeff_conversion}, kWh/m³; {@code null} when absent
 * @param status       {@code statut_conso}: Provisoire, Définitive...
 * @param kind         {@code type_conso}: "Informative Journalier", "Publiée"...
 */
public record GasConsumption(OffsetDateTime start, OffsetDateTime end, LocalDate gasDay, BigDecimal volumeM3,
                             BigDecimal energyKWh, BigDecimal conversion, String status, String kind) {

    /** Whether the record covers exactly one gas day (06:00 to 06:00 the next day). */
    public boolean isDaily() {
        return start.toLocalDate().plusDays(1).equals(end.toLocalDate());
    }
}
