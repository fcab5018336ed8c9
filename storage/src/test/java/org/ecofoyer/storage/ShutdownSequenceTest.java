package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {
    private final ShutdownSequence sequence = new ShutdownSequence();

    @Test
    void stopsRunLastRegisteredFirstAndAnUnregisteredStopDoesNot() {
        List<String> ran = new ArrayList<>();
        sequence.register("database", () -> ran.add("database"));
        ShutdownSequence.Registration closedByItsOwner = sequence.register("closed", () -> ran.add("closed"));
        sequence.register("failing", () -> {
            throw new IllegalStateException("boom");
        });
        sequence.register("services", () -> ran.add("services"));
        closedByItsOwner.close();

        sequence.runAll();

        assertThat(ran).containsExactly("services", "database");
    }

    @Test
    void aStopMayUnregisterAnotherWhileTheSequenceRuns() {
        List<String> ran = new ArrayList<>();
        ShutdownSequence.Registration database = sequence.register("database", () -> ran.add("database by its own stop"));
        // the product's lifecycle stops the database itself, last, and unregisters it
        sequence.register("lifecycle", () -> {
            ran.add("services");
            database.close();
            ran.add("database by the lifecycle");
        });

        sequence.runAll();

        assertThat(ran).containsExactly("services", "database by the lifecycle");
    }
}
