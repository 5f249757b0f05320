package io.nhp.jobs.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.nhp.embeddings.MiniLm;
import io.nhp.jobs.api.TestDevices;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), configured only with our base URL and a partner
 * token as its API key, works unchanged against {@code /v1}: embeddings of one text and of a list (base64, the SDK's
 * default, and float), the models listed, and refusals as the SDK's own typed exceptions.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OpenAiSdkIT {

    private static final List<String> TEXTS = List.of(OpenAiEmbeddingsIT.TEXT, "a second text",
            "Ein dritter Text, auf Deutsch.");
    /** OpenAI's own model, which this API does not serve. */
    private static final String NOT_SERVED = "text-embedding-3-small";
    private static final ExecutorService PHONES = Executors.newFixedThreadPool(2);

    @TestHTTPResource("/v1")
    URL baseUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        TestDevices.seedTaskTypesOnce(bootstrapServers);
        // partner "openai" has no phone: the in-process fallback answers within the default budget
        client = sdk("test-openai-token");
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @AfterAll
    static void stopPhones() {
        PHONES.shutdownNow();
    }

    @Test
    void shouldEmbedOneTextAsTheInProcessModelDoesWithTheSdksDefaults() {
        // when the SDK asks as it does by default (base64 on the wire, decoded by the SDK)
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(MiniLm.MODEL_ID).input(OpenAiEmbeddingsIT.TEXT).build());

        // then one vector, bit for bit the model's, and the tokens counted
        assertThat(response.model()).isEqualTo(MiniLm.MODEL_ID);
        assertThat(response.data()).hasSize(1);
        Embedding embedding = response.data().get(0);
        assertThat(embedding.index()).isZero();
        assertThat(embedding.embeddingValue().isBase64()).as("the SDK asked base64 by default").isTrue();
        assertThat(embedding.embedding()).containsExactlyElementsOf(boxed(model().embed(OpenAiEmbeddingsIT.TEXT)));
        assertThat(response.usage().promptTokens()).isEqualTo(model().tokens(OpenAiEmbeddingsIT.TEXT)).isPositive();
        assertThat(response.usage().totalTokens()).isEqualTo(response.usage().promptTokens());
    }

    @Test
    void shouldEmbedAListInOrderInBase64AndInFloat() {
        List<List<Float>> expected = TEXTS.stream().map(text -> boxed(model().embed(text))).toList();
        for (EmbeddingCreateParams.EncodingFormat format : List.of(EmbeddingCreateParams.EncodingFormat.BASE64,
                EmbeddingCreateParams.EncodingFormat.FLOAT)) {
            // when the SDK asks for the list's embeddings in this format
            CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model(MiniLm.MODEL_ID).inputOfArrayOfStrings(TEXTS).encodingFormat(format).build());

            // then one vector per text, at its index, each the model's (384 floats; float JSON round-trips exactly)
            assertThat(response.data()).extracting(Embedding::index).containsExactly(0L, 1L, 2L);
            assertThat(response.data()).allSatisfy(e -> assertThat(e.embeddingValue().isBase64())
                    .isEqualTo(format == EmbeddingCreateParams.EncodingFormat.BASE64));
            assertThat(response.data()).extracting(Embedding::embedding).allSatisfy(v -> assertThat(v)
                    .hasSize(MiniLm.DIMENSIONS));
            assertThat(response.data()).extracting(Embedding::embedding).containsExactlyElementsOf(expected);
            assertThat(response.usage().promptTokens())
                    .isEqualTo(TEXTS.stream().mapToLong(text -> model().tokens(text)).sum());
        }
    }

    @Test
    void shouldServeAPhonesAnswerThroughTheSdk() throws Exception {
        // given two eligible phones of distinct owners that run the model on what they are leased
        List<Future<?>> phones = List.of(
                PHONES.submit(() -> TestDevices.computeOne(bootstrapServers, "openai-phones", model())),
                PHONES.submit(() -> TestDevices.computeOne(bootstrapServers, "openai-phones", model())));
        TestDevices.awaitOpenPolls(2); // their first long polls are waiting

        // when the SDK asks, naming a 10 s budget through the SDK's own additional-header option
        OpenAIClient phonesPartner = sdk("test-openai-phones-token");
        try {
            var response = phonesPartner.embeddings().withRawResponse().create(EmbeddingCreateParams.builder()
                    .model(MiniLm.MODEL_ID).input(OpenAiEmbeddingsIT.TEXT)
                    .putAdditionalHeader(EmbeddingsResource.BUDGET_HEADER, "10000").build());

            // then the phones' agreed vector, bit for bit the model's, and the header says who served
            assertThat(response.headers().values(EmbeddingsResource.SERVED_BY_HEADER)).containsExactly("phones");
            assertThat(response.parse().data().get(0).embedding())
                    .containsExactlyElementsOf(boxed(model().embed(OpenAiEmbeddingsIT.TEXT)));
        } finally {
            phonesPartner.close();
        }
        for (Future<?> phone : phones) {
            phone.get();
        }
    }

    @Test
    void shouldListTheModel() {
        assertThat(client.models().list().data()).extracting(Model::id).containsExactly(MiniLm.MODEL_ID);
        assertThat(client.models().list().data().get(0).ownedBy()).isEqualTo("nhp");
    }

    @Test
    void shouldRefuseAnUnknownModelAsTheSdksNotFoundInOpenAisErrorShape() {
        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
                .model(NOT_SERVED).input("x").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                    assertThat(e.type()).contains("invalid_request_error");
                    assertThat(e.getMessage()).contains("text-embedding-3-small");
                });
    }

    @Test
    void shouldRefuseABadKeyAsTheSdksUnauthorized() {
        OpenAIClient stranger = sdk("sk-not-a-partner-token");
        try {
            assertThatThrownBy(() -> stranger.embeddings().create(EmbeddingCreateParams.builder()
                    .model(MiniLm.MODEL_ID).input("x").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.code()).contains("invalid_api_key");
                        assertThat(e.type()).contains("invalid_request_error");
                    });
            assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
    }

    /** The SDK exactly as a partner would configure it: our base URL and its token as the API key, nothing else. */
    private OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey(apiKey).build();
    }

    private static List<Float> boxed(float[] vector) {
        java.util.ArrayList<Float> list = new java.util.ArrayList<>(vector.length);
        for (float value : vector) {
            list.add(value);
        }
        return list;
    }

    private static MiniLm model() {
        return OpenAiEmbeddingsIT.model();
    }

}
