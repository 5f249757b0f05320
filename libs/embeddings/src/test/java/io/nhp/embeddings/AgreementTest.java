package io.nhp.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AgreementTest {

    static final String SENTENCE =
            "Idle phones charging overnight on Wi-Fi compute sentence embeddings for their manufacturer.";
    static MiniLm model;
    static float[] honest;

    @BeforeAll
    static void load() {
        model = MiniLm.load();
        honest = model.embed(SENTENCE);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void anHonestRerunAgrees() {
        // when
        float[] rerun = model.embed(SENTENCE);
        // then
        assertThat(Agreement.agree(honest, rerun)).isTrue();
        assertThat(Agreement.cosine(honest, rerun)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void floatNoiseWithinToleranceAgrees() {
        // given: another runtime's rounding, up to 1e-5 per component
        Random random = new Random(7);
        float[] noisy = honest.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) ((random.nextDouble() * 2 - 1) * 1e-5);
        }
        // when / then
        assertThat(Arrays.equals(noisy, honest)).isFalse();
        assertThat(Agreement.agree(honest, noisy)).isTrue();
    }

    @Test
    void oneComponentBeyondTheMaxDifferenceDisagrees() {
        // given
        float[] skewed = honest.clone();
        skewed[17] += 2e-3f;
        // when / then
        assertThat(Agreement.cosine(honest, skewed)).isGreaterThan(Agreement.MIN_COSINE);
        assertThat(Agreement.agree(honest, skewed)).isFalse();
    }

    @Test
    void aOneWordChangeDisagrees() {
        // given
        float[] changed = model.embed(SENTENCE.replace("manufacturer", "maker"));
        // when
        double cosine = Agreement.cosine(honest, changed);
        // then
        assertThat(cosine).isBetween(0.97, 0.99);
        assertThat(Agreement.agree(honest, changed)).isFalse();
    }

    @Test
    void aRandomUnitVectorDisagrees() {
        // given
        Random random = new Random(42);
        float[] invented = new float[MiniLm.DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < invented.length; i++) {
            invented[i] = (float) random.nextGaussian();
            norm += (double) invented[i] * invented[i];
        }
        for (int i = 0; i < invented.length; i++) {
            invented[i] /= (float) Math.sqrt(norm);
        }
        // when / then
        assertThat(Math.abs(Agreement.cosine(honest, invented))).isLessThan(0.3);
        assertThat(Agreement.agree(honest, invented)).isFalse();
    }

    @Test
    void aNonFiniteComponentDisagreesEvenWithItsOwnCopy() {
        // given
        float[] broken = honest.clone();
        broken[3] = Float.NaN;
        // when / then
        assertThat(Agreement.agree(honest, broken)).isFalse();
        assertThat(Agreement.agree(broken, broken.clone())).isFalse();
    }

    @Test
    void vectorsOfDifferentLengthsOrEmptyDisagree() {
        // when / then
        assertThat(Agreement.agree(honest, Arrays.copyOf(honest, MiniLm.DIMENSIONS - 1))).isFalse();
        assertThat(Agreement.agree(new float[0], new float[0])).isFalse();
    }
}
