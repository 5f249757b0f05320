package io.nhp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.compute.Work;
import io.nhp.embeddings.Agreement;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What simulated phones answer an embeddings lease: the model's vector bit for bit, or one agreement refuses. */
class EmbeddingAnswersTest {

    private static final String TEXT = "Phones compute while their owners sleep.";
    private static MiniLm model;
    private static EmbeddingAnswers answers;

    @BeforeAll
    static void loadModel() {
        model = MiniLm.load();
        answers = new EmbeddingAnswers(CompletableFuture.completedFuture(new EmbeddingCompute(model)));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void anHonestPhoneAnswersTheModelsVectorBitForBit() {
        // when
        Output answer = answers.honest(new Work("embeddings", TEXT, MiniLm.MODEL_ID));
        // then: the in-process model's vector, its Base64 and the SHA-256 of its bytes
        float[] expected = model.embed(TEXT);
        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.output()).isEqualTo(Vectors.toBase64(expected));
        assertThat(Vectors.fromBase64(answer.output())).containsExactly(expected);
        assertThat(answer.outputHash()).isEqualTo(Vectors.sha256Hex(Vectors.toBytes(expected)));
    }

    @Test
    void aRepeatedInputIsAnsweredFromTheCacheWithTheSameVector() {
        // given
        Work work = new Work("embeddings", "the same text twice", null);
        Output first = answers.honest(work);
        // when
        Output again = answers.honest(work);
        // then: the very answer computed once
        assertThat(again).isSameAs(first);
        assertThat(again.output()).isEqualTo(Vectors.toBase64(model.embed("the same text twice")));
    }

    @Test
    void aDishonestPhoneAnswersAWellFormedVectorThatAgreementRefuses() {
        // when
        Output answer = answers.dishonest(new Work("embeddings", TEXT, MiniLm.MODEL_ID), new Random(7));
        // then: on the wire it looks like a real answer: 384 finite float32 of unit length, hash of its bytes
        float[] wrong = Vectors.fromBase64(answer.output());
        assertThat(answer.succeeded()).isTrue();
        assertThat(wrong).hasSize(MiniLm.DIMENSIONS);
        assertThat(Math.sqrt(dot(wrong, wrong))).isCloseTo(1.0, offset(1e-5));
        assertThat(answer.outputHash()).isEqualTo(Vectors.sha256Hex(Vectors.toBytes(wrong)));
        // and agreement with the real vector (what the broker checks between two phones) fails
        float[] real = model.embed(TEXT);
        assertThat(Agreement.agree(wrong, real)).isFalse();
        assertThat(Agreement.cosine(wrong, real)).isLessThan(Agreement.MIN_COSINE);
    }

    @Test
    void everyDishonestAnswerOfManyFailsAgreement() {
        // given: many dishonest phones (seeds) answering the same text
        float[] real = model.embed(TEXT);
        Random random = new Random(11);
        for (int phone = 0; phone < 200; phone++) {
            // when
            float[] wrong = Vectors.fromBase64(answers.dishonest(new Work("embeddings", TEXT, null), random).output());
            // then
            assertThat(Agreement.agree(wrong, real)).as("dishonest answer %d", phone).isFalse();
        }
    }

    @Test
    void aLeaseWithoutInputOrOfAnotherModelFailsWithItsReason() {
        assertThat(answers.honest(new Work("inference_text", null, null)).succeeded()).isFalse();
        Output otherModel = answers.dishonest(new Work("embeddings", TEXT, "bge-large"), new Random(1));
        assertThat(otherModel.succeeded()).isFalse();
        assertThat(otherModel.reason()).contains("bge-large");
        assertThat(otherModel.output()).isNull();
    }

    @Test
    void aModelThatDidNotLoadGivesFailuresNotExceptions() {
        // given
        EmbeddingAnswers unloaded = new EmbeddingAnswers(
                CompletableFuture.failedFuture(new IllegalStateException("no writable java.io.tmpdir")));
        // when
        Output answer = unloaded.honest(new Work("embeddings", TEXT, null));
        // then
        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.reason()).contains("no writable java.io.tmpdir");
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
