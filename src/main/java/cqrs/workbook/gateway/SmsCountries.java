package cqrs.workbook.gateway;

import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import java.util.Set;
import java.util.TreeSet;

/**
 * The countries the system may send SMS to ({@code SMS_COUNTRIES}). Every phone number that
 * would receive a text passes here before a command exists: the phone of {@code POST /otp},
 * and an org's {@code contactPhone}, which the event handler texts on its own. A number of
 * another country is a 400 on its field, so nothing is stored and nothing is sent.
 */
public record SmsCountries(Set<String> countries) {

    public SmsCountries {
        countries = Set.copyOf(new TreeSet<>(countries));
        if (countries.isEmpty()) {
            throw new IllegalArgumentException("SMS_COUNTRIES names no country");
        }
        Set<String> unknown = PhoneNumber.preload(countries);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("SMS_COUNTRIES holds codes of no numbering plan: "
                    + unknown);
        }
    }

    /** A phone number that the system may text; for {@link JsonBody#required} and friends. */
    public PhoneNumber textable(String value) {
        PhoneNumber phone = PhoneNumber.of(value);
        if (!countries.contains(phone.country())) {
            throw new InvalidValue("is a number of " + phone.country() + "; SMS are sent only to "
                    + String.join(", ", new TreeSet<>(countries)));
        }
        return phone;
    }
}
