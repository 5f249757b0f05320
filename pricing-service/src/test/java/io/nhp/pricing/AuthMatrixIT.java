package io.nhp.pricing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import io.nhp.kafka.testkit.Caller;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md's "Who reads what" for pricing-service, against every kind of caller: reference data is public, its
 * writes are ops'. A write ops may make is sent with a field no item has, so that passing the credential check shows
 * as the validation's 400 and nothing changes.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthMatrixIT {

    /** A valid credential of pricing-service's without the admin role (the test profile's reader client). */
    static final String READER = "test-reader-token";

    static Stream<Arguments> matrix() {
        return Stream.concat(Stream.of(Caller.values()).map(Enum::name), Stream.of("READER")).flatMap(caller -> Stream.of(
                Arguments.of("GET", "/api/v1/prices/cloud/aws_h100", caller, 200),
                Arguments.of("GET", "/api/v1/prices/cloud/aws_h100/history", caller, 200),
                Arguments.of("GET", "/api/v1/partners/xiaomi", caller, 200),
                Arguments.of("GET", "/api/v1/regions", caller, 200),
                Arguments.of("PUT", "/api/v1/prices/cloud/aws_h100", caller, write(caller)),
                Arguments.of("PUT", "/api/v1/regions/india", caller, write(caller)),
                Arguments.of("PUT", "/api/v1/token-tiers/moderate", caller, write(caller)),
                Arguments.of("PUT", "/api/v1/task-types/inference_text", caller, write(caller)),
                Arguments.of("PUT", "/api/v1/partners/xiaomi", caller, write(caller)),
                Arguments.of("POST", "/api/v1/partners", caller, write(caller))));
    }

    /** Ops get past the credential check (and are refused the field); a reader is 403; anyone else 401. */
    private static int write(String caller) {
        return caller.equals("OPS") ? 400 : caller.equals("READER") ? 403 : 401;
    }

    @ParameterizedTest(name = "{0} {1} as {2} → {3}")
    @MethodSource("matrix")
    void shouldAnswerEachCallerAsSecurityMdSays(String method, String path, String caller, int status) {
        RequestSpecification request = method.equals("GET") ? given()
                : given().contentType("application/json").body("{\"no_such_field\": 1}");
        String token = caller.equals("READER") ? READER : Caller.valueOf(caller).token;
        if (token != null) {
            request.auth().oauth2(token);
        }
        ValidatableResponse response = request.request(method, path).then().statusCode(status);
        if (status >= 400) {
            response.contentType(startsWith("application/problem+json"));
        }
        if (status == 401) {
            response.header("WWW-Authenticate", startsWith("Bearer"));
        }
    }
}
