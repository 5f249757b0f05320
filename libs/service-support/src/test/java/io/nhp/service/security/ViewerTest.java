package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nhp.service.ProblemException;
import org.junit.jupiter.api.Test;

/** Who may read a partner's figures or an owner's earnings: 401 without a credential, 403 with someone else's. */
class ViewerTest {

    static final Viewer XIAOMI = new Viewer(true, false, "xiaomi", null, null);
    static final Viewer OPS = new Viewer(true, true, null, null, null);
    static final Viewer OWNER = new Viewer(true, false, null, "o-1", "xiaomi");

    @Test
    void shouldAskForACredentialWith401AndAChallengeWhenThereIsNone() {
        var refused = catchThrowableOfType(ProblemException.class, () -> Viewer.ANONYMOUS.require("xiaomi"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void shouldRefuseAnotherPartnersFiguresWith403() {
        var refused = catchThrowableOfType(ProblemException.class, () -> XIAOMI.require("samsung"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers()).doesNotContainKey("WWW-Authenticate");
        assertThat(refused).hasMessage("a partner may only read its own figures");
        assertThatCode(() -> XIAOMI.require("xiaomi")).doesNotThrowAnyException();
        assertThatCode(() -> OPS.require("samsung")).doesNotThrowAnyException();
    }

    @Test
    void shouldLetAnOwnerReadOnlyItsOwnPhonesAtItsOwnPartner() {
        assertThatCode(() -> OWNER.requireOwner("o-1", "xiaomi")).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(ProblemException.class, () -> OWNER.requireOwner("o-2", "xiaomi")).status())
                .isEqualTo(403);
        assertThat(OWNER.seesOwner("o-1", null)).as("every partner's phones: ops only").isFalse();
        assertThat(OWNER.sees("xiaomi")).as("an owner is not its partner").isFalse();
        assertThat(new Viewer(true, false, null, Viewer.UNKNOWN_OWNER, "xiaomi").seesOwner(Viewer.UNKNOWN_OWNER, "xiaomi"))
                .as("devices without an owner are ops' to read").isFalse();
    }
}
