package org.ecofoyer.ingest.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecofoyer.gateway.GatewayConfig;

/**
 * Topic → gateway: exact topics by hash, filters ({@code +}, {@code #}) tried in turn. Replaceable as a whole (the
 * gateway registry will feed it), read without locks.
 */
public final class GatewayDirectory {
    private record Snapshot(Map<String, GatewayConfig> exact, List<GatewayConfig> filters) {
    }

    private volatile Snapshot snapshot;

    public GatewayDirectory(List<GatewayConfig> gateways) {
        replace(gateways);
    }

    public void replace(List<GatewayConfig> gateways) {
        Map<String, GatewayConfig> exact = new HashMap<>();
        List<GatewayConfig> filters = new ArrayList<>();
        for (GatewayConfig g : gateways) {
            if (g.isFilter()) {
                filters.add(g);
            } else {
                exact.put(g.topic(), g);
            }
        }
        snapshot = new Snapshot(exact, filters);
    }

    /** The gateway publishing on {@code topic}, or null. */
    public GatewayConfig find(String topic) {
        Snapshot s = snapshot;
        GatewayConfig g = s.exact.get(topic);
        if (g != null) {
            return g;
        }
        for (GatewayConfig f : s.filters) {
            if (matches(f.topic(), topic)) {
                return f;
            }
        }
        return null;
    }

    public int size() {
        return snapshot.exact.size() + snapshot.filters.size();
    }

    /** MQTT topic filter matching: {@code +} one level, {@code #} the rest. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
