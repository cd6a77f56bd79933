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


/** The OTP aggregate's value objects: a valid one keeps its value, an invalid one cannot be made. */
class OtpValueObjectsTest {

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
            assertThat(new OtpState.Pending("otp-1", hash, at, 3, List.of(at), List.of(), List.of(hash)).toString()).doesNotContain(hex);
        }
    }

}
