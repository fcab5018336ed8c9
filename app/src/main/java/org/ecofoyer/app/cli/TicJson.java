package org.ecofoyer.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecofoyer.drivers.tic.TicFrame;

/**
 * The {@code tic decode} output contract, one JSON object a line: {@code mode}, {@code groups} (label → data exactly as
 * sent, valid groups only), {@code horodates} (label → ISO-8601, with offset when the season gives one),
 * {@code invalid_groups}.
 */
final class TicJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TicJson() {
    }

    static String line(TicFrame f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mode", f.mode().wireName());
        ObjectNode groups = o.putObject("groups");
        f.groups().forEach(groups::put);
        ObjectNode horodates = o.putObject("horodates");
        f.horodates().forEach((label, h) -> horodates.put(label, h.iso()));
        o.put("invalid_groups", f.invalidGroups());
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and numbers always serialise
        }
    }
}
