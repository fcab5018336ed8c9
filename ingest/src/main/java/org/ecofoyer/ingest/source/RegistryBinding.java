package org.ecofoyer.ingest.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.Periodic;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.gateway.GatewayRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link GatewayDirectory} in step with the gateway registry without a restart: the gateways of the
 * configuration ({@code ingest.gateways}) plus the registered ones, read at start and then every few seconds (a
 * gateway registered, rotated or removed with {@code ecofoyer gateway ...} — by another process, on the same database —
 * takes effect within one period). A topic in both keeps the configuration's binding, with a warning. When the database
 * cannot be read the directory keeps what it had: a registry outage must not turn every gateway away.
 */
public final class RegistryBinding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBinding.class);

    private final DataSource dataSource;
    private final List<GatewayConfig> configured;
    private final GatewayDirectory directory;
    private final Periodic schedule = new Periodic("ingest-gateway-registry", Duration.ofSeconds(5));
    private final Set<String> warnedClashes = new HashSet<>();
    private Map<String, GatewayConfig> current = Map.of();
    private boolean failing;

    public RegistryBinding(DataSource dataSource, List<GatewayConfig> configured, GatewayDirectory directory) {
        this.dataSource = dataSource;
        this.configured = List.copyOf(configured);
        this.directory = directory;
    }

    /** Reads the registry now (so that the first MQTT message already finds its gateway), then every {@code every}. */
    public RegistryBinding start(Duration every) {
        reload();
        schedule.start(every, every, this::reload);
        return this;
    }

    /** Reads the registry and replaces the directory's content when it changed. */
    public synchronized void reload() {
        List<GatewayConfig> registered;
        try {
            registered = GatewayRegistry.configs(dataSource);
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("gateway registry: cannot read it ({}); the gateways known so far stay bound until it can", e.toString());
            }
            failing = true;
            return;
        }
        if (failing) {
            LOG.info("gateway registry: readable again");
            failing = false;
        }
        Map<String, GatewayConfig> next = merge(configured, registered);
        if (!next.equals(current)) {
            for (String topic : next.keySet()) {
                if (!current.containsKey(topic)) {
                    LOG.info("gateway registry: {} bound to meter {} ({})", topic, next.get(topic).meter(), next.get(topic).format().wireName());
                }
            }
            for (String topic : current.keySet()) {
                if (!next.containsKey(topic)) {
                    LOG.info("gateway registry: {} unbound (gateway removed); its messages are refused from now on", topic);
                }
            }
            directory.replace(new ArrayList<>(next.values()));
            current = next;
        }
    }

    /** The configuration's gateways, then the registered ones whose topic the configuration does not bind. */
    private Map<String, GatewayConfig> merge(List<GatewayConfig> fromConfig, List<GatewayConfig> registered) {
        Map<String, GatewayConfig> out = new LinkedHashMap<>();
        for (GatewayConfig g : fromConfig) {
            out.put(g.topic(), g);
        }
        for (GatewayConfig g : registered) {
            GatewayConfig there = out.putIfAbsent(g.topic(), g);
            if (there != null && !there.equals(g) && warnedClashes.add(g.topic())) {
                LOG.warn("gateway registry: topic {} is bound to meter {} by ingest.gateways and to meter {} by the registry;"
                        + " the configuration's binding is kept (remove one of them)", g.topic(), there.meter(), g.meter());
            }
        }
        return out;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
