package cqrs.workbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.City;
import cqrs.workbook.org.CountryCode;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.org.Website;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;


/** The phone number, shared by both aggregates: a valid one keeps its value, an invalid one cannot be made. */
class PhoneNumberTest {

    @Nested
    class APhoneNumber {

        @ParameterizedTest
        @ValueSource(strings = {
                "+6591234567",   // Singapore mobile
                "+6581234567",   // Singapore mobile
                "+60123456789",  // Malaysian mobile
                "+61412345678",  // Australian mobile
                "+14155552671"   // North America: fixed line or mobile, the plan does not tell
        })
        void is_a_valid_number_that_can_receive_sms(String value) {
            assertThat(PhoneNumber.of(value).value()).isEqualTo(value);
            assertThat(PhoneNumber.of(value)).hasToString(value);
        }

        @ParameterizedTest
        @CsvSource({
                "+6591234567, SG", "+60123456789, MY", "+61412345678, AU", "+14155552671, US"
        })
        void knows_its_country(String value, String country) {
            assertThat(PhoneNumber.of(value).country()).isEqualTo(country);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "+449090901234",  // UK premium rate
                "+448001234567",  // UK freephone
                "+18005550123",   // North American toll free
                "+6561234567",    // Singapore fixed line
                "+6531234567"     // Singapore VoIP
        })
        void refuses_numbers_that_cannot_receive_sms(String value) {
            assertThatThrownBy(() -> PhoneNumber.of(value)).isInstanceOf(InvalidValue.class)
                    .hasMessageContaining("cannot receive SMS");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "+6599123456",    // +6599 is no Singapore range
                "+6512345678",
                "+0123456789",    // no country code starts with 0
                "+12345678"
        })
        void refuses_numbers_outside_every_numbering_plan(String value) {
            assertThatThrownBy(() -> PhoneNumber.of(value)).isInstanceOf(InvalidValue.class);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "+1234567890123456",  // 16 digits
                "6591234567",         // no plus
                "++6591234567",
                "+65 9123 4567",
                " +6591234567",
                "+6591234567 ",
                "+65-91234567",
                "+659123456a",
                "+٦٥٩١٢٣٤٥٦٧"         // Arabic-Indic digits are digits, but not E.164
        })
        void refuses_anything_not_in_e164_form(String value) {
            assertThatThrownBy(() -> PhoneNumber.of(value)).isInstanceOf(InvalidValue.class);
        }

        @Test
        void a_recorded_number_is_read_back_whatever_today_s_plan_says() {
            assertThat(PhoneNumber.recorded("+6599123456").value()).isEqualTo("+6599123456");
            assertThatThrownBy(() -> PhoneNumber.recorded("6599123456")).isInstanceOf(InvalidValue.class);
        }

        @Test
        void equal_numbers_are_equal_values() {
            assertThat(PhoneNumber.of("+6591234567")).isEqualTo(PhoneNumber.recorded("+6591234567"));
        }
    }

}
