package cqrs.workbook.kernel;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A phone number that can receive an SMS, in E.164 form ({@code +6591234567}). Shared by
 * otp and org. The form alone proves little: {@code +0…} or a premium-rate number is
 * well-formed too, and a system that texts whatever it is given pays for toll fraud. So the
 * number is checked against Google's libphonenumber metadata: it must exist in its
 * country's numbering plan and be of a type that receives SMS.
 */
public final class PhoneNumber {

    /** The types a text message can reach; premium-rate, shared-cost, VoIP, pagers... cannot. */
    public static final Set<PhoneNumberType> TEXTABLE =
            Set.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final PhoneNumberUtil NUMBERING_PLANS = PhoneNumberUtil.getInstance();

    private final String value;

    private PhoneNumber(String value) {
        if (value == null || !E164.matcher(value).matches()) {
            throw new InvalidValue("must be an E.164 phone number: "
                    + "+ then the country code and number, digits only");
        }
        this.value = value;
    }

    // tag::phone[]
    /** A number given now, by a client: it must be one that can receive SMS today. */
    public static PhoneNumber of(String value) {
        PhoneNumber phone = new PhoneNumber(value);
        Phonenumber.PhoneNumber parsed = parse(value);
        if (!NUMBERING_PLANS.isValidNumber(parsed)
                || !NUMBERING_PLANS.format(parsed, PhoneNumberFormat.E164).equals(value)) {
            throw new InvalidValue("is not a valid phone number in its country's numbering plan");
        }
        PhoneNumberType type = NUMBERING_PLANS.getNumberType(parsed);
        if (!TEXTABLE.contains(type)) {
            throw new InvalidValue("is a " + type.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " number, which cannot receive SMS; give a mobile number");
        }
        return phone;
    }
    // end::phone[]

    /**
     * A number read back from the event store or a view: it was valid when it was recorded.
     * Numbering plans change (libphonenumber's metadata with them), and a stored fact must
     * stay readable whatever today's rules say, so only its form is checked here.
     */
    public static PhoneNumber recorded(String value) {
        return new PhoneNumber(value);
    }

    public String value() {
        return value;
    }

    /** The ISO 3166-1 alpha-2 code of the number's country ({@code SG}), as the numbering plan says. */
    public String country() {
        return NUMBERING_PLANS.getRegionCodeForNumber(parse(value));
    }

    /**
     * Loads the numbering plans of these countries now: libphonenumber reads each country's
     * metadata on first use, which costs tens of milliseconds that a cold start should pay
     * at init (and SnapStart then keeps in its snapshot), not on a client's first request.
     * Answers the codes that libphonenumber does not know.
     */
    public static Set<String> preload(Set<String> countries) {
        return Set.copyOf(countries.stream()
                .filter(country -> NUMBERING_PLANS.getExampleNumberForType(country, PhoneNumberType.MOBILE) == null)
                .toList());
    }

    private static Phonenumber.PhoneNumber parse(String value) {
        try {
            return NUMBERING_PLANS.parse(value, null);
        } catch (NumberParseException invalid) {
            throw new InvalidValue("is not a valid phone number: no country has the code it starts with");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhoneNumber phone && phone.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
