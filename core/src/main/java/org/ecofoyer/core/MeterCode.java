package org.ecofoyer.core;

/**
 * A meter's public code in Ecofoyer (the {@code meter.code} column; {@code --meter-id} on the command line; the meter
 * of every reading): for a Linky usually its serial or PRM. Any text except empty or blank, or with a control
 * character.
 */
public record MeterCode(String value) {
    public MeterCode {
        Ids.check("meter code", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
