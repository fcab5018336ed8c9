package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestServicesTest {
    @Test
    void aMissingServiceFailsInCiAndUnderTheTestScript() {
        assertThatThrownBy(() -> TestServices.require("ECO_TEST_X", TestServices.env(Map.of("CI", "true"))))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("ECO_TEST_X");
        assertThatThrownBy(() -> TestServices.require("ECO_TEST_X", TestServices.env(Map.of("ECO_TEST_REQUIRE_ALL", "1"))))
                .isInstanceOf(AssertionFailedError.class);
    }

    @Test
    void elsewhereItSkipsAndAPresentOneIsReturned() {
        assertThatThrownBy(() -> TestServices.require("ECO_TEST_X", TestServices.env(Map.of())))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> TestServices.require("ECO_TEST_X", TestServices.env(Map.of("ECO_TEST_X", " "))))
                .isInstanceOf(TestAbortedException.class);
        assertThat(TestServices.require("ECO_TEST_X", TestServices.env(Map.of("ECO_TEST_X", "tcp://h:1", "CI", "true"))))
                .isEqualTo("tcp://h:1");
    }
}
