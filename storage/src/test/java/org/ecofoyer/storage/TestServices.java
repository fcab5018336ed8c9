package org.ecofoyer.storage;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The services a test needs from {@code scripts/test.sh} (a broker, TimescaleDB, Chromium, socat...), named by their
 * {@code ECO_TEST_*} variables. Outside the script a missing one skips the test, loudly; under the script or in CI
 * ({@code ECO_TEST_REQUIRE_ALL=1}, which the script sets, or {@code CI=true}) it fails the test: a service that did not
 * start must turn the build red, never silently green.
 */
public final class TestServices {
    private TestServices() {
    }

    /** The value of {@code variable}; absent, the test fails (CI, the test script) or is skipped (elsewhere). */
    public static String require(String variable) {
        return require(variable, System::getenv);
    }

    /** Several at once, in order. */
    public static String[] require(String... variables) {
        String[] out = new String[variables.length];
        for (int i = 0; i < variables.length; i++) {
            out[i] = require(variables[i]);
        }
        return out;
    }

    static String require(String variable, Function<String, String> env) {
        String v = env.apply(variable);
        if (v != null && !v.isBlank()) {
            return v;
        }
        String why = variable + " is not set (scripts/test.sh starts the service and sets it)";
        if (required(env)) {
            Assertions.fail("a required test service is missing: " + why);
        }
        System.err.println("WARNING: " + why + ": test SKIPPED");
        Assumptions.abort(why);
        return null;
    }

    static boolean required(Function<String, String> env) {
        return "1".equals(env.apply("ECO_TEST_REQUIRE_ALL")) || "true".equalsIgnoreCase(env.apply("CI"));
    }

    /** For tests of this class. */
    static Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }
}
