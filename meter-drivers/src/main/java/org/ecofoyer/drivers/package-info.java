/** Pure protocol code and device/API adapters, with no database: the Linky TIC deco. */
package org.ecofoyer.drivers;
