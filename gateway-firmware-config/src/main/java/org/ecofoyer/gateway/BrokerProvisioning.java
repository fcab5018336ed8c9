package org.ecofoyer.gateway;

/**
 * Where a gateway's broker account lives the moment it is registered, given a new secret or removed: nowhere but the
 * registry ({@link #FILES}: the broker reads {@code gateway export-mosquitto}'s files at its next reload), or the
 * broker itself, at once ({@link DynamicSecurity}). {@link Onboarding} calls it inside the registry's transaction, so a
 * broker that refuses or does not answer rolls the registration back: the registry never holds a gateway the broker
 * was meant to have and does not.
 */
public interface BrokerProvisioning {
    /** The broker reads the exported password and ACL files: nothing to do now. */
    BrokerProvisioning FILES = new BrokerProvisioning() {
        @Override
        public void create(Gateway gateway, String password) {
        }

        @Override
        public void setPassword(Gateway gateway, String password) {
        }

        @Override
        public void delete(Gateway gateway) {
        }

        @Override
        public boolean live() {
            return false;
        }
    };

    /** Gives the broker the gateway's account: its password, publishing on its topic only, reading nothing. */
    void create(Gateway gateway, String password);

    /** Replaces the gateway's password; the old one stops working now. */
    void setPassword(Gateway gateway, String password);

    /** Removes the gateway's account; it is disconnected and refused from now on. */
    void delete(Gateway gateway);

    /** Whether the broker has the change once a call returns (else at its next reload of the exported files). */
    boolean live();

    /** The broker refused a change or did not answer: the registry's change is rolled back. */
    final class Failure extends RuntimeException {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
