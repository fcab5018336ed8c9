package org.ecofoyer.core;

/**
 * The canonical channel names: the contract between drivers, ingest, aggregation and the dashboard. A channel name
 * says what a reading's value means and in which integer unit. Names are stable: they are stored in the database
 * ({@code reading.channel}). How a TIC frame's labels project onto them is the drivers' business ({@code TicLabel},
 * {@code TicFrame}); the names themselves live here, once.
 *
 * <h2>Cumulative indexes (Wh, never decrease except on meter reset/replacement)</h2>
 * <ul>
 *   <li>{@code index.total}: total consumed energy (standard EAST; historique: the sum of the option's registers).</li>
 *   <li>{@code index.<REGISTER>}: one tariff register. Historique labels map to named periods:
 *       BASE → {@code BASE}; HCHC → {@code HC}; HCHP → {@code HP}; EJPHN → {@code EJP_HN}; EJPHPM → {@code EJP_HPM};
 *       BBRHCJB/BBRHPJB/BBRHCJW/BBRHPJW/BBRHCJR/BBRHPJR → {@code TEMPO_BLUE_HC}, {@code TEMPO_BLUE_HP},
 *       {@code TEMPO_WHITE_HC}, {@code TEMPO_WHITE_HP}, {@code TEMPO_RED_HC}, {@code TEMPO_RED_HP}.
 *       Standard registers keep their number (their meaning comes from the supplier calendar):
 *       EASF01..EASF10 → {@code SUPPLIER_01}..{@code SUPPLIER_10}; EASD01..EASD04 → {@code DISTRIBUTOR_01}..{@code DISTRIBUTOR_04}.</li>
 *   <li>{@code index.injected}: energy injected into the grid (standard EAIT), for producers.</li>
 * </ul>
 * <h2>Instantaneous values</h2>
 * <ul>
 *   <li>{@code power.apparent} (VA, PAPP / SINSTS), {@code power.apparent.1..3} (SINSTS1-3),
 *       {@code power.injected} (VA, SINSTI).</li>
 *   <li>{@code power.apparent.mean_1m} / {@code power.apparent.max_1m}: downsampled per-minute mean and max (VA),
 *       stamped at the start of the minute.</li>
 *   <li>{@code current.1..3} (A: IINST or IINST1-3 / IRMS1-3; single-phase uses {@code current.1}),
 *       {@code voltage.1..3} (V, URMS1-3).</li>
 * </ul>
 * <h2>Utility data (daily and interval values, not indexes)</h2>
 * <ul>
 *   <li>{@code energy.daily}: Wh consumed during the local day starting at the reading's instant (Enedis daily).</li>
 *   <li>{@code energy.interval.<minutes>}: Wh consumed during [instant, instant + minutes) (Enedis load curve,
 *       converted from average W; e.g. {@code energy.interval.30}).</li>
 *   <li>{@code power.max.daily}: the day's maximum power (VA), instant = start of the local day.</li>
 *   <li>{@code gas.energy.daily} (Wh) and {@code gas.volume.daily} (litres, i.e. dm³): the gas day starting at the
 *       instant (06:00 local); {@code gas.conversion.daily}: the conversion coefficient in Wh/m³.</li>
 *   <li>{@code water.volume.daily}: litres consumed during the local day starting at the instant.</li>
 * </ul>
 * <h2>What a meter says about itself (#16; never stored in {@code reading})</h2>
 * <ul>
 *   <li>{@code contract.kva}: the subscribed apparent power in kVA (standard PREF; historique ISOUSC, a current, × 200 V,
 *       × 3 on a three-phase meter: Enedis-NOI-CPT_54E §6.1.1 and §6.1.2), {@code contract.option}: the tariff option
 *       ({@link TariffOption#code()}), both stamped with the frame's instant.</li>
 *   <li>{@code power.max.meter} and {@code power.max.meter.1..3}: the meter's own maximum apparent power of a day (VA,
 *       standard SMAXSN / SMAXSN-1 and their per-phase SMAXSN1..3), stamped with the instant the meter gives for it
 *       (its horodate).</li>
 * </ul>
 * Ingest's pipeline takes them out of a message's readings ({@link #isMeterFact}) and keeps them in its own tables,
 * once per change.
 */
public final class Channels {
    public static final String INDEX_PREFIX = "index.";
    public static final String INDEX_TOTAL = "index.total";
    public static final String INDEX_INJECTED = "index.injected";
    public static final String POWER_APPARENT = "power.apparent";
    /** The quantities measured per phase: {@code current.<phase>} (A), {@code voltage.<phase>} (V); see {@link #phase}. */
    public static final String CURRENT = "current";
    public static final String VOLTAGE = "voltage";
    public static final String POWER_INJECTED = "power.injected";
    public static final String POWER_MEAN_1M = "power.apparent.mean_1m";
    public static final String POWER_MAX_1M = "power.apparent.max_1m";
    public static final String ENERGY_DAILY = "energy.daily";
    public static final String ENERGY_INTERVAL_PREFIX = "energy.interval.";
    public static final String POWER_MAX_DAILY = "power.max.daily";
    public static final String GAS_ENERGY_DAILY = "gas.energy.daily";
    public static final String GAS_VOLUME_DAILY = "gas.volume.daily";
    public static final String GAS_CONVERSION_DAILY = "gas.conversion.daily";
    public static final String WATER_VOLUME_DAILY = "water.volume.daily";
    /**
     * The Tempo colour a meter announces for the Tempo day (06:00 → 06:00) under way at the reading's instant
     * ({@code tempo.today}) or for the next one ({@code tempo.tomorrow}): 1 blue, 2 white, 3 red (STGE bits 24-27,
     * the historique Tempo period letter, DEMAIN; {@link TempoColour#code()}). Aggregation turns them into the Tempo calendar.
     */
    public static final String TEMPO_TODAY = "tempo.today";
    public static final String TEMPO_TOMORROW = "tempo.tomorrow";
    /**
     * EJP peak days as a historique EJP meter tells them: 1 while the meter is in a peak period (PTEC {@code PM..},
     * 07:00 → 01:00), 2 when it gives notice of one (PEJP, 30 minutes before 07:00). Aggregation turns them into EJP
     * days.
     */
    public static final String EJP_PEAK = "ejp.peak";
    public static final String CONTRACT_KVA = "contract.kva";
    public static final String CONTRACT_OPTION = "contract.option";
    public static final String POWER_MAX_METER = "power.max.meter";

    private Channels() {
    }

    /** {@code index.<register>}, e.g. {@code index("HP")}. */
    public static String index(String register) {
        return INDEX_PREFIX + register;
    }

    /** {@code index.<period>}: the register of a named period, e.g. {@code index.HP}. */
    public static String index(TariffPeriod period) {
        return INDEX_PREFIX + period.name();
    }

    /** Whether a channel is what a meter says about itself (contract, daily maxima), not a reading to store. */
    public static boolean isMeterFact(String channel) {
        return channel.startsWith("contract.") || channel.startsWith(POWER_MAX_METER);
    }

    public static boolean isIndex(String channel) {
        return channel.startsWith(INDEX_PREFIX);
    }

    /** {@code power.apparent.<phase>}, {@code current.<phase>}, {@code voltage.<phase>} for phases 1 to 3. */
    public static String phase(String quantity, int phase) {
        return quantity + "." + phase;
    }
}
