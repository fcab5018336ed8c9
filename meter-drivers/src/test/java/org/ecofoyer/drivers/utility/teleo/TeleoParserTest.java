package org.ecofoyer.drivers.utility.teleo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.ecofoyer.drivers.Reading;
import org.junit.jupiter.api.Test;

class TeleoParserTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final LocalDate FROM = LocalDate.of(2024, 3, 1);
    private static final LocalDate TO = LocalDate.of(2024, 3, 3);
    private static final Instant MARCH_1 = Instant.parse("2024-02-29T23:00:00Z");
    private static final Instant MARCH_2 = Instant.parse("2024-03-01T23:00:00Z");

    private static TeleoParser.Parsed parse(String body) {
        return TeleoParser.daily("water", body, FROM, TO, PARIS);
    }

    @Test
    void litresWithOneBasedMonthsAsDocumented() {
        TeleoParser.Parsed p = parse("""
                {"postes":[{"data":[{"consommation":312,"annee":2024,"mois":3,"jour":1},
                                    {"consommation":287,"annee":2024,"mois":3,"jour":2}]}],"unites":{"consommation":"l"}}""");
        assertThat(p.readings()).containsExactly(new Reading("water", MARCH_1, "water.volume.daily", 312),
                new Reading("water", MARCH_2, "water.volume.daily", 287));
        assertThat(p.skipped()).isZero();
    }

    @Test
    void cubicMetresAndZeroBasedMonths() {
        TeleoParser.Parsed p = parse("""
                {"postes":[{"data":[{"consommation":0.312,"annee":2024,"mois":2,"jour":1},
                                    {"consommation":0.287,"annee":2024,"mois":2,"jour":2}]}],"unites":{"consommation":"m3"}}""");
        assertThat(p.readings()).extracting(Reading::instant, Reading::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MARCH_1, 312L), org.assertj.core.groups.Tuple.tuple(MARCH_2, 287L));
    }

    @Test
    void missingUnitIsLitresForWholeNumbersAndCubicMetresForDecimals() {
        assertThat(parse("{\"postes\":[{\"data\":[{\"consommation\":312,\"annee\":2024,\"mois\":3,\"jour\":1}]}]}").readings())
                .extracting(Reading::value).containsExactly(312L);
        assertThat(parse("{\"postes\":[{\"data\":[{\"consommation\":0.3,\"annee\":2024,\"mois\":3,\"jour\":1}]}]}").readings())
                .extracting(Reading::value).containsExactly(300L);
    }

    @Test
    void severalPostesAreAddedAndNullValuesSkipped() {
        TeleoParser.Parsed p = parse("""
                {"postes":[{"data":[{"consommation":100,"annee":2024,"mois":3,"jour":1},{"consommation":null,"annee":2024,"mois":3,"jour":2}]},
                           {"data":[{"consommation":50,"annee":2024,"mois":3,"jour":1}]}],"unites":{"consommation":"l"}}""");
        assertThat(p.readings()).containsExactly(new Reading("water", MARCH_1, "water.volume.daily", 150));
        assertThat(p.skipped()).isEqualTo(1);
    }

    @Test
    void everythingElseIsRejectedWithAReason() {
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("{\"data\":[]}")).hasMessageContaining("no 'postes'");
        assertThatThrownBy(() -> parse("{\"postes\":[{\"data\":[{\"consommation\":1,\"annee\":2024,\"mois\":3,\"jour\":1}]}],"
                + "\"unites\":{\"consommation\":\"gal\"}}")).hasMessageContaining("unknown unit 'gal'");
        assertThatThrownBy(() -> parse("{\"postes\":[{\"data\":[{\"consommation\":-4,\"annee\":2024,\"mois\":3,\"jour\":1}]}]}"))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("{\"postes\":[{\"data\":[{\"consommation\":4,\"annee\":2023,\"mois\":7,\"jour\":1}]}]}"))
                .hasMessageContaining("outside the requested period");
        assertThatThrownBy(() -> parse("{\"postes\":[{\"data\":[{\"consommation\":4,\"mois\":3,\"jour\":1}]}]}"))
                .hasMessageContaining("annee");
    }
}
