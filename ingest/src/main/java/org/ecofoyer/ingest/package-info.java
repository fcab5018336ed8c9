/** Sources (serial ports, MQTT gateways, utility API sync) into the raw `reading` t. */
package org.ecofoyer.ingest;
