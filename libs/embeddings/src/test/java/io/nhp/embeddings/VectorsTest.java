package io.nhp.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

    // hand-computed: 1.0f = 0x3F800000, -2.5f = 0xC0200000, 0.1f = 0x3DCCCCCD, each least significant byte first
    static final float[] EXAMPLE = {1.0f, -2.5f, 0.1f};
    static final String EXAMPLE_HEX = "0000803f" + "000020c0" + "cdcccc3d";
    static final String EXAMPLE_BASE64 = "AACAPwAAIMDNzMw9";
    static final String EXAMPLE_SHA256 = "2f9cc761bc2594fa578868daeedc59b0fc115513fae3e5dc09c4e86e50b8aaf6";

    @Test
    void bytesAreLittleEndianFloat32() {
        // when
        byte[] bytes = Vectors.toBytes(EXAMPLE);
        // then
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(EXAMPLE_HEX);
        assertThat(Vectors.fromBytes(HexFormat.of().parseHex(EXAMPLE_HEX))).containsExactly(EXAMPLE);
    }

    @Test
    void base64IsStandardBase64OfTheBytes() {
        // when / then
        assertThat(Vectors.toBase64(EXAMPLE)).isEqualTo(EXAMPLE_BASE64);
        assertThat(Vectors.fromBase64(EXAMPLE_BASE64)).containsExactly(EXAMPLE);
    }

    @Test
    void sha256IsLowercaseHexOfTheBytes() {
        // when / then
        assertThat(Vectors.sha256Hex(Vectors.toBytes(EXAMPLE))).isEqualTo(EXAMPLE_SHA256);
    }

    @Test
    void anyFiniteVectorRoundTripsBitForBit() {
        // given
        Random random = new Random(20);
        float[] v = new float[MiniLm.DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        v[0] = -0.0f;
        v[1] = Float.MIN_VALUE;
        v[2] = Float.MAX_VALUE;
        // when
        float[] back = Vectors.fromBase64(Vectors.toBase64(v));
        // then
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
        }
    }

    @Test
    void bytesNotAMultipleOfFourAreRefused() {
        // when / then
        assertThatThrownBy(() -> Vectors.fromBytes(new byte[7])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonFiniteComponentsAreRefused() {
        // given
        byte[] nan = Vectors.toBytes(new float[] {0.5f, Float.NaN});
        byte[] infinite = Vectors.toBytes(new float[] {Float.NEGATIVE_INFINITY});
        // when / then
        assertThatThrownBy(() -> Vectors.fromBytes(nan)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vectors.fromBytes(infinite)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textThatIsNotBase64IsRefused() {
        // when / then
        assertThatThrownBy(() -> Vectors.fromBase64("not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vectors.fromBase64("AACAPwAAIMDNzMw9".replace('+', '-') + "_-"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
