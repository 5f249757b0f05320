package io.nhp.agent.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingComputeTest {

    static final String TEXT = "Phones compute while their owners sleep.";
    static MiniLm model;
    static EmbeddingCompute compute;

    @BeforeAll
    static void load() {
        model = MiniLm.load();
        compute = new EmbeddingCompute(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theOutputIsTheInProcessModelsVectorBitForBit() {
        // given
        float[] expected = model.embed(TEXT);
        // when
        Output output = compute.run(new Work("embeddings", TEXT, MiniLm.MODEL_ID));
        // then
        assertThat(output.succeeded()).isTrue();
        float[] got = Vectors.fromBase64(output.output());
        assertThat(got).hasSize(MiniLm.DIMENSIONS);
        for (int i = 0; i < got.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
        assertThat(output.output()).isEqualTo(Vectors.toBase64(expected));
        assertThat(output.seconds()).isPositive();
    }

    @Test
    void theOutputHashIsTheSha256OfTheOutputsLittleEndianBytes() throws Exception {
        // when
        Output output = compute.run(new Work("embeddings", TEXT, null));
        // then: computed independently of Vectors, from the Base64 the broker receives
        byte[] bytes = Base64.getDecoder().decode(output.output());
        assertThat(bytes).hasSize(MiniLm.DIMENSIONS * 4);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(output.outputHash()).isEqualTo(sha256).matches("[0-9a-f]{64}");
        assertThat(output.outputHash()).isEqualTo("c8a5d9125ce6e86b31b1568d63119dc23ddd4be2ff1e0142d9fa8d0f0fac344d");
    }

    @Test
    void anOlderTaskTypeWithoutInputFails() {
        // when
        Output output = compute.run(new Work("inference_text", null, null));
        // then
        assertThat(output.succeeded()).isFalse();
        assertThat(output.output()).isNull();
        assertThat(output.outputHash()).isNull();
        assertThat(output.reason()).contains("inference_text");
    }

    @Test
    void anotherModelOrABlankTextFails() {
        // when
        Output otherModel = compute.run(new Work("embeddings", TEXT, "text-embedding-3-small"));
        Output blank = compute.run(new Work("embeddings", "   ", MiniLm.MODEL_ID));
        // then
        assertThat(otherModel.succeeded()).isFalse();
        assertThat(otherModel.reason()).contains("text-embedding-3-small");
        assertThat(blank.succeeded()).isFalse();
        assertThat(blank.outputHash()).isNull();
    }
}
