package org.ecofoyer.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    final TrustedProxies proxies = TrustedProxies.parse(List.of("192.0.2.10", "10.0.0.0/8", "fd00::/8", " ::1 "));

    @Test
    void addressesAndRanges() {
        assertThat(proxies.trusts("192.0.2.10")).isTrue();
        assertThat(proxies.trusts("192.0.2.11")).isFalse();
        assertThat(proxies.trusts("10.255.0.1")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.trusts("::ffff:10.1.1.1")).as("an IPv4-mapped IPv6 peer").isTrue();
        assertThat(proxies.trusts("localhost")).as("names are never resolved").isFalse();
        assertThat(TrustedProxies.parse(List.of("172.16.0.0/12")).trusts("172.31.255.255")).isTrue();
        assertThat(TrustedProxies.parse(List.of("172.16.0.0/12")).trusts("172.32.0.0")).isFalse();
        assertThat(TrustedProxies.NONE.trusts("127.0.0.1")).isFalse();
    }

    @Test
    void theClientIsTheRightmostUntrustedHop() {
        assertThat(proxies.client("198.51.100.1", List.of("203.0.113.5"))).as("untrusted peer: header ignored").isEqualTo("198.51.100.1");
        assertThat(proxies.client("192.0.2.10", List.of())).isEqualTo("192.0.2.10");
        assertThat(proxies.client("192.0.2.10", List.of("203.0.113.5"))).isEqualTo("203.0.113.5");
        assertThat(proxies.client("192.0.2.10", List.of("1.2.3.4, 203.0.113.5, 10.0.0.7"))).isEqualTo("203.0.113.5");
        assertThat(proxies.client("192.0.2.10", List.of("1.2.3.4", "203.0.113.5:51234"))).as("two headers, a port").isEqualTo("203.0.113.5");
        assertThat(proxies.client("192.0.2.10", List.of("[2001:db8::7]:443"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(proxies.client("192.0.2.10", List.of("10.0.0.3, 10.0.0.7"))).as("all trusted: the leftmost").isEqualTo("10.0.0.3");
        assertThat(proxies.client("192.0.2.10", List.of("garbage, 10.0.0.7"))).as("not an address: stop at the last trusted hop")
                .isEqualTo("10.0.0.7");
    }

    @Test
    void httpsOnlyFromATrustedProxy() {
        assertThat(proxies.forwardedHttps("198.51.100.1", List.of("https"))).isFalse();
        assertThat(proxies.forwardedHttps("192.0.2.10", List.of("https"))).isTrue();
        assertThat(proxies.forwardedHttps("192.0.2.10", List.of("HTTPS"))).isTrue();
        assertThat(proxies.forwardedHttps("192.0.2.10", List.of("https, http"))).as("the nearest proxy's word").isFalse();
        assertThat(proxies.forwardedHttps("192.0.2.10", List.of())).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.example.org"))).hasMessageContaining("'proxy.example.org'");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("fd00::/129"))).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> new org.ecofoyer.dashboard.DashboardConfig(null, null, null, null, null, null, null, null, List.of("x"), null))
                .hasMessageStartingWith("trustedProxies: ");
    }
}
