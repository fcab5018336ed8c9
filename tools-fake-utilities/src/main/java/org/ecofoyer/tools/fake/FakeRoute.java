package org.ecofoyer.tools.fake;

/** The endpoints of the fake utility server, for scripting faults and counting requests. */
public enum FakeRoute {
    GRDF_TOKEN, GRDF_INFORMATIVES, GRDF_PUBLISHED, GRDF_ACCESS_RIGHTS, GRDF_CONTRACT,
    ENEDIS_TOKEN, ENEDIS_DAILY, ENEDIS_LOAD_CURVE, ENEDIS_MAX_POWER, ENEDIS_CONTRACT,
    TELEO_AUTHORIZE, TELEO_TOKEN, TELEO_CONTRACTS, TELEO_DAILY
}
