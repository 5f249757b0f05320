package io.nhp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every manifest of deploy/k8s is what Kubernetes and Strimzi accept, and the topics are the platform's. */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "Service", Service.class, "Deployment", Deployment.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "PodMonitor", PodMonitor.class,
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class);

    @Test
    void shouldParseEveryManifestIntoTheModelClassesWithoutUnknownFields() throws IOException {
        List<HasMetadata> resources = resources();

        assertThat(resources).extracting(HasMetadata::getKind).contains("Namespace", "Kafka", "KafkaNodePool",
                "KafkaTopic", "ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler", "PodMonitor");
        for (HasMetadata resource : resources) {
            assertThat(unknownFields(resource, "", new IdentityHashMap<>()))
                    .as(resource.getKind() + " " + resource.getMetadata().getName()).isEmpty();
            assertThat(resource.getMetadata().getNamespace() == null || "nhp".equals(resource.getMetadata().getNamespace()))
                    .as(resource.getKind() + " " + resource.getMetadata().getName() + " namespace").isTrue();
        }
    }

    @Test
    void shouldDeclareExactlyTheContractsTopicsWithTheirPartitionsAndConfigs() throws IOException {
        Map<String, KafkaTopic> declared = new LinkedHashMap<>();
        resources().stream().filter(KafkaTopic.class::isInstance).map(KafkaTopic.class::cast)
                .forEach(topic -> declared.put(topic.getSpec().getTopicName(), topic));

        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<String, ?> topic : Topics.ALL) {
            KafkaTopic manifest = declared.get(topic.name());
            assertThat(manifest.getSpec().getPartitions()).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(manifest.getSpec().getReplicas()).as(topic.name()).isEqualTo(3);
            Map<String, String> config = new LinkedHashMap<>();
            manifest.getSpec().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
            assertThat(config).as(topic.name()).containsAllEntriesOf(topic.configs()).containsEntry("min.insync.replicas", "2");
            assertThat(manifest.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "nhp");
        }
    }

    @Test
    void shouldProbeScaleAndMonitorEveryService() throws IOException {
        List<HasMetadata> resources = resources();
        List<Deployment> deployments = resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder(
                "pricing-service", "device-registry", "job-broker", "economics-service", "report-service");
        for (Deployment deployment : deployments) {
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(resources).as("Service of " + deployment.getMetadata().getName()).anyMatch(r ->
                    r instanceof Service && r.getMetadata().getName().equals(deployment.getMetadata().getName()));
            assertThat(resources).as("PodMonitor of " + deployment.getMetadata().getName()).anyMatch(r ->
                    r instanceof PodMonitor && r.getMetadata().getName().equals(deployment.getMetadata().getName()));
        }
        assertThat(resources.stream().filter(HorizontalPodAutoscaler.class::isInstance)
                .map(r -> ((HorizontalPodAutoscaler) r).getSpec().getScaleTargetRef().getName()))
                .containsExactly("report-service");
        // pricing-service is the reference topics' single writer: one replica, never autoscaled
        assertThat(deployments).filteredOn(d -> d.getMetadata().getName().equals("pricing-service"))
                .singleElement().satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        Kafka kafka = resources.stream().filter(Kafka.class::isInstance).map(Kafka.class::cast).findFirst().orElseThrow();
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("min.insync.replicas", 2);
        KafkaNodePool pool = resources.stream().filter(KafkaNodePool.class::isInstance).map(KafkaNodePool.class::cast)
                .findFirst().orElseThrow();
        assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
    }

    private static List<HasMetadata> resources() throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode document : YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)
                        .readAll()) {
                    if (document == null || document.isNull() || document.isEmpty()) {
                        continue;
                    }
                    String kind = document.path("kind").asText();
                    Class<? extends HasMetadata> type = KINDS.get(kind);
                    assertThat(type).as(file + ": kind " + kind).isNotNull();
                    resources.add(YAML.treeToValue(document, type));
                }
            }
        }
        return resources;
    }

    /**
     * The model classes keep fields they do not know in {@code additionalProperties} rather than failing: walk the
     * parsed object and name every such field, so that a typo cannot hide.
     */
    private static List<String> unknownFields(Object object, String path, IdentityHashMap<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (object == null || seen.put(object, true) != null || object.getClass().getName().startsWith("java.")) {
            if (object instanceof Collection<?> list) {
                int i = 0;
                for (Object item : list) {
                    unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
                }
            } else if (object instanceof Map<?, ?> map) {
                map.forEach((key, value) -> unknown.addAll(unknownFields(value, path + "." + key, seen)));
            }
            return unknown;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add(path + "." + key));
            } else if (value != null && !(value instanceof Enum<?>) && !(value instanceof Class<?>)) {
                unknown.addAll(unknownFields(value, path + "." + getter.getName(), seen));
            }
        }
        return unknown;
    }
}
