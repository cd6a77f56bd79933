package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;
import java.net.URI;
import java.net.URISyntaxException;

/** An absolute http or https URL with a host, up to 200 characters. */
public record Website(String value) {

    public static final int MAX_LENGTH = 200;

    public Website {
        if (value == null || value.length() > MAX_LENGTH) {
            throw new InvalidValue("must be an absolute http(s) URL of at most " + MAX_LENGTH + " characters");
        }
        Text.refuseInvisible(value);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
                throw new InvalidValue("must be an absolute http(s) URL with a host");
            }
            // https://acme.example@evil.example/ reads as Acme's site but leads to evil.example.
            if (uri.getRawUserInfo() != null) {
                throw new InvalidValue("must not hold user info (user:password@ before the host)");
            }
        } catch (URISyntaxException e) {
            throw new InvalidValue("must be an absolute http(s) URL: " + e.getReason());
        }
    }

    public static Website of(String value) {
        return new Website(value);
    }
}
