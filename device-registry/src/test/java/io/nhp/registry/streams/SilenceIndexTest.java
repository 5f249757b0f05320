package io.nhp.registry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SilenceIndexTest {

    private final SilenceIndex index = new SilenceIndex();

    @Test
    void shouldFindTheDevicesWhoseDeadlinePassedOnceEach() {
        index.heard("a", 100);
        index.heard("b", 200);
        index.heard("c", 300);

        assertThat(index.due(250)).containsExactly("a", "b");
        assertThat(index.due(250)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void shouldMoveADeviceHeardAgainToTheBack() {
        index.heard("a", 100);
        index.heard("b", 200);

        index.heard("a", 300);

        assertThat(index.due(250)).containsExactly("b");
        assertThat(index.due(300)).containsExactly("a");
    }

    @Test
    void shouldForgetARemovedDevice() {
        index.heard("a", 100);
        index.forget("a");

        assertThat(index.due(1_000)).isEmpty();
        assertThat(index.size()).isZero();
    }
}
