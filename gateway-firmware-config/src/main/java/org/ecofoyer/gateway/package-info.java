/**
 * Gateways: their configuration ({@link org.ecofoyer.gateway.GatewayConfig}) today; the registry (which gateway feeds
 * which meter, its MQTT credentials and topic) and firmware templates to come.
 */
package org.ecofoyer.gateway;
