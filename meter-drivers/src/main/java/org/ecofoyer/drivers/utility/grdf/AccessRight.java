package org.ecofoyer.drivers.utility.grdf;

import java.time.LocalDate;

/**
 * One GRDF access right ({@code droits_acces}): the household's consent for a PCE, as GRDF records it.
 *
 * @param pce              {@code id_pce}
 * @param state            {@code etat_droit_acces}: Active, A valider, Révoquée, Obsolète, Refusée...
 * @param informative      {@code perim_donnees_informatives} is "Vrai"
 * @param published        {@code perim_donnees_publiees} is "Vrai"
 * @param consumptionFrom  {@code perim_donnees_conso_debut}: the first day the right covers
 * @param consumptionTo    {@code perim_donnees_conso_fin}
 * @param rightEnds        {@code date_fin_droit_acces}
 */
public record AccessRight(String pce, String state, boolean informative, boolean published, LocalDate consumptionFrom,
                          LocalDate consumptionTo, LocalDate rightEnds) {
    public boolean isActive() {
        return "Active".equalsIgnoreCase(state);
    }
}
