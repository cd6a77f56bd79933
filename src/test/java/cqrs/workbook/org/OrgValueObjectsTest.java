package cqrs.workbook.org;

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


/** The org aggregate's value objects: a valid one keeps its value, an invalid one cannot be made. */
class OrgValueObjectsTest {

    /** Four code points, but eight UTF-16 chars: each is outside the Basic Multilingual Plane. */
    private static final String FOUR_EMOJI = "😀😁😂🤣";

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

        /** Format characters (Cf) and the line and paragraph separators, each inside a name. */
        @ParameterizedTest
        @ValueSource(strings = {"Acme​Ltd", "Acme­Ltd", "﻿Acme", "Acme‍Ltd", "Acme⁠Ltd",
                "Acme Ltd", "Acme Ltd"})
        void refuses_format_characters_and_line_separators(String value) {
            assertThatThrownBy(() -> OrgName.of(value)).isInstanceOf(InvalidValue.class)
                    .hasMessageContaining("U+");
        }

        /** Names that look blank, or like nothing: no letter, no digit. */
        @ParameterizedTest
        @ValueSource(strings = {"　", "  ", "...", "-", "́", "⠀"})
        void refuses_text_without_a_letter_or_digit(String value) {
            assertThatThrownBy(() -> OrgName.of(value)).isInstanceOf(InvalidValue.class);
        }

        @Test
        void takes_letters_and_digits_of_any_script() {
            assertThat(OrgName.of("株式会社 7").value()).isEqualTo("株式会社 7");
            assertThat(OrgName.of("Ωμέγα").value()).isEqualTo("Ωμέγα");
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
            String hundredEmoji = "A" + FOUR_EMOJI.repeat(25).substring(2); // a letter, and 99 emoji
            assertThat(hundredEmoji.length()).isEqualTo(199);
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
            String eightyEmoji = "A" + FOUR_EMOJI.repeat(20).substring(2); // a letter, and 79 emoji
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
