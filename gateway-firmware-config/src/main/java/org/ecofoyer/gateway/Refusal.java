package org.ecofoyer.gateway;

/**
 * Onboarding input refused (an unknown household or meter, a taken id or topic, a bad value), with the reason in words
 * an installer acts on: nothing was written. The CLI exits 2 with it, the API answers 400 with it (the same message).
 */
public class Refusal extends IllegalArgumentException {
    public Refusal(String message) {
        super(message);
    }

    /** What was named does not exist (a household, meter or gateway looked up by its id): the API answers 404. */
    public static final class NotFound extends Refusal {
        public NotFound(String message) {
            super(message);
        }
    }
}
