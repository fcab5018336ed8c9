package org.ecofoyer.ingest;

import org.ecofoyer.storage.TestServices;

/** Test services from scripts/test.sh: required there and in CI, skipped loudly elsewhere ({@link TestServices}). */
public final class TestEnv {
    private TestEnv() {
    }

    public static String require(String variable) {
        return TestServices.require(variable);
    }
}
