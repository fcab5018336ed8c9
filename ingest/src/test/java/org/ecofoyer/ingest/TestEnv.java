package org.ecofoyer.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test services from scripts/test.sh: skipped loudly when absent. */
public final class TestEnv {
    private TestEnv() {
    }

    public static String require(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            System.err.println("WARNING: " + variable + " is not set: skipping (run through scripts/test.sh)");
        }
        assumeTrue(v != null && !v.isBlank(), variable + " is not set (run through scripts/test.sh)");
        return v;
    }
}
