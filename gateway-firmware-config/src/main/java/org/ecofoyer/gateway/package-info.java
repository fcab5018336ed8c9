/** The gateway registry (which gateway feeds which meter, its MQTT credentials and . */
package org.ecofoyer.gateway;
