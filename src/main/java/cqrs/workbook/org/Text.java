package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;
import java.text.Normalizer;
import java.util.Locale;

final class Text {

    private Text() {}

    /**
     * Normalises to NFC (so that an "é" typed as one code point or as "e" and a combining
     * accent is one and the same name), trims, refuses what would mislead a reader, then
     * checks the length in Unicode code points, as a person counts characters. A name must
     * hold a letter or a digit: one of punctuation, spaces or marks alone looks blank, or
     * like nothing at all, wherever it is shown.
     */
    static String trimmed(String raw, int min, int max) {
        if (raw == null) {
            throw new InvalidValue("is required");
        }
        // tag::text[]
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        refuseInvisible(value);
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw new InvalidValue("must be " + min + " to " + max + " characters once trimmed");
        }
        if (value.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new InvalidValue("must hold at least one letter or digit");
        }
        // end::text[]
        return value;
    }

    /**
     * Control characters (line breaks, escape sequences that drive a terminal), format
     * characters (Unicode Cf: the bidi embeddings, overrides, isolates and marks, zero-width
     * spaces and joiners, soft hyphens, the byte-order mark) and the line and paragraph
     * separators are never part of a name: they are invisible, break a line where none is
     * shown, or reorder what is: after U+202E, "Acme" then "dtl.exe" displays as "Acmeexe.ltd".
     * A lone surrogate is no character at all.
     */
    static void refuseInvisible(String value) {
        value.codePoints().filter(Text::invisible).findFirst().ifPresent(cp -> {
            throw new InvalidValue(
                    "must not hold control, format or line-separator characters (found U+"
                    + String.format(Locale.ROOT, "%04X", cp) + ")");
        });
    }

    private static boolean invisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
