package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;
import java.util.Locale;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code, upper case, as the JDK's own list knows them. */
public record CountryCode(String value) {

    private static final Set<String> ISO_3166_ALPHA_2 = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    public CountryCode {
        if (value == null || !ISO_3166_ALPHA_2.contains(value)) {
            throw new InvalidValue("must be an ISO 3166-1 alpha-2 country code, upper case, such as SG");
        }
    }

    public static CountryCode of(String value) {
        return new CountryCode(value);
    }
}
