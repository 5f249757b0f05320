package io.nhp.service.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Proxy;

/** HTTP requests as a bearer mechanism sees them: only their {@code Authorization} header and query parameters. */
final class Requests {

    private Requests() {
    }

    /** A request with this Authorization header and access_token parameter (either may be null). */
    static RoutingContext request(String authorization, String accessToken) {
        HttpServerRequest request = (HttpServerRequest) Proxy.newProxyInstance(Requests.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Authorization".equalsIgnoreCase(String.valueOf(args[0])) ? authorization : null;
                    case "getParam" -> AccessTokenMechanism.ACCESS_TOKEN.equals(args[0]) ? accessToken : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (RoutingContext) Proxy.newProxyInstance(Requests.class.getClassLoader(),
                new Class<?>[] {RoutingContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("request")) {
                        return request;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A request with this Authorization header only. */
    static RoutingContext withAuthorization(String authorization) {
        return request(authorization, null);
    }
}
