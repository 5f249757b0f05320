package io.nhp.contracttests;

import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.converters.ConsumerRecordConverter;
import io.smallrye.reactive.messaging.kafka.converters.RecordConverter;
import io.smallrye.reactive.messaging.MessageConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * An incoming SmallRye Kafka channel of a service as its {@code application.properties} configures it (the
 * channel's attributes over the connector's defaults) and as its {@code @Incoming} method receives it. It turns
 * a record from the wire into what that method gets, through the connector's own classes: the configured
 * deserializers, {@link IncomingKafkaRecord} (which is where CloudEvents are recognised and unpacked) and the
 * connector's converters to the method's parameter type.
 */
record Channel(String service, String name, String topic, Map<String, String> config, Type parameter) {

    private static final String CONNECTOR = "mp.messaging.connector.smallrye-kafka.";
    private static final List<MessageConverter> CONVERTERS = List.of(new ConsumerRecordConverter(), new RecordConverter());

    /** The payload the channel's method is called with for {@code raw}. */
    Object receive(ConsumerRecord<byte[], byte[]> raw) throws Exception {
        Object key = deserializer("key.deserializer", true).deserialize(topic, raw.headers(), raw.key());
        Object value = deserializer("value.deserializer", false).deserialize(topic, raw.headers(), raw.value());
        var record = new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), key, value, raw.headers(),
                raw.leaderEpoch());
        boolean cloudEvents = Boolean.parseBoolean(config.getOrDefault("cloud-events", "true"));
        Message<?> message = new IncomingKafkaRecord<>(record, name, -1, null, null, cloudEvents, false);
        for (MessageConverter converter : CONVERTERS) {
            if (converter.canConvert(message, parameter)) {
                return converter.convert(message, parameter).getPayload();
            }
        }
        return message.getPayload();
    }

    private Deserializer<?> deserializer(String attribute, boolean isKey) throws Exception {
        String className = config.getOrDefault(attribute, "org.apache.kafka.common.serialization.StringDeserializer");
        var deserializer = (Deserializer<?>) Class.forName(className).getDeclaredConstructor().newInstance();
        deserializer.configure(new HashMap<>(config), isKey);
        return deserializer;
    }

    /** Every incoming Kafka channel of the platform's services. */
    static List<Channel> all(Path root, List<String> services) {
        List<Channel> channels = new ArrayList<>();
        for (String service : services) {
            Properties properties = properties(root.resolve(service).resolve("src/main/resources/application.properties"));
            Map<String, Type> parameters = incomingMethods(root.resolve(service).resolve("target/classes"));
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".connector")
                        && properties.getProperty(key).equals("smallrye-kafka")) {
                    String name = key.substring("mp.messaging.incoming.".length(), key.length() - ".connector".length());
                    Map<String, String> config = new HashMap<>();
                    collect(properties, CONNECTOR, config);
                    collect(properties, "mp.messaging.incoming." + name + ".", config);
                    channels.add(new Channel(service, name, config.getOrDefault("topic", name), config, parameters.get(name)));
                }
            }
        }
        return channels;
    }

    @Override
    public String toString() {
        return service + " channel '" + name + "' (" + topic + ")";
    }

    private static void collect(Properties properties, String prefix, Map<String, String> into) {
        properties.stringPropertyNames().stream().filter(k -> k.startsWith(prefix) && !k.startsWith("%"))
                .forEach(k -> into.put(k.substring(prefix.length()), properties.getProperty(k)));
    }

    private static Properties properties(Path file) {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }

    /** The parameter type of each {@code @Incoming} method among a service's compiled classes, by channel. */
    private static Map<String, Type> incomingMethods(Path classes) {
        Map<String, Type> parameters = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String className = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                for (Method method : Class.forName(className, false, Channel.class.getClassLoader()).getDeclaredMethods()) {
                    Incoming incoming = method.getAnnotation(Incoming.class);
                    if (incoming != null && method.getParameterCount() == 1) {
                        parameters.put(incoming.value(), method.getGenericParameterTypes()[0]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classes, e);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalStateException("cannot load a class of " + classes, e);
        }
        return parameters;
    }
}
