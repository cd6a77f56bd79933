package cqrs.workbook.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How the proxy event's fields become a request: base paths, repeated headers and parameters. */
class HttpRequestTest {

    private static HttpRequest.ProxyEvent event(String path, String calledPath, String stage,
                                                Map<String, String> single, Map<String, List<String>> multi,
                                                Map<String, String> query, Map<String, List<String>> multiQuery) {
        return new HttpRequest.ProxyEvent("post", path, calledPath, stage, single, multi, query, multiQuery, null, false);
    }

    private static HttpRequest.ProxyEvent event(String path, String calledPath, String stage) {
        return event(path, calledPath, stage, null, null, null, null);
    }

    @ParameterizedTest(name = "{0} called as {1}, stage {2}: base {3}")
    @CsvSource(nullValues = "null", value = {
            "/orgs, /Prod/orgs, Prod, /Prod",          // the API's own domain: the stage
            "/orgs, /v1/orgs, Prod, /v1",              // a custom domain with the base path v1
            "/orgs, /orgs, Prod, ''",                  // a custom domain without a base path
            "/orgs, null, Prod, /Prod",                // no path in the context: the stage
            "/orgs, null, $default, ''",               // an HTTP API's default stage has no path
            "/orgs, /elsewhere, Prod, ''"              // a path that does not end with the route's
    })
    void keeps_what_came_before_the_resource_path(String path, String called, String stage, String base)
            throws HttpApi.BadRequest {
        HttpRequest request = HttpRequest.from(event(path, called, stage));
        assertThat(request.basePath()).isEqualTo(base);
        assertThat(request.link("/orgs/42")).isEqualTo(base + "/orgs/42");
        assertThat(request.method()).isEqualTo("POST");
    }

    @Test
    void reads_every_value_of_a_repeated_header_case_blind() throws HttpApi.BadRequest {
        HttpRequest request = HttpRequest.from(event("/orgs/1", "/orgs/1", "Prod",
                Map.of("If-None-Match", "\"1\""), Map.of("if-none-match", List.of("\"2\"", "\"1\"")), null, null));
        assertThat(request.header("If-None-Match")).contains("\"2\", \"1\"");
    }

    @Test
    void refuses_a_query_parameter_given_twice() throws HttpApi.BadRequest {
        HttpRequest request = HttpRequest.from(event("/otp", "/otp", "Prod", null, null,
                Map.of("phone", "+6598765432"), Map.of("phone", List.of("+6591234567", "+6598765432"))));
        assertThatThrownBy(() -> request.queryParameter("phone")).isInstanceOf(HttpApi.BadRequest.class);
        assertThat(request.queryParameter("other")).isEmpty();
    }

    @Test
    void reads_the_single_value_fields_when_no_multi_value_ones_came() throws HttpApi.BadRequest {
        HttpRequest request = HttpRequest.from(event("/otp", "/otp", "Prod",
                Map.of("Content-Type", "application/json"), null, Map.of("phone", "+6591234567"), null));
        assertThat(request.header("content-type")).contains("application/json");
        assertThat(request.queryParameter("phone")).contains("+6591234567");
    }
}
