package io.nhp.sim;

import io.nhp.agent.PartnerKey;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Prints a partner-signed token, as a partner's backend would issue it (behind {@code ./nhp token}):
 * <pre>
 *   enroll &lt;partner&gt; &lt;ownerId&gt; [model] [market]   an enrollment token (15 minutes; default Xiaomi 14, India)
 *   owner  &lt;partner&gt; &lt;ownerId&gt;                    an owner credential (24 hours)
 * </pre>
 * Signed with {@code NHP_PARTNER_SIGNING_KEY} (PKCS#8 PEM) under key id {@code NHP_PARTNER_KEY_ID}; by default the
 * development key {@value PartnerKey#DEV_KEY}, kid {@value PartnerKey#DEV_KEY_ID}.
 */
public final class MintToken {

    private MintToken() {
    }

    public static void main(String[] args) {
        String usage = "usage: token enroll <partner> <ownerId> [model] [market] | token owner <partner> <ownerId>";
        if (args.length < 3 || !(args[0].equals("enroll") && args.length <= 5 || args[0].equals("owner") && args.length == 3)) {
            System.err.println(usage);
            System.exit(2);
        }
        String keyFile = System.getenv("NHP_PARTNER_SIGNING_KEY");
        String keyId = System.getenv().getOrDefault("NHP_PARTNER_KEY_ID", PartnerKey.DEV_KEY_ID);
        PartnerKey key = keyFile == null || keyFile.isBlank() ? PartnerKey.dev() : PartnerKey.load(Path.of(keyFile), keyId);
        String token = args[0].equals("enroll")
                ? key.enrollment(args[1], args[2], args.length > 3 ? args[3] : "Xiaomi 14",
                        args.length > 4 ? args[4] : "India", PartnerKey.ENROLLMENT_LIFETIME)
                : key.owner(args[1], args[2], Duration.ofHours(24));
        System.out.println(token);
    }
}
