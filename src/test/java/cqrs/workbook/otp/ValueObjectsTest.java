package cqrs.workbook.otp;

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

/** The value objects: a valid one keeps its value, an invalid one cannot be made. */
class ValueObjectsTest {

    /** Four code points, but eight UTF-16 chars: each is outside the Basic Multilingual Plane. */
    private static final String FOUR_EMOJI = "😀😁😂🤣";

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

    @Nested
    class AnOtpCode {

        @ParameterizedTest
        @ValueSource(strings = {"000000", "123456", "999999"})
        void is_exactly_six_digits(String digits) {
            assertThat(OtpCode.of(digits).digits()).isEqualTo(digits);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"12345", "1234567", "12345a", " 123456", "123456 ", "123 456", "１２３４５６", "٠١٢٣٤٥"})
        void refuses_anything_else(String digits) {
            assertThatThrownBy(() -> OtpCode.of(digits)).isInstanceOf(InvalidValue.class);
        }

        @Test
        void never_shows_its_digits() {
            OtpCode code = OtpCode.of("482916");
            assertThat(code.toString()).doesNotContain("482916").isEqualTo("OtpCode[******]");
            assertThat(List.of(code).toString()).doesNotContain("482916");
        }

        @Test
        void its_error_message_does_not_echo_the_input() {
            assertThatThrownBy(() -> OtpCode.of("48291"))
                    .isInstanceOf(InvalidValue.class)
                    .message().doesNotContain("48291");
        }
    }

    @Nested
    class ACodeHash {

        private static final String HEX_A = "aa".repeat(32);
        private static final String HEX_B = "bb".repeat(32);

        @Test
        void keeps_its_hex() {
            assertThat(new CodeHash("1", HEX_A).hex()).isEqualTo(HEX_A);
        }

        @ParameterizedTest
        @ValueSource(strings = {"zz", "a", "0x" + "aa", "aa bb"})
        void refuses_what_is_not_hex(String hex) {
            assertThatThrownBy(() -> new CodeHash("1", hex)).isInstanceOf(RuntimeException.class);
        }

        @Test
        void matches_the_same_hash_only() {
            assertThat(new CodeHash("1", HEX_A).matches(new CodeHash("1", "aa".repeat(32)))).isTrue();
            assertThat(new CodeHash("1", HEX_A).matches(new CodeHash("1", HEX_B))).isFalse();
            assertThat(new CodeHash("1", HEX_A).matches(new CodeHash("1", "aa".repeat(31)))).isFalse();
        }

        @Test
        void matches_only_a_hash_made_with_the_same_key() {
            assertThat(new CodeHash("1", HEX_A).matches(new CodeHash("2", HEX_A))).isFalse();
            assertThat(new CodeHash("1", HEX_A).matchesAny(List.of(new CodeHash("2", HEX_B), new CodeHash("1", HEX_A))))
                    .isTrue();
            assertThat(new CodeHash("1", HEX_A).matchesAny(List.of(new CodeHash("2", HEX_A)))).isFalse();
        }

        @Test
        void never_shows_its_hex() {
            CodeHash hash = new CodeHash("1", "0123456789abcdef".repeat(4));
            assertThat(hash.toString()).doesNotContain("0123456789abcdef").isEqualTo("CodeHash[1, redacted]");
        }

        @Test
        void does_not_leak_through_the_events_and_commands_that_carry_it() {
            String hex = "0123456789abcdef".repeat(4);
            CodeHash hash = new CodeHash("1", hex);
            Instant at = Instant.parse("2025-03-01T09:00:00Z");
            PhoneNumber phone = PhoneNumber.of("+6591234567");

            assertThat(new OtpEvent.OtpIssued("otp-1", hash, at, at, List.of(at)).toString()).doesNotContain(hex);
            assertThat(new OtpCommand.IssueOtp(phone, "otp-1", hash, at).toString()).doesNotContain(hex);
            assertThat(new OtpCommand.VerifyOtp(phone, List.of(hash), at).toString()).doesNotContain(hex);
            assertThat(new OtpState.Pending("otp-1", hash, at, 3, List.of(at)).toString()).doesNotContain(hex);
        }
    }

    @Nested
    class AnOrgName {

        @Test
        void is_kept_in_nfc_so_that_one_name_has_one_form() {
            String decomposed = "Cafe\u0301 Pte Ltd";   // e + combining acute accent
            String composed = "Caf\u00e9 Pte Ltd";
            assertThat(OrgName.of(decomposed)).isEqualTo(OrgName.of(composed));
            assertThat(OrgName.of(decomposed).value()).isEqualTo(composed);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Acme\u0000Ltd", "Acme\nLtd", "Acme\u001b[2JLtd", "Acme\u202eLtd",
                "Acme\u2066Ltd", "Acme\u200fLtd", "Acme\ud800Ltd"})
        void refuses_control_and_bidirectional_formatting_characters(String value) {
            assertThatThrownBy(() -> OrgName.of(value)).isInstanceOf(InvalidValue.class)
                    .hasMessageContaining("U+");
        }


        @Test
        void is_kept_trimmed() {
            assertThat(OrgName.of("  Acme Pte. Ltd.\t\n").value()).isEqualTo("Acme Pte. Ltd.");
        }

        @Test
        void keeps_inner_spaces() {
            assertThat(OrgName.of(" Acme   Holdings ").value()).isEqualTo("Acme   Holdings");
        }

        @Test
        void may_be_one_character() {
            assertThat(OrgName.of("A").value()).isEqualTo("A");
        }

        @Test
        void may_be_100_characters_not_counting_the_blanks_around() {
            String hundred = "a".repeat(100);
            assertThat(OrgName.of("   " + hundred + "   ").value()).isEqualTo(hundred);
        }

        @Test
        void may_not_be_101_characters() {
            assertThatThrownBy(() -> OrgName.of("a".repeat(101))).isInstanceOf(InvalidValue.class);
        }

        @Test
        void counts_characters_as_code_points_not_utf16_chars() {
            String hundredEmoji = FOUR_EMOJI.repeat(25);
            assertThat(hundredEmoji.length()).isEqualTo(200);
            assertThat(OrgName.of(hundredEmoji).value()).isEqualTo(hundredEmoji);
            assertThatThrownBy(() -> OrgName.of(hundredEmoji + "😀")).isInstanceOf(InvalidValue.class);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "   ", "\t\n", "\u2003"})
        void may_not_be_blank(String value) {
            assertThatThrownBy(() -> OrgName.of(value)).isInstanceOf(InvalidValue.class);
        }

        @Test
        void names_equal_once_trimmed_are_equal() {
            assertThat(OrgName.of(" Acme ")).isEqualTo(OrgName.of("Acme"));
        }
    }

    @Nested
    class ACity {

        @Test
        void is_kept_trimmed() {
            assertThat(City.of("  Singapore ").value()).isEqualTo("Singapore");
        }

        @Test
        void may_be_80_characters_but_not_81() {
            assertThat(City.of("b".repeat(80)).value()).hasSize(80);
            assertThatThrownBy(() -> City.of("b".repeat(81))).isInstanceOf(InvalidValue.class);
        }

        @Test
        void counts_characters_as_code_points_not_utf16_chars() {
            String eightyEmoji = FOUR_EMOJI.repeat(20);
            assertThat(City.of(" " + eightyEmoji + " ").value()).isEqualTo(eightyEmoji);
            assertThatThrownBy(() -> City.of(eightyEmoji + "😀")).isInstanceOf(InvalidValue.class);
        }

        @Test
        void keeps_accents_and_other_scripts() {
            assertThat(City.of("São Paulo").value()).isEqualTo("São Paulo");
            assertThat(City.of("東京").value()).isEqualTo("東京");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "\t"})
        void may_not_be_blank(String value) {
            assertThatThrownBy(() -> City.of(value)).isInstanceOf(InvalidValue.class);
        }
    }

    @Nested
    class ACountryCode {

        @ParameterizedTest
        @ValueSource(strings = {"SG", "FR", "US", "JP", "BR"})
        void is_an_iso_3166_alpha_2_code(String value) {
            assertThat(CountryCode.of(value).value()).isEqualTo(value);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"sg", "Sg", "SGP", "S", "XX", "ZZ", " SG", "SG ", "UK"})
        void refuses_anything_else(String value) {
            assertThatThrownBy(() -> CountryCode.of(value)).isInstanceOf(InvalidValue.class);
        }
    }

    @Nested
    class AWebsite {

        @ParameterizedTest
        @ValueSource(strings = {"https://acme.example@evil.example/", "https://user:pass@acme.example/",
                "https://acme.example/\u202e"})
        void refuses_user_info_and_invisible_characters(String value) {
            assertThatThrownBy(() -> Website.of(value)).isInstanceOf(InvalidValue.class);
        }


        @ParameterizedTest
        @ValueSource(strings = {
                "https://acme.example",
                "http://acme.example",
                "https://www.acme.example/about?lang=en#team",
                "HTTPS://ACME.EXAMPLE",
                "https://acme.example:8443/",
                "https://localhost"
        })
        void is_an_absolute_http_or_https_url_with_a_host(String value) {
            assertThat(Website.of(value).value()).isEqualTo(value);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "acme.example",
                "www.acme.example",
                "/about",
                "ftp://acme.example",
                "mailto:info@acme.example",
                "javascript:alert(1)",
                "https://",
                "https:///path",
                "https:acme.example",
                "https://acme example",
                " https://acme.example"
        })
        void refuses_anything_else(String value) {
            assertThatThrownBy(() -> Website.of(value)).isInstanceOf(InvalidValue.class);
        }

        @Test
        void may_be_200_characters_but_not_201() {
            String prefix = "https://acme.example/";
            String twoHundred = prefix + "p".repeat(200 - prefix.length());
            assertThat(Website.of(twoHundred).value()).hasSize(200);
            assertThatThrownBy(() -> Website.of(twoHundred + "p")).isInstanceOf(InvalidValue.class);
        }
    }

    @Nested
    class AnOrgId {

        private static final String TEXT = "6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b";

        @Test
        void is_a_uuid_and_prints_as_one() {
            OrgId id = OrgId.of(TEXT);
            assertThat(id.value()).isEqualTo(UUID.fromString(TEXT));
            assertThat(id).hasToString(TEXT);
        }

        @Test
        void accepts_upper_case_and_prints_lower_case() {
            assertThat(OrgId.of(TEXT.toUpperCase())).isEqualTo(OrgId.of(TEXT)).hasToString(TEXT);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "not-a-uuid",
                "1-1-1-1-1",                                // UUID.fromString would take it
                "6f1c2a4e8d3b4f5a9c7e0b1d2e3f4a5b",         // no dashes
                "{6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b}",
                " 6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b",
                "6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b0",
                "6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5g"
        })
        void refuses_anything_else(String text) {
            assertThatThrownBy(() -> OrgId.of(text)).isInstanceOf(InvalidValue.class);
        }

        @Test
        void cannot_be_made_without_a_uuid() {
            assertThatThrownBy(() -> new OrgId(null)).isInstanceOf(InvalidValue.class);
        }
    }
}
