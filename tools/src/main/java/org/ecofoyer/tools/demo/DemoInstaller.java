package org.ecofoyer.tools.demo;

import java.sql.Connection;
import java.sql.SQLException;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.gateway.Onboarding;

/**
 * The demo's installer and operator accounts (the onboarding page) and a gateway registered for the demo household's
 * Linky, each with a fresh password at every demo start (the gateway's secret rotated), printed like the other demo
 * accounts (issue #14).
 */
public final class DemoInstaller {
    public static final String INSTALLER = "installateur";
    public static final String OPERATOR = "exploitant";
    public static final String GATEWAY = "gw-demo";

    /** What the demo prints. */
    public record SignIns(String installerPassword, String operatorPassword, GatewayRegistry.Secret gateway) {
    }

    private DemoInstaller() {
    }

    /** Run after {@link DemoHousehold#fill} (the gateway feeds its Linky), in one transaction of the caller's. */
    public static SignIns ensure(Connection c, Accounts accounts, Onboarding onboarding) throws SQLException {
        String installer = DemoAccount.withFreshPassword(c, accounts, INSTALLER, Role.INSTALLER, null, "Installateur (démo)");
        String operator = DemoAccount.withFreshPassword(c, accounts, OPERATOR, Role.OPERATOR, null, "Exploitant (démo)");
        GatewayRegistry.Secret gateway = GatewayRegistry.find(c, GATEWAY).isPresent()
                ? onboarding.rotateSecret(c, GATEWAY)
                : onboarding.addGateway(c, new Onboarding.NewGatewayRequest(DemoHousehold.ELECTRICITY, "tasmota", "auto", GATEWAY, null));
        return new SignIns(installer, operator, gateway);
    }
}
