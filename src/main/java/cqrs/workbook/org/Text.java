package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;
import java.text.Normalizer;
import java.util.Locale;

// tag::text[]
final class Text {

    private Text() {}

    /**
     * Normalises to NFC (so that an "é" typed as one code point or as "e" and a combining
     * accent is one and the same name), trims, refuses what would mislead a reader, then
     * checks the length in Unicode code points, as a person counts characters.
     */
    static String trimmed(String raw, int min, int max) {
        if (raw == null) {
            throw new InvalidValue("is required");
        }
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        refuseInvisible(value);
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw new InvalidValue("must be " + min + " to " + max + " characters once trimmed");
        }
        return value;
    }

    /**
     * Control characters (line breaks, escape sequences that drive a terminal) and the bidi
     * embeddings, overrides and isolates are never part of a name: after U+202E, "Acme" then
     * "dtl.exe" displays as "Acmeexe.ltd". A lone surrogate is no character at all.
     */
    static void refuseInvisible(String value) {
        value.codePoints().filter(Text::invisible).findFirst().ifPresent(cp -> {
            throw new InvalidValue("must not hold control or bidirectional-formatting characters (found U+"
                    + String.format(Locale.ROOT, "%04X", cp) + ")");
        });
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.SURROGATE
                || (cp >= 0x202A && cp <= 0x202E)    // LRE, RLE, PDF, LRO, RLO
                || (cp >= 0x2066 && cp <= 0x2069)    // LRI, RLI, FSI, PDI
                || cp == 0x200E || cp == 0x200F || cp == 0x061C; // LRM, RLM, ALM
    }
}
// end::text[]
