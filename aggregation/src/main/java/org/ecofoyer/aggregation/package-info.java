/** Turns raw readings into consumption by half-hour, day, month and year in the hou. */
package org.ecofoyer.aggregation;
