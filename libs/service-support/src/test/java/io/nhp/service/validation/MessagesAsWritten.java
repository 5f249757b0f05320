package io.nhp.service.validation;

import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Locale;

/**
 * For tests that compare which constraints a body breaks, not what the messages say: messages are left as written
 * (plain Bean Validation outside Quarkus would need an expression language on the classpath to interpolate them).
 * Shared with the services' tests through this module's test jar.
 */
public final class MessagesAsWritten implements MessageInterpolator {

    /** A validator whose violations carry their message templates as written. */
    public static Validator validator() {
        return Validation.byDefaultProvider().configure().messageInterpolator(new MessagesAsWritten())
                .buildValidatorFactory().getValidator();
    }

    @Override
    public String interpolate(String template, Context context) {
        return template;
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
        return template;
    }
}
