package org.ecofoyer.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.tic.TicModeSetting;

/**
 * Builds the immutable {@link EcofoyerConfig} at the edge: YAML file (optional), then {@code ECOFOYER_*}
 * environment variables, then validation. Every problem names the key and the expected form.
 */
public final class ConfigLoader {
    static final String ENV_PREFIX = "ECOFOYER_";

    private final ObjectMapper yaml;

    public ConfigLoader() {
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer())
                // Values spelled in lower case in the file become the drivers' enums here, once: nothing parses them later.
                .addDeserializer(GatewayFormat.class, new NamedDeserializer<>(GatewayFormat.class, GatewayFormat::parse))
                .addDeserializer(TicModeSetting.class, new NamedDeserializer<>(TicModeSetting.class, TicModeSetting::parse))
                .addDeserializer(ZoneId.class, new NamedDeserializer<>(ZoneId.class, ConfigLoader::zone));
        this.yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(durations);
    }

    /** Loads from an optional file and the given environment. */
    public EcofoyerConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : readFile(file);
        applyEnvironment(tree, env);
        try {
            return yaml.treeToValue(tree, EcofoyerConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String key = path(e);
            throw new ConfigException("unknown configuration key '" + key + "'; known keys here: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (ValueInstantiationException e) {
            String msg = rootMessage(e);
            Matcher m = Pattern.compile("^([a-zA-Z]+): (.*)$", Pattern.DOTALL).matcher(msg);
            String section = path(e);
            if (m.matches()) {
                String key = (section.isEmpty() ? "" : section + ".") + kebab(m.group(1));
                throw new ConfigException("bad value for configuration key '" + key + "': " + m.group(2));
            }
            throw new ConfigException("bad value in configuration section '" + section + "': " + msg);
        } catch (InvalidFormatException e) {
            throw new ConfigException("bad value for configuration key '" + path(e) + "': expected "
                    + describe(e.getTargetType()) + ", got '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            throw new ConfigException("bad value for configuration key '" + path(e) + "': expected "
                    + describe(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new ConfigException("bad configuration: " + e.getOriginalMessage());
        }
    }

    private ObjectNode readFile(Path file) {
        try {
            JsonNode node = yaml.readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("configuration file " + file + " must be a YAML mapping of keys to values");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    /** Known keys as {@code ENV_NAME -> dotted.path}, from the records themselves. */
    public static Map<String, String> environmentKeys() {
        Map<String, String> keys = new TreeMap<>();
        collect(EcofoyerConfig.class, "", keys);
        return keys;
    }

    private static void collect(Class<?> type, String prefix, Map<String, String> out) {
        for (RecordComponent rc : type.getRecordComponents()) {
            String path = prefix + kebab(rc.getName());
            if (java.util.Collection.class.isAssignableFrom(rc.getType()) || Map.class.isAssignableFrom(rc.getType())) {
                continue; // lists and maps (ingest.gateways, ...) are set in the YAML file only
            }
            if (rc.getType().isRecord()) {
                collect(rc.getType(), path + ".", out);
            } else {
                out.put(ENV_PREFIX + path.toUpperCase().replace('.', '_').replace('-', '_'), path);
            }
        }
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        Map<String, String> known = environmentKeys();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX) || e.getKey().equals("ECOFOYER_LOG_LEVEL")) {
                continue;
            }
            String path = known.get(e.getKey());
            if (path == null) {
                throw new ConfigException("unknown configuration variable " + e.getKey() + "; known variables: "
                        + String.join(", ", known.keySet()) + ", ECOFOYER_LOG_LEVEL");
            }
            String[] parts = path.split("\\.");
            ObjectNode node = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 500ms, 10s, 5m, 2h or PT10S";
        }
        if (type == GatewayFormat.class) {
            return oneOf(Stream.of(GatewayFormat.values()).map(GatewayFormat::wireName));
        }
        if (type == TicModeSetting.class) {
            return oneOf(Stream.of(TicModeSetting.values()).map(TicModeSetting::wireName));
        }
        if (type == ZoneId.class) {
            return "a time zone such as Europe/Paris";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isRecord()) {
            return "a mapping of keys to values";
        }
        return "a " + type.getSimpleName().toLowerCase();
    }

    private static String oneOf(Stream<String> names) {
        String all = names.collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (java.time.DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("not a time zone such as Europe/Paris");
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 3d} or ISO-8601 {@code PT10S}; null if neither. */
    public static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Accepts {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 3d} and ISO-8601 {@code PT10S}. */
    static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            Duration d = text == null ? null : parseDuration(text);
            if (d != null) {
                return d;
            }
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "not a duration");
        }
    }

    /** A value read by its type's own parser (the name used in configuration), e.g. {@code tasmota}, {@code historique}. */
    static final class NamedDeserializer<T> extends StdScalarDeserializer<T> {
        private final transient Function<String, T> parse;

        NamedDeserializer(Class<T> type, Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                return (T) ctxt.handleWeirdStringValue(handledType(), text, e.getMessage());
            }
        }
    }
}
