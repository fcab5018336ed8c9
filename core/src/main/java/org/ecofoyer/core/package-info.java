/**
 * The core model every module shares, typed and validated once: what a meter measures ({@link org.ecofoyer.core.Fluid}),
 * what kind of meter it is ({@link org.ecofoyer.core.MeterKind}), its tariff option and periods
 * ({@link org.ecofoyer.core.TariffOption}, {@link org.ecofoyer.core.TariffPeriod}), Tempo colours
 * ({@link org.ecofoyer.core.TempoColour}), the names of reading channels ({@link org.ecofoyer.core.Channels}), and the
 * ids and records the database hands out ({@link org.ecofoyer.core.HouseholdId}, {@link org.ecofoyer.core.MeterCode},
 * {@link org.ecofoyer.core.Household}, {@link org.ecofoyer.core.Meter}). Pure Java: no JDBC, no Vert.x, no dependency; every other module depends on it.
 */
package org.ecofoyer.core;
