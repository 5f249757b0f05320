package io.nhp.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmTest {

    /** A text, the SHA-256 of its vector's bytes and its first components, computed once with this model. */
    record Golden(String text, String sha256, float[] head, int tokens) {
    }

    static final List<Golden> GOLDEN = List.of(
            new Golden("The quick brown fox jumps over the lazy dog.",
                    "70acb6dcb370b3e38049af07fb12617d1bc8c2caf46fa1014251867aacc01994",
                    new float[] {0.043933567f, 0.058934376f, 0.04817838f, 0.077548124f}, 10),
            new Golden("Phones compute while their owners sleep.",
                    "c8a5d9125ce6e86b31b1568d63119dc23ddd4be2ff1e0142d9fa8d0f0fac344d",
                    new float[] {-0.014579488f, 0.07588093f, 0.03974908f, -0.051697437f}, 7),
            new Golden("نحن نحسب على الهواتف في الليل.",
                    "5e31cdd2b902e0afa6d6b716b076e7c0643b0a2f93eae71873b06bb1197d14dc",
                    new float[] {0.04766306f, 0.04643027f, 0.055500343f, -0.021505024f}, 25));

    static MiniLm model;

    @BeforeAll
    static void load() {
        model = MiniLm.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void fixedTextsGiveTheirGoldenVectorsBitForBit() {
        for (Golden golden : GOLDEN) {
            // when
            float[] vector = model.embed(golden.text());
            // then
            assertThat(vector).hasSize(MiniLm.DIMENSIONS);
            assertThat(Vectors.sha256Hex(Vectors.toBytes(vector))).as(golden.text()).isEqualTo(golden.sha256());
            for (int i = 0; i < golden.head().length; i++) {
                assertThat(Float.floatToRawIntBits(vector[i])).as(golden.text() + " [" + i + "]")
                        .isEqualTo(Float.floatToRawIntBits(golden.head()[i]));
            }
        }
    }

    @Test
    void vectorsAreUnitNormalized() {
        for (Golden golden : GOLDEN) {
            // when
            float[] vector = model.embed(golden.text());
            // then
            double norm = 0;
            for (float x : vector) {
                norm += (double) x * x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void concurrentCallsGiveTheSameBitsAsOneThread() throws Exception {
        // given
        String text = GOLDEN.get(1).text();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> hashes = new ArrayList<>();
            // when
            for (int i = 0; i < 12; i++) {
                hashes.add(pool.submit(() -> Vectors.sha256Hex(Vectors.toBytes(model.embed(text)))));
            }
            // then
            for (Future<String> hash : hashes) {
                assertThat(hash.get(60, TimeUnit.SECONDS)).isEqualTo(GOLDEN.get(1).sha256());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void embedAllGivesEachTextsVectorInOrder() {
        // given
        List<String> texts = GOLDEN.stream().map(Golden::text).toList();
        // when
        List<float[]> vectors = model.embedAll(texts);
        // then
        assertThat(vectors).hasSize(3);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Vectors.sha256Hex(Vectors.toBytes(vectors.get(i)))).isEqualTo(GOLDEN.get(i).sha256());
        }
    }

    @Test
    void tokensCountsWordPiecesWithoutSpecialMarkers() {
        for (Golden golden : GOLDEN) {
            // when / then
            assertThat(model.tokens(golden.text())).as(golden.text()).isEqualTo(golden.tokens());
        }
        assertThat(model.tokens("")).isZero();
    }

    @Test
    void blankTextIsRefused() {
        // when / then
        assertThatThrownBy(() -> model.embed("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.embedAll(List.of("fine", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedHandleRefusesWorkWhileOthersGoOn() {
        // given
        MiniLm other = MiniLm.load();
        // when
        other.close();
        // then
        assertThatThrownBy(() -> other.embed("text")).isInstanceOf(IllegalStateException.class);
        assertThat(model.embed("text")).hasSize(MiniLm.DIMENSIONS);
    }
}
